#include "moderation/spam_tokenizer.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cassert>

#include "core/text.hpp"

namespace townhall::moderation {

using core::append_utf8;

namespace {

// Top-level domains that make "word.tld" a link rather than two words; the
// ones spam uses most, plus the common generic and country ones.
constexpr std::array<std::string_view, 44> kLinkTlds = {
    "com",  "net",  "org",    "info", "biz", "ru", "cn", "io", "co", "uk", "de", "us", "xyz", "top", "site",
    "shop", "club", "online", "live", "me",  "tv", "ly", "eu", "fr", "nl", "it", "es", "pl",  "in",  "br",
    "au",   "ca",   "jp",     "kr",   "tk",  "ml", "ga", "cf", "gq", "pw", "ws", "cc", "app", "ie"};

// Runs of exclamation marks at least this long are a feature.
constexpr std::size_t kExclamationRun = 3;
// A word of at least this many letters, all capitals, adds shape:caps.
constexpr std::size_t kCapsLetters = 3;
// num:N and long:N cap their N so that the vocabulary stays small.
constexpr std::size_t kMaxDigitsShape = 9;
constexpr std::size_t kLongWordBucket = 10;

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool ascii_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool starts_with_ascii_ci(std::string_view text, std::size_t pos, std::string_view prefix) {
  if (text.size() - pos < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[pos + i]) != prefix[i]) return false;
  }
  return true;
}

// Decodes the code point at *pos and advances; a negative result marks an
// invalid sequence (one or more bytes skipped).
UChar32 next_code_point(std::string_view text, std::size_t* pos) {
  const auto c0 = static_cast<unsigned char>(text[*pos]);
  if (c0 < 0x80) {
    ++*pos;
    return c0;
  }
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  auto i = static_cast<int32_t>(*pos);
  UChar32 c = 0;
  U8_NEXT(bytes, i, static_cast<int32_t>(text.size()), c);
  *pos = static_cast<std::size_t>(i);
  return c;
}

UChar32 peek_code_point(std::string_view text, std::size_t pos) { return next_code_point(text, &pos); }

bool is_word_char(UChar32 c) {
  if (c < 0) return false;
  if (c < 0x80) return ascii_alnum(static_cast<unsigned char>(c));
  return u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0;
}

bool is_apostrophe(UChar32 c) { return c == '\'' || c == 0x2019; }

// Characters that may join word characters inside one chunk: addresses,
// domains and contractions ("a.b-c_d@e.com", "don't").
bool is_connector(UChar32 c) { return c == '.' || c == '-' || c == '_' || c == '@' || c == '+' || is_apostrophe(c); }

void append_number(std::string& out, std::size_t n) {
  if (n >= 10) append_number(out, n / 10);
  out.push_back(static_cast<char>('0' + n % 10));
}

// Emits url:HOST and, for a host of more than two labels, url:LAST.TWO.
void add_host(std::string_view prefix, std::string_view host, std::size_t begin, std::size_t end, TokenList* out) {
  while (!host.empty() && (host.back() == '.' || host.back() == '-')) host.remove_suffix(1);
  if (host.size() > 4 && starts_with_ascii_ci(host, 0, "www.")) host.remove_prefix(4);
  if (host.empty()) return;
  auto& keys = out->key_buffer();
  out->begin_key(begin);
  keys.append(prefix);
  for (char c : host) keys.push_back(ascii_lower(c));
  if (out->pending_key_size() > kMaxWordBytes + prefix.size()) {
    // An absurdly long host name is spam's trick, not a site: keep its domain.
    out->cancel_key();
  } else {
    out->end_key(end);
  }
  const auto last_dot = host.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0) return;
  const auto second_dot = host.rfind('.', last_dot - 1);
  if (second_dot == std::string_view::npos) return;
  out->begin_key(begin);
  keys.append(prefix);
  for (char c : host.substr(second_dot + 1)) keys.push_back(ascii_lower(c));
  out->end_key(end);
}

