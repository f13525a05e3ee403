#include "moderation/links.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "core/text.hpp"

namespace townhall::moderation {

using core::append_utf8;

namespace {

// Last labels that make a bare "word.tld" a link: the generic domains spam
// uses most, country codes that are not also short English words ("it",
// "in", "to", "me", "is", "at", "be", "no", "so", "do", "go", "us", "my",
// "am", "as", "by", "on", "or", "an" would turn typos like "over.it" into
// links), and the reserved "example" used in documentation and tests.
// Sorted for binary search.
constexpr auto kBareDomainTlds = std::to_array<std::string_view>({
    "adult", "ae",      "app",    "ar",     "asia",   "au",    "bet",  "bid",  "biz",      "blog",  "bond",  "br",
    "buzz",  "ca",      "casino", "cc",     "cf",     "cfd",   "ch",   "cl",   "click",    "cloud", "club",  "cn",
    "co",    "com",     "cyou",   "cz",     "date",   "de",    "dev",  "dk",   "download", "edu",   "email", "es",
    "eu",    "example", "fi",     "fr",     "fun",    "ga",    "gg",   "gov",  "gq",       "gr",    "hk",    "hu",
    "icu",   "id",      "ie",     "il",     "info",   "io",    "ir",   "jobs", "jp",       "kr",    "kz",    "life",
    "link",  "live",    "loan",   "lol",    "ltd",    "ly",    "men",  "mobi", "monster",  "mx",    "net",   "news",
    "ng",    "nl",      "nz",     "online", "org",    "party", "ph",   "pics", "pk",       "pl",    "poker", "porn",
    "pro",   "pt",      "pw",     "quest",  "review", "ro",    "ru",   "sa",   "sbs",      "se",    "sex",   "sg",
    "shop",  "site",    "space",  "store",  "stream", "su",    "tech", "th",   "tk",       "today", "top",   "tr",
    "trade", "tv",      "tw",     "ua",     "uk",     "uno",   "vip",  "vn",   "win",      "work",  "world", "ws",
    "xxx",   "xyz",
});
static_assert(std::is_sorted(kBareDomainTlds.begin(), kBareDomainTlds.end()));

// A cap on labels per host, far above any real one, so that a text of
// dot-separated words cannot make the prefix search quadratic.
constexpr std::size_t kMaxLabels = 32;
// Spaces tolerated on each side of a disguised separator ("example . com").
constexpr std::size_t kMaxSeparatorSpaces = 1;
// How many links a check_links message names before "and N more".
constexpr std::size_t kMessageHosts = 3;

// One code point of the body, folded for matching, with the bytes it covers.
struct Cp {
  char32_t c = 0;           // lower case; fullwidth ASCII folded; other dots as '.'
  bool upper = false;       // was an upper-case ASCII letter
  bool odd_dot = false;     // a dot of another script or width
  std::uint32_t begin = 0;  // byte span in the body
  std::uint32_t end = 0;
};

constexpr char32_t kInvalid = 0xFFFD;

bool is_odd_dot(char32_t c) {
  return c == U'\u3002' || c == U'\uFF61' || c == U'\u2024' || c == U'\uFE52' || c == U'\uFF0E';
}

void decode(std::string_view text, std::vector<Cp>& out) {
  out.clear();
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(text.size(), INT32_MAX));
  std::int32_t pos = 0;
  while (pos < length) {
    const std::int32_t begin = pos;
    UChar32 c = 0;
    U8_NEXT(bytes, pos, length, c);
    Cp cp;
    cp.begin = static_cast<std::uint32_t>(begin);
    cp.end = static_cast<std::uint32_t>(pos);
    if (c < 0) {
      cp.c = kInvalid;
    } else if (c < 0x80) {
      cp.c = static_cast<char32_t>(c);
    } else {
      if (c >= 0xFF01 && c <= 0xFF5E && c != 0xFF0E) c -= 0xFEE0;  // fullwidth ASCII
      if (is_odd_dot(static_cast<char32_t>(c))) {
        cp.c = U'.';
        cp.odd_dot = true;
      } else if (c >= 0x80 && u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) {
        continue;  // zero-width characters vanish, even inside a label
      } else if (c == 0xA0) {
        cp.c = U' ';
      } else {
        cp.c = static_cast<char32_t>(c >= 0x80 ? u_tolower(c) : c);
      }
    }
    if (cp.c >= U'A' && cp.c <= U'Z') {
      cp.c += U'a' - U'A';
      cp.upper = true;
    }
    out.push_back(cp);
  }
}

bool ascii_alnum(char32_t c) { return (c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9'); }
bool is_alnum(char32_t c) {
  return ascii_alnum(c) || (c >= 0x80 && c != kInvalid && u_isalnum(static_cast<UChar32>(c)));
}
bool is_label_char(char32_t c) { return is_alnum(c) || c == U'-'; }
bool is_space(char32_t c) { return c == U' ' || c == U'\t'; }

class Scanner {
 public:
  Scanner(std::string_view text, const std::vector<Cp>& cps) : text_(text), cps_(cps) {}

  std::vector<Link> run() {
    std::vector<Link> links;
    std::size_t i = 0;
    while (i < cps_.size() && links.size() < kMaxLinksFound) {
      const std::size_t next = scan_at(i, links);
      i = next > i ? next : i + 1;
    }
    return links;
  }

 private:
  struct Label {
    std::size_t begin = 0;  // cp indexes
    std::size_t end = 0;
  };
  struct Separator {
    bool weak = false;        // spaced dot or " dot ": needs a known TLD after it
    bool disguised = false;   // anything but a plain ASCII '.'
    bool lower_only = false;  // a spaced dot: the TLD must be in lower case (".NET" is prose)
  };
  struct Labels {
    std::vector<Label> labels;
    std::vector<Separator> separators;  // separators[k] lies between labels k and k + 1
  };

  char32_t at(std::size_t i) const { return i < cps_.size() ? cps_[i].c : 0; }

  bool boundary_before(std::size_t i) const { return i == 0 || !is_label_char(cps_[i - 1].c); }

  // Returns the cp index to continue at (i itself when nothing started here).
  std::size_t scan_at(std::size_t i, std::vector<Link>& links) {
    const char32_t c = cps_[i].c;
    if (c == U'(' && i > 0 && cps_[i - 1].c == U']' && at(i + 1) == U'/' && at(i + 2) == U'/') {
      if (auto end = url_after(i + 3, i + 1, false, LinkKind::kUrl, links)) return *end;
      return i + 3;
    }
    if (c == U'@' && i > 0 && is_alnum(cps_[i - 1].c)) return email_at(i, links);
    if (!boundary_before(i) || !is_alnum(c)) return i;
    if (c == U'h' || c == U'f') {
      if (auto after_scheme = scheme_end(i)) {
        if (auto end = url_after(after_scheme->first, i, after_scheme->second, LinkKind::kUrl, links)) return *end;
        return after_scheme->first;
      }
    }
    if (c == U'w' && at(i + 1) == U'w' && at(i + 2) == U'w') {
      if (auto end = url_after(i, i, false, LinkKind::kWww, links)) return *end;
    }
    return bare_at(i, links);
  }

  // "http://", "hxxps://", "h**p : //", "https//", "ftp[:]//": the index
  // after the slashes and whether the spelling is a disguise.
  std::optional<std::pair<std::size_t, bool>> scheme_end(std::size_t i) const {
    bool disguised = false;
    std::size_t j = i;
    if (at(j) == U'h') {
      const auto t_like = [&](char32_t c) {
        if (c == U't') return true;
        if (c == U'x' || c == U'*') {
          disguised = true;
          return true;
        }
        return false;
      };
      if (!t_like(at(j + 1)) || !t_like(at(j + 2)) || at(j + 3) != U'p') return std::nullopt;
      j += 4;
      if (at(j) == U's') ++j;
    } else if (at(j) == U'f' && at(j + 1) == U't' && at(j + 2) == U'p') {
      j += 3;
    } else {
      return std::nullopt;
    }
    j = skip_spaces(j, &disguised);
    if (at(j) == U':') {
      ++j;
    } else if ((at(j) == U'[' && at(j + 1) == U':' && at(j + 2) == U']') ||
               (at(j) == U'(' && at(j + 1) == U':' && at(j + 2) == U')')) {
      j += 3;
      disguised = true;
    } else {
      disguised = true;  // "https//"
    }
    j = skip_spaces(j, &disguised);
    const auto slash = [](char32_t c) { return c == U'/' || c == U'\\'; };
    if (!slash(at(j))) return std::nullopt;
    if (at(j) == U'\\') disguised = true;
    j = skip_spaces(j + 1, &disguised);
    if (!slash(at(j))) return std::nullopt;
    if (at(j) == U'\\') disguised = true;
    return std::pair{j + 1, disguised};
  }

  std::size_t skip_spaces(std::size_t j, bool* disguised) const {
    for (std::size_t n = 0; n < kMaxSeparatorSpaces && is_space(at(j)); ++n) {
      ++j;
      *disguised = true;
    }
    return j;
  }

  // A separator between labels starting at cp `j` (just after a label):
  // the index of the next label and its kind, or nullopt.
  std::optional<std::pair<std::size_t, Separator>> separator_at(std::size_t j) const {
    const auto dot_word = [&](std::size_t k) {
      return at(k) == U'd' && at(k + 1) == U'o' && at(k + 2) == U't' &&
             (cps_[k].upper == cps_[k + 1].upper && cps_[k + 1].upper == cps_[k + 2].upper);
    };
    const auto closing = [](char32_t open) {
      return open == U'[' ? U']' : open == U'(' ? U')' : open == U'{' ? U'}' : char32_t{0};
    };
    const auto label_at = [&](std::size_t k) { return k < cps_.size() && is_alnum(cps_[k].c); };
    // "example.com" or a dot of another width or script.
    if (at(j) == U'.' && label_at(j + 1)) return std::pair{j + 1, Separator{false, cps_[j].odd_dot, false}};
    // "example[.]com", "example (dot) com"
    bool spaced = false;
    std::size_t k = skip_spaces(j, &spaced);
    if (const char32_t close = closing(at(k)); close != 0) {
      std::size_t inner = k + 1;
      if (at(inner) == U'.') {
        ++inner;
      } else if (dot_word(inner)) {
        inner += 3;
      } else {
        return std::nullopt;
      }
      if (at(inner) != close) return std::nullopt;
      std::size_t next = skip_spaces(inner + 1, &spaced);
      if (!label_at(next)) return std::nullopt;
      return std::pair{next, Separator{false, true, false}};
    }
    // "example . com", "example. com", "example dot com"
    const bool dot_char = at(k) == U'.';
    std::size_t after = k;
    if (dot_char) {
      after = k + 1;
    } else if (spaced && dot_word(k) && is_space(at(k + 3))) {
      after = k + 3;
    } else {
      return std::nullopt;
    }
    bool spaced_after = false;
    const std::size_t next = skip_spaces(after, &spaced_after);
    if (!spaced && !spaced_after) return std::nullopt;
    if (!dot_char && !spaced_after) return std::nullopt;
    if (!label_at(next)) return std::nullopt;
    return std::pair{next, Separator{true, true, dot_char}};
  }

  Labels labels_from(std::size_t i) const {
    Labels out;
    std::size_t j = i;
    while (out.labels.size() < kMaxLabels && j < cps_.size() && is_alnum(cps_[j].c)) {
      Label label{j, j};
      while (label.end < cps_.size() && is_label_char(cps_[label.end].c)) ++label.end;
      // A label does not end with '-': "well-known.-" stops before it.
      while (label.end > label.begin + 1 && cps_[label.end - 1].c == U'-') --label.end;
      out.labels.push_back(label);
      auto separator = separator_at(label.end);
      if (!separator) break;
      out.separators.push_back(separator->second);
      j = separator->first;
    }
    out.separators.resize(out.labels.empty() ? 0 : out.labels.size() - 1);
    return out;
  }

  std::string label_text(const Label& label) const {
    std::string out;
    for (std::size_t k = label.begin; k < label.end; ++k) append_utf8(out, cps_[k].c);
    return out;
  }

  // Whether label `k` is a last label written like a domain's: known, and in
  // lower case, capitals, or capitalized after a capitalized label
  // ("Example.Com", not "end.It"); only lower case after a spaced dot.
  bool known_tld(const Labels& l, std::size_t k) const {
    const Label& tld = l.labels[k];
    const std::string text = label_text(tld);
    if (!std::binary_search(kBareDomainTlds.begin(), kBareDomainTlds.end(), text)) return false;
    std::size_t upper = 0;
    for (std::size_t i = tld.begin; i < tld.end; ++i) upper += cps_[i].upper ? 1 : 0;
    const std::size_t size = tld.end - tld.begin;
    if (upper == 0) return true;
    if (k > 0 && l.separators[k - 1].lower_only) return false;
    if (upper == size) return true;
    const bool capitalized = upper == 1 && cps_[tld.begin].upper;
    return capitalized && k > 0 && cps_[l.labels[k - 1].begin].upper && !l.separators[k - 1].weak;
  }

  bool alphabetic(const Label& label) const {
    if (label.end - label.begin < 2) return false;
    for (std::size_t i = label.begin; i < label.end; ++i) {
      const char32_t c = cps_[i].c;
      if (!((c >= U'a' && c <= U'z') || (c >= 0x80 && u_isalpha(static_cast<UChar32>(c))))) return false;
    }
    return true;
  }

  // The longest prefix of `l` that makes a host for `kind`, as a label
  // count, and whether it needs listing; 0 when none does.
  std::pair<std::size_t, bool> host_prefix(const Labels& l, LinkKind kind) const {
    const std::size_t min_labels = kind == LinkKind::kWww ? 3 : kind == LinkKind::kUrl ? 1 : 2;
    std::size_t uncertain = 0;
    bool weak = false;
    std::size_t best = 0;
    for (std::size_t count = 1; count <= l.labels.size(); ++count) {
      if (count > 1 && l.separators[count - 2].weak) weak = true;
      if (count < min_labels) continue;
      const bool tld = count > 1 && known_tld(l, count - 1);
      if (kind == LinkKind::kBareDomain || kind == LinkKind::kEmail) {
        if (tld) best = count;
        if (!weak && alphabetic(l.labels[count - 1])) uncertain = count;
      } else if (!weak || tld) {
        best = count;
      }
    }
    if (best != 0) return {best, false};
    if (kind == LinkKind::kEmail && uncertain != 0) return {uncertain, false};
    return {uncertain, uncertain != 0};
  }

  std::string host_of(const Labels& l, std::size_t count, bool* disguised) const {
    std::string host;
    for (std::size_t k = 0; k < count; ++k) {
      if (k > 0) {
        host += '.';
        if (l.separators[k - 1].disguised) *disguised = true;
      }
      host += label_text(l.labels[k]);
    }
    return host;
  }

  // Where a URL's port, path, query or fragment that starts at cp `j` ends.
  std::size_t rest_end(std::size_t j, bool path_only) const {
    if (at(j) == U':' && j + 1 < cps_.size() && cps_[j + 1].c >= U'0' && cps_[j + 1].c <= U'9') {
      ++j;
      while (at(j) >= U'0' && at(j) <= U'9') ++j;
    }
    const char32_t first = at(j);
    if (!(first == U'/' || (!path_only && (first == U'?' || first == U'#')))) return j;
    std::size_t end = j;
    while (end < cps_.size()) {
      const char32_t c = cps_[end].c;
      if (c <= U' ' || c == U'<' || c == U'>' || c == U'"' || c == U'`' || c == kInvalid || c == U'\u00A0') break;
      ++end;
    }
    constexpr std::u32string_view kTrailing = U".,;:!?)]}'*_";
    while (end > j + 1 && kTrailing.find(cps_[end - 1].c) != std::u32string_view::npos) --end;
    return end;
  }

  Link make_link(LinkKind kind, std::size_t first_cp, std::size_t host_end_cp, std::size_t end_cp, std::string host,
                 bool disguised, bool needs_listing) const {
    Link link;
    link.kind = kind;
    link.begin = cps_[first_cp].begin;
    link.end = cps_[end_cp - 1].end;
    link.text = std::string(text_.substr(link.begin, link.end - link.begin));
    link.target = host;
    if (end_cp > host_end_cp) {
      const std::size_t rest_begin = cps_[host_end_cp].begin;
      link.target.append(text_.substr(rest_begin, link.end - rest_begin));
    }
    link.host = std::move(host);
    link.disguised = disguised;
    link.needs_listing = needs_listing;
    return link;
  }

  // A URL or www host starting at cp `host_begin`; the link starts at
  // `link_begin`. Returns where scanning continues, or nullopt if no host.
  std::optional<std::size_t> url_after(std::size_t host_begin, std::size_t link_begin, bool disguised, LinkKind kind,
                                       std::vector<Link>& links) const {
    Labels l = labels_from(host_begin);
    auto [count, needs_listing] = host_prefix(l, kind);
    if (count == 0) return std::nullopt;
    std::size_t host_end = l.labels[count - 1].end;
    // "http://user@host": the host follows the '@'.
    if (kind == LinkKind::kUrl && at(host_end) == U'@' && is_alnum(at(host_end + 1))) {
      l = labels_from(host_end + 1);
      std::tie(count, needs_listing) = host_prefix(l, kind);
      if (count == 0) return std::nullopt;
      host_end = l.labels[count - 1].end;
    }
    std::string host = host_of(l, count, &disguised);
    const std::size_t end = rest_end(host_end, false);
    links.push_back(make_link(kind, link_begin, host_end, end, std::move(host), disguised, needs_listing));
    return end;
  }

  std::size_t bare_at(std::size_t i, std::vector<Link>& links) const {
    const Labels l = labels_from(i);
    const auto [count, needs_listing] = host_prefix(l, LinkKind::kBareDomain);
    if (count == 0) return l.labels.empty() ? i : l.labels.front().end;
    const std::size_t host_end = l.labels[count - 1].end;
    // "john.smith@host": the local part of an e-mail address.
    if (at(host_end) == U'@') return host_end;
    bool disguised = false;
    std::string host = host_of(l, count, &disguised);
    const std::size_t end = rest_end(host_end, true);
    links.push_back(make_link(LinkKind::kBareDomain, i, host_end, end, std::move(host), disguised, needs_listing));
    return end;
  }

  std::size_t email_at(std::size_t at_sign, std::vector<Link>& links) const {
    const Labels l = labels_from(at_sign + 1);
    const auto [count, needs_listing] = host_prefix(l, LinkKind::kEmail);
    if (count == 0) return at_sign + 1;
    std::size_t first = at_sign;
    while (first > 0 && (is_label_char(cps_[first - 1].c) || cps_[first - 1].c == U'.' || cps_[first - 1].c == U'_' ||
                         cps_[first - 1].c == U'+')) {
      --first;
    }
    const std::size_t host_end = l.labels[count - 1].end;
    bool disguised = false;
    std::string host = host_of(l, count, &disguised);
    links.push_back(make_link(LinkKind::kEmail, first, host_end, host_end, std::move(host), disguised, needs_listing));
    return host_end;
  }

  std::string_view text_;
  const std::vector<Cp>& cps_;
};

std::string join_hosts(const std::vector<std::string>& hosts) {
  std::string out;
  for (std::size_t i = 0; i < hosts.size() && i < kMessageHosts; ++i) {
    if (i > 0) out += ", ";
    out += hosts[i];
  }
  if (hosts.size() > kMessageHosts) out += " and " + std::to_string(hosts.size() - kMessageHosts) + " more";
  return out;
}

Evidence link_evidence(const Link& link, std::string label) {
  return Evidence{std::move(label), link.text, link.begin, link.end, 1};
}

core::Error invalid_domain(std::string_view domain, std::string_view why) {
  return core::make_error(core::ErrorKind::kInvalidArgument, "invalid_domain",
                          "'" + std::string(domain) + "' is not a domain: " + std::string(why));
}

}  // namespace

std::vector<Link> find_links(std::string_view markdown) {
  thread_local std::vector<Cp> cps;
  decode(markdown, cps);
  return Scanner(markdown, cps).run();
}

core::Result<std::string> normalize_domain(std::string_view domain) {
  std::string_view d = domain;
  while (!d.empty() && (d.front() == ' ' || d.front() == '\t')) d.remove_prefix(1);
  while (!d.empty() && (d.back() == ' ' || d.back() == '\t' || d.back() == '\r')) d.remove_suffix(1);
  if (const auto scheme = d.find("://"); scheme != std::string_view::npos) d.remove_prefix(scheme + 3);
  if (const auto path = d.find_first_of("/?#"); path != std::string_view::npos) d = d.substr(0, path);
  if (const auto user = d.rfind('@'); user != std::string_view::npos) d.remove_prefix(user + 1);
  if (const auto port = d.rfind(':'); port != std::string_view::npos) d = d.substr(0, port);
  if (d.starts_with("*.")) d.remove_prefix(2);
  while (!d.empty() && d.front() == '.') d.remove_prefix(1);
  while (!d.empty() && d.back() == '.') d.remove_suffix(1);
  if (d.empty()) return invalid_domain(domain, "empty");
  std::vector<Cp> cps;
  decode(d, cps);
  std::string out;
  bool label_empty = true;
  for (const Cp& cp : cps) {
    if (cp.c == U'.') {
      if (label_empty) return invalid_domain(domain, "empty label");
      out += '.';
      label_empty = true;
    } else if (is_label_char(cp.c)) {
      append_utf8(out, cp.c);
      label_empty = false;
    } else {
      return invalid_domain(domain, "a host has only letters, digits, '-' and dots");
    }
  }
  if (label_empty) return invalid_domain(domain, "empty label");
  if (out.find('.') == std::string::npos) return invalid_domain(domain, "no dot");
  return out;
}

core::Result<DomainList> DomainList::compile(std::span<const std::string> domains) {
  DomainList list;
  for (const std::string& domain : domains) {
    auto normalized = normalize_domain(domain);
    if (!normalized.ok()) return normalized.error();
    list.domains_.insert(std::move(normalized).value());
  }
  return list;
}

std::optional<std::string_view> DomainList::match(std::string_view host) const {
  if (domains_.empty()) return std::nullopt;
  std::string_view suffix = host;
  while (!suffix.empty()) {
    if (const auto found = domains_.find(suffix); found != domains_.end()) return std::string_view(*found);
    const auto dot = suffix.find('.');
    if (dot == std::string_view::npos) break;
    suffix.remove_prefix(dot + 1);
  }
  return std::nullopt;
}

std::vector<Finding> check_links(const LinkPolicy& policy, std::string_view markdown, bool new_commenter) {
  const std::vector<Link> links = find_links(markdown);
  return check_links(policy, links, new_commenter);
}

std::vector<Finding> check_links(const LinkPolicy& policy, std::span<const Link> links, bool new_commenter) {
  std::vector<Finding> findings;
  Finding denied{Action::kHold, "links", "denied_domain", "", {}};
  std::vector<std::string> denied_domains;
  std::vector<const Link*> counted;  // links the mode and the maximum apply to
  std::set<std::string_view> targets;
  for (const Link& link : links) {
    if (const auto domain = policy.deny.match(link.host)) {
      denied.evidence.push_back(link_evidence(link, std::string(*domain)));
      if (std::find(denied_domains.begin(), denied_domains.end(), *domain) == denied_domains.end()) {
        denied_domains.emplace_back(*domain);
      }
      continue;
    }
    if (link.needs_listing || link.kind == LinkKind::kEmail || policy.allow.match(link.host)) continue;
    counted.push_back(&link);
    targets.insert(link.target);
  }
  if (!denied.evidence.empty()) {
    denied.message = "link to denied domain " + join_hosts(denied_domains);
    findings.push_back(std::move(denied));
  }
  if (policy.max_links != kNoLinkLimit && targets.size() > policy.max_links) {
    Finding many{Action::kHold, "links", "too_many_links", "", {}};
    many.message =
        std::to_string(targets.size()) + " links, more than the " + std::to_string(policy.max_links) + " allowed";
    for (const Link* link : counted) many.evidence.push_back(link_evidence(*link, link->host));
    findings.push_back(std::move(many));
  }
  const bool mode_holds = !counted.empty() && (policy.mode == LinkMode::kHoldAll ||
                                               (policy.mode == LinkMode::kHoldNewCommenters && new_commenter));
  std::vector<const Link*> disguised;
  if (policy.hold_disguised) {
    for (const Link* link : counted) {
      if (link->disguised) disguised.push_back(link);
    }
  }
  if (mode_holds || !disguised.empty()) {
    Finding held{Action::kHold, "links", "links", "", {}};
    std::vector<std::string> hosts;
    for (const Link* link : mode_holds ? counted : disguised) {
      if (std::find(hosts.begin(), hosts.end(), link->host) == hosts.end()) hosts.push_back(link->host);
      held.evidence.push_back(link_evidence(*link, link->host));
    }
    if (mode_holds) {
      held.message = policy.mode == LinkMode::kHoldAll ? "links are held for review: " + join_hosts(hosts)
                                                       : "links from new commenters are held: " + join_hosts(hosts);
    }
    if (!disguised.empty()) {
      if (!held.message.empty()) held.message += "; ";
      held.message += "disguised link '" + disguised.front()->text + "'";
      if (disguised.size() > 1) held.message += " and " + std::to_string(disguised.size() - 1) + " more";
    }
    findings.push_back(std::move(held));
  }
  return findings;
}

}  // namespace townhall::moderation
