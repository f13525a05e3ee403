#include "render/markdown.hpp"

#include <md4c.h>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "render/html_escape.hpp"

namespace townhall::render {

using core::append_utf8;

namespace {

// Raw HTML is off (shown as text), tables are off (a comment is not a
// document). Bare e-mail addresses are deliberately not auto-linked: readers
// mention addresses in passing, and turning them into mailto: links makes a
// comment section a better harvest for spammers; an explicit
// <mailto:someone@example.com> or [text](mailto:...) still becomes a link.
constexpr unsigned kParserFlags =
    MD_FLAG_NOHTML | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEURLAUTOLINKS | MD_FLAG_PERMISSIVEWWWAUTOLINKS;

// Reader-supplied links must not pass on ranking (nofollow, ugc) nor give the
// opened page a handle on ours (noopener).
constexpr std::string_view kLinkAttributes = R"( rel="nofollow ugc noopener" target="_blank")";
constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";
constexpr std::string_view kAllowedSchemes[] = {"http:", "https:", "mailto:"};
// md4c turns a bare "www.example.com" into "http://www.example.com"; we
// prefer the secure scheme, which every site worth linking to serves.
constexpr std::string_view kWwwAutolinkPrefix = "http://";
constexpr std::string_view kSecurePrefix = "https://";
constexpr char32_t kMaxCodePoint = 0x10FFFF;

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

// The HTML 4 entity set plus &apos;: what people actually type. Sorted by
// name (byte order) for binary search. Entities outside it are shown as typed.
constexpr NamedEntity kNamedEntities[] = {
    {"AElig", 0x00C6},    {"Aacute", 0x00C1},  {"Acirc", 0x00C2},   {"Agrave", 0x00C0},  {"Alpha", 0x0391},
    {"Aring", 0x00C5},    {"Atilde", 0x00C3},  {"Auml", 0x00C4},    {"Beta", 0x0392},    {"Ccedil", 0x00C7},
    {"Chi", 0x03A7},      {"Dagger", 0x2021},  {"Delta", 0x0394},   {"ETH", 0x00D0},     {"Eacute", 0x00C9},
    {"Ecirc", 0x00CA},    {"Egrave", 0x00C8},  {"Epsilon", 0x0395}, {"Eta", 0x0397},     {"Euml", 0x00CB},
    {"Gamma", 0x0393},    {"Iacute", 0x00CD},  {"Icirc", 0x00CE},   {"Igrave", 0x00CC},  {"Iota", 0x0399},
    {"Iuml", 0x00CF},     {"Kappa", 0x039A},   {"Lambda", 0x039B},  {"Mu", 0x039C},      {"Ntilde", 0x00D1},
    {"Nu", 0x039D},       {"OElig", 0x0152},   {"Oacute", 0x00D3},  {"Ocirc", 0x00D4},   {"Ograve", 0x00D2},
    {"Omega", 0x03A9},    {"Omicron", 0x039F}, {"Oslash", 0x00D8},  {"Otilde", 0x00D5},  {"Ouml", 0x00D6},
    {"Phi", 0x03A6},      {"Pi", 0x03A0},      {"Prime", 0x2033},   {"Psi", 0x03A8},     {"Rho", 0x03A1},
    {"Scaron", 0x0160},   {"Sigma", 0x03A3},   {"THORN", 0x00DE},   {"Tau", 0x03A4},     {"Theta", 0x0398},
    {"Uacute", 0x00DA},   {"Ucirc", 0x00DB},   {"Ugrave", 0x00D9},  {"Upsilon", 0x03A5}, {"Uuml", 0x00DC},
    {"Xi", 0x039E},       {"Yacute", 0x00DD},  {"Yuml", 0x0178},    {"Zeta", 0x0396},    {"aacute", 0x00E1},
    {"acirc", 0x00E2},    {"acute", 0x00B4},   {"aelig", 0x00E6},   {"agrave", 0x00E0},  {"alefsym", 0x2135},
    {"alpha", 0x03B1},    {"amp", 0x0026},     {"and", 0x2227},     {"ang", 0x2220},     {"apos", 0x0027},
    {"aring", 0x00E5},    {"asymp", 0x2248},   {"atilde", 0x00E3},  {"auml", 0x00E4},    {"bdquo", 0x201E},
    {"beta", 0x03B2},     {"brvbar", 0x00A6},  {"bull", 0x2022},    {"cap", 0x2229},     {"ccedil", 0x00E7},
    {"cedil", 0x00B8},    {"cent", 0x00A2},    {"chi", 0x03C7},     {"circ", 0x02C6},    {"clubs", 0x2663},
    {"cong", 0x2245},     {"copy", 0x00A9},    {"crarr", 0x21B5},   {"cup", 0x222A},     {"curren", 0x00A4},
    {"dArr", 0x21D3},     {"dagger", 0x2020},  {"darr", 0x2193},    {"deg", 0x00B0},     {"delta", 0x03B4},
    {"diams", 0x2666},    {"divide", 0x00F7},  {"eacute", 0x00E9},  {"ecirc", 0x00EA},   {"egrave", 0x00E8},
    {"empty", 0x2205},    {"emsp", 0x2003},    {"ensp", 0x2002},    {"epsilon", 0x03B5}, {"equiv", 0x2261},
    {"eta", 0x03B7},      {"eth", 0x00F0},     {"euml", 0x00EB},    {"euro", 0x20AC},    {"exist", 0x2203},
    {"fnof", 0x0192},     {"forall", 0x2200},  {"frac12", 0x00BD},  {"frac14", 0x00BC},  {"frac34", 0x00BE},
    {"frasl", 0x2044},    {"gamma", 0x03B3},   {"ge", 0x2265},      {"gt", 0x003E},      {"hArr", 0x21D4},
    {"harr", 0x2194},     {"hearts", 0x2665},  {"hellip", 0x2026},  {"iacute", 0x00ED},  {"icirc", 0x00EE},
    {"iexcl", 0x00A1},    {"igrave", 0x00EC},  {"image", 0x2111},   {"infin", 0x221E},   {"int", 0x222B},
    {"iota", 0x03B9},     {"iquest", 0x00BF},  {"isin", 0x2208},    {"iuml", 0x00EF},    {"kappa", 0x03BA},
    {"lArr", 0x21D0},     {"lambda", 0x03BB},  {"lang", 0x2329},    {"laquo", 0x00AB},   {"larr", 0x2190},
    {"lceil", 0x2308},    {"ldquo", 0x201C},   {"le", 0x2264},      {"lfloor", 0x230A},  {"lowast", 0x2217},
    {"loz", 0x25CA},      {"lrm", 0x200E},     {"lsaquo", 0x2039},  {"lsquo", 0x2018},   {"lt", 0x003C},
    {"macr", 0x00AF},     {"mdash", 0x2014},   {"micro", 0x00B5},   {"middot", 0x00B7},  {"minus", 0x2212},
    {"mu", 0x03BC},       {"nabla", 0x2207},   {"nbsp", 0x00A0},    {"ndash", 0x2013},   {"ne", 0x2260},
    {"ni", 0x220B},       {"not", 0x00AC},     {"notin", 0x2209},   {"nsub", 0x2284},    {"ntilde", 0x00F1},
    {"nu", 0x03BD},       {"oacute", 0x00F3},  {"ocirc", 0x00F4},   {"oelig", 0x0153},   {"ograve", 0x00F2},
    {"oline", 0x203E},    {"omega", 0x03C9},   {"omicron", 0x03BF}, {"oplus", 0x2295},   {"or", 0x2228},
    {"ordf", 0x00AA},     {"ordm", 0x00BA},    {"oslash", 0x00F8},  {"otilde", 0x00F5},  {"otimes", 0x2297},
    {"ouml", 0x00F6},     {"para", 0x00B6},    {"part", 0x2202},    {"permil", 0x2030},  {"perp", 0x22A5},
    {"phi", 0x03C6},      {"pi", 0x03C0},      {"piv", 0x03D6},     {"plusmn", 0x00B1},  {"pound", 0x00A3},
    {"prime", 0x2032},    {"prod", 0x220F},    {"prop", 0x221D},    {"psi", 0x03C8},     {"quot", 0x0022},
    {"rArr", 0x21D2},     {"radic", 0x221A},   {"rang", 0x232A},    {"raquo", 0x00BB},   {"rarr", 0x2192},
    {"rceil", 0x2309},    {"rdquo", 0x201D},   {"real", 0x211C},    {"reg", 0x00AE},     {"rfloor", 0x230B},
    {"rho", 0x03C1},      {"rlm", 0x200F},     {"rsaquo", 0x203A},  {"rsquo", 0x2019},   {"sbquo", 0x201A},
    {"scaron", 0x0161},   {"sdot", 0x22C5},    {"sect", 0x00A7},    {"shy", 0x00AD},     {"sigma", 0x03C3},
    {"sigmaf", 0x03C2},   {"sim", 0x223C},     {"spades", 0x2660},  {"sub", 0x2282},     {"sube", 0x2286},
    {"sum", 0x2211},      {"sup", 0x2283},     {"sup1", 0x00B9},    {"sup2", 0x00B2},    {"sup3", 0x00B3},
    {"supe", 0x2287},     {"szlig", 0x00DF},   {"tau", 0x03C4},     {"there4", 0x2234},  {"theta", 0x03B8},
    {"thetasym", 0x03D1}, {"thinsp", 0x2009},  {"thorn", 0x00FE},   {"tilde", 0x02DC},   {"times", 0x00D7},
    {"trade", 0x2122},    {"uArr", 0x21D1},    {"uacute", 0x00FA},  {"uarr", 0x2191},    {"ucirc", 0x00FB},
    {"ugrave", 0x00F9},   {"uml", 0x00A8},     {"upsih", 0x03D2},   {"upsilon", 0x03C5}, {"uuml", 0x00FC},
    {"weierp", 0x2118},   {"xi", 0x03BE},      {"yacute", 0x00FD},  {"yen", 0x00A5},     {"yuml", 0x00FF},
    {"zeta", 0x03B6},     {"zwj", 0x200D},     {"zwnj", 0x200C},
};

static_assert(std::is_sorted(std::begin(kNamedEntities), std::end(kNamedEntities),
                             [](const NamedEntity& a, const NamedEntity& b) { return a.name < b.name; }));

void append_escaped(std::string& out, std::string_view text) { append_escaped_html(out, text); }

std::string escaped(std::string_view text) {
  std::string out;
  append_escaped(out, text);
  return out;
}

// Decodes an entity exactly as md4c delimits it ("&amp;", "&#106;",
// "&#x6A;"). Returns nullopt for a named entity we do not know, which the
// caller then shows as typed.
std::optional<std::string> decode_entity(std::string_view entity) {
  if (entity.size() < 3 || entity.front() != '&' || entity.back() != ';') return std::nullopt;
  const std::string_view body = entity.substr(1, entity.size() - 2);
  char32_t cp = 0;
  if (body.front() == '#') {
    std::string_view digits = body.substr(1);
    int base = 10;
    if (!digits.empty() && (digits.front() == 'x' || digits.front() == 'X')) {
      digits.remove_prefix(1);
      base = 16;
    }
    std::uint32_t value = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
    if (digits.empty() || ptr != digits.data() + digits.size()) return std::nullopt;
    // CommonMark: NUL, surrogates and out-of-range values become U+FFFD.
    const bool invalid =
        ec != std::errc{} || value == 0 || value > kMaxCodePoint || (value >= 0xD800 && value <= 0xDFFF);
    if (invalid) return std::string(kReplacementCharacter);
    cp = value;
  } else {
    const auto* it = std::lower_bound(std::begin(kNamedEntities), std::end(kNamedEntities), body,
                                      [](const NamedEntity& e, std::string_view name) { return e.name < name; });
    if (it == std::end(kNamedEntities) || it->name != body) return std::nullopt;
    cp = it->code_point;
  }
  std::string out;
  append_utf8(out, cp);
  return out;
}

// For text: submitted text is checked for control characters and bidi
// overrides before it gets here, but that check cannot see through entities.
void append_decoded_entity(std::string& out, std::string_view entity) {
  const auto decoded = decode_entity(entity);
  if (!decoded) {
    append_escaped(out, entity);
  } else if (core::has_forbidden_characters(*decoded)) {
    out += kReplacementCharacter;
  } else {
    append_escaped(out, *decoded);
  }
}

// The attribute's text with entities decoded and NULs replaced; md4c has
// already removed backslash escapes.
std::string decode_attribute(const MD_ATTRIBUTE& attribute) {
  std::string out;
  if (attribute.size == 0 || attribute.text == nullptr) return out;
  for (std::size_t i = 0; attribute.substr_offsets[i] < attribute.size; ++i) {
    const std::string_view part(attribute.text + attribute.substr_offsets[i],
                                attribute.substr_offsets[i + 1] - attribute.substr_offsets[i]);
    switch (attribute.substr_types[i]) {
      case MD_TEXT_ENTITY:
        if (auto decoded = decode_entity(part)) {
          out += *decoded;
        } else {
          out += part;
        }
        break;
      case MD_TEXT_NULLCHAR: out += kReplacementCharacter; break;
      default: out += part;
    }
  }
  return out;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

// An allow-list, checked on the decoded URL: the text must begin with one of
// the schemes itself. Browsers drop tabs and newlines anywhere in a URL and
// leading spaces and controls, so "java\tscript:" or " javascript:" would
// run script; a control character anywhere rejects the link outright, and a
// leading space cannot spell an allowed scheme. Relative and
// protocol-relative URLs have no scheme and are rejected too. Bidi overrides
// and the other characters core::has_forbidden_characters names reject it
// as well: in a URL they can only serve to make it read as another one.
bool is_allowed_url(std::string_view url) {
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return false;
  }
  if (core::has_forbidden_characters(url)) return false;
  return std::any_of(std::begin(kAllowedSchemes), std::end(kAllowedSchemes),
                     [&](std::string_view scheme) { return starts_with_ignoring_case(url, scheme); });
}

// Percent-encodes what may not stand in a URL (spaces, non-ASCII bytes,
// quotes, angle brackets) and escapes what is left for an HTML attribute.
void append_url_attribute(std::string& out, std::string_view url) {
  constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7F || c == '"' || c == '<' || c == '>' || c == '`') {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\'') {
      out += "&#39;";
    } else {
      out.push_back(c);
    }
  }
}