bool is_host_char(char c) { return ascii_alnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'; }

// A link starting at pos (http://, https://, www.): emits its host and
// returns the end of the link, or returns pos if there is none.
std::size_t scan_link(std::string_view text, std::size_t pos, TokenList* out) {
  std::size_t host_begin = pos;
  if (starts_with_ascii_ci(text, pos, "http://")) {
    host_begin = pos + 7;
  } else if (starts_with_ascii_ci(text, pos, "https://")) {
    host_begin = pos + 8;
  } else if (!starts_with_ascii_ci(text, pos, "www.")) {
    return pos;
  }
  std::size_t host_end = host_begin;
  while (host_end < text.size() && is_host_char(text[host_end])) ++host_end;
  std::size_t end = host_end;
  while (end < text.size()) {
    const char c = text[end];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '"' || c == '\'' || c == '<' || c == '>') break;
    ++end;
  }
  while (end > host_end && std::string_view(".,;:!?)]}").find(text[end - 1]) != std::string_view::npos) --end;
  const auto host = text.substr(host_begin, host_end - host_begin);
  if (host.find('.') == std::string_view::npos) return pos;
  add_host("url:", host, pos, end, out);
  return end;
}

bool is_link_tld(std::string_view label) {
  if (label.size() < 2 || label.size() > 6) return false;
  std::array<char, 8> lower{};
  for (std::size_t i = 0; i < label.size(); ++i) lower[i] = ascii_lower(label[i]);
  const std::string_view key(lower.data(), label.size());
  return std::find(kLinkTlds.begin(), kLinkTlds.end(), key) != kLinkTlds.end();
}

bool is_ascii_host(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return is_host_char(c); });
}

// The words of a chunk, split at connectors; apostrophes are dropped.
class WordEmitter {
 public:
  explicit WordEmitter(TokenList* out) : out_(out) {}

  void feed(std::string_view text, std::size_t begin, std::size_t end) {
    std::size_t pos = begin;
    while (pos < end) {
      const std::size_t at = pos;
      const UChar32 c = next_code_point(text, &pos);
      if (is_apostrophe(c) && open_) continue;
      if (!is_word_char(c)) {
        finish(at);
        continue;
      }
      if (c >= 0x80 && u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)) {
        finish(at);
        out_->begin_key(at);
        append_utf8(out_->key_buffer(), static_cast<char32_t>(c));
        out_->end_key(pos);
        continue;
      }
      if (!open_) {
        out_->begin_key(at);
        open_ = true;
        code_points_ = digits_ = letters_ = capitals_ = 0;
      }
      ++code_points_;
      if (c < 0x80) {
        const char a = static_cast<char>(c);
        if (a >= '0' && a <= '9') {
          ++digits_;
        } else {
          ++letters_;
          if (a >= 'A' && a <= 'Z') ++capitals_;
        }
        out_->key_buffer().push_back(ascii_lower(a));
      } else {
        if (u_isdigit(c)) {
          ++digits_;
        } else if (u_isalpha(c)) {
          ++letters_;
          if (u_isupper(c)) ++capitals_;
        }
        append_utf8(out_->key_buffer(), static_cast<char32_t>(u_foldCase(c, U_FOLD_CASE_DEFAULT)));
      }
      last_end_ = pos;
    }
    finish(end);
  }

 private:
  void finish(std::size_t /*at*/) {
    if (!open_) return;
    open_ = false;
    auto& keys = out_->key_buffer();
    if (code_points_ < 2 && digits_ == 0) {
      out_->cancel_key();
      return;
    }
    if (digits_ == code_points_) {
      out_->cancel_key();
      out_->begin_key(word_begin());
      keys.append("num:");
      append_number(keys, std::min(digits_, kMaxDigitsShape));
    } else if (out_->pending_key_size() > kMaxWordBytes) {
      const auto size = out_->pending_key_size();
      out_->cancel_key();
      out_->begin_key(word_begin());
      keys.append("long:");
      append_number(keys, size / kLongWordBucket);
    }
    const bool caps = letters_ >= kCapsLetters && capitals_ == letters_;
    const auto begin = word_begin();
    out_->end_key(last_end_);
    if (caps) out_->add("shape:caps", begin, last_end_);
  }

  std::size_t word_begin() const { return out_->pending_begin(); }

  TokenList* out_;
  bool open_ = false;
  std::size_t code_points_ = 0;
  std::size_t digits_ = 0;
  std::size_t letters_ = 0;
  std::size_t capitals_ = 0;
  std::size_t last_end_ = 0;
};