// Walks md4c's events and writes only the elements the header allows.
class HtmlWriter {
 public:
  explicit HtmlWriter(std::string_view source) : source_(source) { out_.reserve(source.size() + source.size() / 2); }

  // Closes whatever md4c left open and returns the HTML.
  std::string finish() {
    while (!blocks_.empty()) close_top_block();
    while (!spans_.empty()) close_top_span();
    return std::move(out_);
  }

  static MD_PARSER parser() {
    MD_PARSER parser{};
    parser.abi_version = 0;
    parser.flags = kParserFlags;
    parser.enter_block = &HtmlWriter::on_enter_block;
    parser.leave_block = &HtmlWriter::on_leave_block;
    parser.enter_span = &HtmlWriter::on_enter_span;
    parser.leave_span = &HtmlWriter::on_leave_span;
    parser.text = &HtmlWriter::on_text;
    return parser;
  }

 private:
  // md4c's events normally nest, but 0.4.8 can enter a span and never leave
  // it (seen with an emphasis closer inside a link destination: "_[x](_)").
  // So we keep our own stacks of what is open: leaving a block or span
  // closes everything opened inside it, a leave with no matching enter is
  // ignored, and the output is well-formed whatever order events come in.
  struct OpenBlock {
    MD_BLOCKTYPE type;
    std::size_t span_depth;  // spans_.size() when the block opened
  };

  // A span whose closing decisions are taken on leave: links and images
  // write their opening tag only then, in front of their content.
  struct OpenSpan {
    MD_SPANTYPE type;
    bool suppressed;         // inside an image: content only, no tags
    bool is_anchor;          // becomes <a>; its URL passed the allow-list
    bool url_synthesized;    // md4c built the URL rather than pointing into the source
    std::size_t content_at;  // where its content starts in out_
    std::string url;         // decoded
  };

  // md4c is C: nothing may unwind through it. Any failure (only allocation
  // can fail) aborts the parse and the caller falls back to plain text.
  template <typename F>
  static int guarded(void* userdata, F&& f) noexcept {
    try {
      f(*static_cast<HtmlWriter*>(userdata));
      return 0;
    } catch (...) {
      return 1;
    }
  }

  static int on_enter_block(MD_BLOCKTYPE type, void* detail, void* userdata) {
    return guarded(userdata, [&](HtmlWriter& w) { w.enter_block(type, detail); });
  }
  static int on_leave_block(MD_BLOCKTYPE type, void* /*detail*/, void* userdata) {
    return guarded(userdata, [&](HtmlWriter& w) { w.leave_block(type); });
  }
  static int on_enter_span(MD_SPANTYPE type, void* detail, void* userdata) {
    return guarded(userdata, [&](HtmlWriter& w) { w.enter_span(type, detail); });
  }
  static int on_leave_span(MD_SPANTYPE type, void* /*detail*/, void* userdata) {
    return guarded(userdata, [&](HtmlWriter& w) { w.leave_span(type); });
  }
  static int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
    return guarded(userdata, [&](HtmlWriter& w) { w.text(type, std::string_view(text, size)); });
  }

  void enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_QUOTE: out_ += "<blockquote>\n"; break;
      case MD_BLOCK_UL: out_ += "<ul>\n"; break;
      case MD_BLOCK_OL: {
        const unsigned start = static_cast<const MD_BLOCK_OL_DETAIL*>(detail)->start;
        if (start == 1) {
          out_ += "<ol>\n";
        } else {
          out_ += "<ol start=\"";
          out_ += std::to_string(start);
          out_ += "\">\n";
        }
        break;
      }
      case MD_BLOCK_LI: out_ += "<li>"; break;
      case MD_BLOCK_H: out_ += "<p><strong>"; break;
      case MD_BLOCK_CODE: out_ += "<pre><code>"; break;
      case MD_BLOCK_P: out_ += "<p>"; break;
      // The document itself, thematic breaks (a separator says nothing in a
      // comment), raw HTML blocks (off; their text is escaped) and tables
      // (off) have no element of their own.
      default: break;
    }
    blocks_.push_back(OpenBlock{type, spans_.size()});
  }

  void leave_block(MD_BLOCKTYPE type) {
    const auto open =
        std::find_if(blocks_.rbegin(), blocks_.rend(), [&](const OpenBlock& b) { return b.type == type; });
    if (open == blocks_.rend()) return;
    const auto depth = static_cast<std::size_t>(blocks_.rend() - open) - 1;
    while (blocks_.size() > depth) close_top_block();
  }

  void close_top_block() {
    const OpenBlock block = blocks_.back();
    blocks_.pop_back();
    while (spans_.size() > block.span_depth) close_top_span();
    switch (block.type) {
      case MD_BLOCK_QUOTE: out_ += "</blockquote>\n"; break;
      case MD_BLOCK_UL: out_ += "</ul>\n"; break;
      case MD_BLOCK_OL: out_ += "</ol>\n"; break;
      case MD_BLOCK_LI: out_ += "</li>\n"; break;
      case MD_BLOCK_H: out_ += "</strong></p>\n"; break;
      case MD_BLOCK_CODE: out_ += "</code></pre>\n"; break;
      case MD_BLOCK_P: out_ += "</p>\n"; break;
      default: break;
    }
  }

  bool points_into_source(const MD_ATTRIBUTE& attribute) const {
    if (attribute.text == nullptr) return true;
    const auto address = reinterpret_cast<std::uintptr_t>(attribute.text);
    const auto begin = reinterpret_cast<std::uintptr_t>(source_.data());
    return address >= begin && address < begin + source_.size();
  }

  void enter_span(MD_SPANTYPE type, void* detail) {
    OpenSpan span{type, image_depth_ > 0, false, false, out_.size(), {}};
    if (type == MD_SPAN_IMG) ++image_depth_;
    if (!span.suppressed && (type == MD_SPAN_A || type == MD_SPAN_IMG)) {
      const MD_ATTRIBUTE& url = type == MD_SPAN_A ? static_cast<const MD_SPAN_A_DETAIL*>(detail)->href
                                                  : static_cast<const MD_SPAN_IMG_DETAIL*>(detail)->src;
      span.url = decode_attribute(url);
      span.url_synthesized = !points_into_source(url);
      // An <a> inside an <a> is invalid HTML that browsers repair
      // unpredictably, so a link inside a link (e.g. an image in a link)
      // shows only its text.
      span.is_anchor = anchor_depth_ == 0 && is_allowed_url(span.url);
      if (span.is_anchor) ++anchor_depth_;
    } else if (!span.suppressed) {
      switch (type) {
        case MD_SPAN_EM: out_ += "<em>"; break;
        case MD_SPAN_STRONG: out_ += "<strong>"; break;
        case MD_SPAN_DEL: out_ += "<del>"; break;
        case MD_SPAN_CODE: out_ += "<code>"; break;
        default: break;
      }
    }
    spans_.push_back(std::move(span));
  }

  void leave_span(MD_SPANTYPE type) {
    const auto open = std::find_if(spans_.rbegin(), spans_.rend(), [&](const OpenSpan& s) { return s.type == type; });
    if (open == spans_.rend()) return;
    const auto depth = static_cast<std::size_t>(spans_.rend() - open) - 1;
    while (spans_.size() > depth) close_top_span();
  }

  void close_top_span() {
    OpenSpan span = std::move(spans_.back());
    spans_.pop_back();
    if (span.type == MD_SPAN_IMG) --image_depth_;
    if (span.suppressed) return;
    switch (span.type) {
      case MD_SPAN_EM: out_ += "</em>"; break;
      case MD_SPAN_STRONG: out_ += "</strong>"; break;
      case MD_SPAN_DEL: out_ += "</del>"; break;
      case MD_SPAN_CODE: out_ += "</code>"; break;
      case MD_SPAN_A:
      case MD_SPAN_IMG:
        if (span.is_anchor) close_anchor(span);
        break;
      default: break;
    }
  }

  void close_anchor(const OpenSpan& span) {
    --anchor_depth_;
    std::string url = span.url;
    // A www. autolink is the only link whose URL md4c makes up and whose
    // text is that URL without "http://"; explicit links keep their scheme.
    if (span.type == MD_SPAN_A && span.url_synthesized && url.starts_with(kWwwAutolinkPrefix) &&
        std::string_view(out_).substr(span.content_at) ==
            escaped(std::string_view(url).substr(kWwwAutolinkPrefix.size()))) {
      url.replace(0, kWwwAutolinkPrefix.size(), kSecurePrefix);
    }
    // An image has no visible content but its alt text; an empty link would
    // be invisible. Either way, show where it goes.
    if (out_.size() == span.content_at) append_escaped(out_, url);
    std::string open = "<a href=\"";
    append_url_attribute(open, url);
    open += '"';
    open += kLinkAttributes;
    open += '>';
    // Only the link's own content follows content_at, so this moves just that.
    out_.insert(span.content_at, open);
    out_ += "</a>";
  }

  void text(MD_TEXTTYPE type, std::string_view text) {
    switch (type) {
      case MD_TEXT_NULLCHAR: out_ += kReplacementCharacter; break;
      case MD_TEXT_BR: out_ += image_depth_ > 0 ? " " : "<br>\n"; break;
      case MD_TEXT_SOFTBR: out_ += image_depth_ > 0 ? " " : "\n"; break;
      case MD_TEXT_ENTITY: append_decoded_entity(out_, text); break;
      // Normal and code text, and raw HTML should md4c ever report some
      // despite MD_FLAG_NOHTML: all of it is text to us.
      default: append_escaped(out_, text); break;
    }
  }

  std::string_view source_;
  std::string out_;
  std::vector<OpenBlock> blocks_;
  std::vector<OpenSpan> spans_;
  int image_depth_ = 0;
  int anchor_depth_ = 0;
};

std::string plain_text_fallback(std::string_view markdown) {
  std::string out = "<p>";
  append_escaped(out, markdown);
  out += "</p>\n";
  return out;
}

}  // namespace

std::string markdown_to_html(std::string_view markdown) {
  if (markdown.size() > std::numeric_limits<MD_SIZE>::max()) return plain_text_fallback(markdown);
  HtmlWriter writer(markdown);
  const MD_PARSER parser = HtmlWriter::parser();
  if (md_parse(markdown.data(), static_cast<MD_SIZE>(markdown.size()), &parser, &writer) != 0) {
    // md4c failed (out of memory) or we aborted it: the reader still sees
    // their words, safely, rather than nothing.
    return plain_text_fallback(markdown);
  }
  return writer.finish();
}

}  // namespace townhall::render