// A chunk: word characters joined by connectors. Returns its end.
std::size_t scan_chunk_end(std::string_view text, std::size_t pos) {
  std::size_t end = pos;
  while (pos < text.size()) {
    std::size_t next = pos;
    const UChar32 c = next_code_point(text, &next);
    if (is_word_char(c)) {
      pos = next;
      end = next;
      continue;
    }
    if (is_connector(c) && next < text.size() && is_word_char(peek_code_point(text, next))) {
      pos = next;
      continue;
    }
    break;
  }
  return end;
}

void emit_chunk(std::string_view text, std::size_t begin, std::size_t end, TokenList* out) {
  const auto chunk = text.substr(begin, end - begin);
  const auto at = chunk.find('@');
  if (at != std::string_view::npos && at > 0 && chunk.find('@', at + 1) == std::string_view::npos) {
    const auto host = chunk.substr(at + 1);
    if (host.find('.') != std::string_view::npos && is_ascii_host(host)) {
      add_host("email:", host, begin, end, out);
      return;
    }
  }
  const auto last_dot = chunk.rfind('.');
  if (at == std::string_view::npos && last_dot != std::string_view::npos && is_ascii_host(chunk) &&
      is_link_tld(chunk.substr(last_dot + 1))) {
    add_host("url:", chunk, begin, end, out);
    return;
  }
  WordEmitter(out).feed(text, begin, end);
}

}  // namespace

void TokenList::end_key(std::size_t end) {
  tokens_.push_back(Token{static_cast<std::uint32_t>(pending_key_begin_),
                          static_cast<std::uint32_t>(keys_.size() - pending_key_begin_),
                          static_cast<std::uint32_t>(pending_begin_), static_cast<std::uint32_t>(end)});
}

void TokenList::add(std::string_view key, std::size_t begin, std::size_t end) {
  begin_key(begin);
  keys_.append(key);
  end_key(end);
}

void tokenize(std::string_view text, TokenList* out) {
  assert(text.size() < (std::size_t{1} << 32));
  out->clear();
  std::size_t pos = 0;
  bool after_word = false;  // links start only at a word boundary
  while (pos < text.size()) {
    const char first = text[pos];
    if (!after_word && (first == 'h' || first == 'H' || first == 'w' || first == 'W')) {
      const auto link_end = scan_link(text, pos, out);
      if (link_end != pos) {
        pos = link_end;
        continue;
      }
    }
    const std::size_t at = pos;
    const UChar32 c = next_code_point(text, &pos);
    if (is_word_char(c)) {
      const auto end = scan_chunk_end(text, at);
      emit_chunk(text, at, end, out);
      pos = end;
      after_word = true;
      continue;
    }
    after_word = false;
    if (c == '!') {
      std::size_t run_end = pos;
      while (run_end < text.size() && text[run_end] == '!') ++run_end;
      if (run_end - at >= kExclamationRun) out->add("punct:!!!", at, run_end);
      pos = run_end;
    } else if (c >= 0 && u_charType(c) == U_CURRENCY_SYMBOL) {
      out->begin_key(at);
      out->key_buffer().append("sym:");
      append_utf8(out->key_buffer(), static_cast<char32_t>(c));
      out->end_key(pos);
    }
  }
}

}  // namespace townhall::moderation
