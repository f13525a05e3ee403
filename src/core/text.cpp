#include "core/text.hpp"

#include <cstdio>
#include <optional>

namespace townhall::core {

namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Decodes the code point starting at `pos` following the well-formed byte
// sequences of Unicode (Table 3-7): the bounds on the second byte are what
// exclude overlong forms, surrogates and values above U+10FFFF, so a decoded
// value never needs a second range check. On success advances `pos`.
std::optional<char32_t> decode_one(std::string_view text, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) {
    ++pos;
    return lead;
  }
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  char32_t value = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    value = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    value = lead & 0x0F;
    if (lead == 0xE0) second_min = 0xA0;  // overlong below U+0800
    if (lead == 0xED) second_max = 0x9F;  // surrogates U+D800..U+DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    value = lead & 0x07;
    if (lead == 0xF0) second_min = 0x90;  // overlong below U+10000
    if (lead == 0xF4) second_max = 0x8F;  // above U+10FFFF
  } else {
    // 0x80..0xC1 (stray continuation or overlong 2-byte lead) and 0xF5..0xFF.
    return std::nullopt;
  }
  if (text.size() - pos < length) return std::nullopt;
  const auto second = static_cast<unsigned char>(text[pos + 1]);
  if (second < second_min || second > second_max) return std::nullopt;
  value = (value << 6) | (second & 0x3F);
  for (std::size_t i = 2; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if (!is_continuation(byte)) return std::nullopt;
    value = (value << 6) | (byte & 0x3F);
  }
  pos += length;
  return value;
}

bool is_forbidden(char32_t cp) {
  constexpr char32_t kTab = 0x09;
  constexpr char32_t kLineFeed = 0x0A;
  constexpr char32_t kCarriageReturn = 0x0D;
  if (cp < 0x20) return cp != kTab && cp != kLineFeed && cp != kCarriageReturn;
  // DEL is not formally C0 or C1 but is a control character all the same.
  if (cp >= 0x7F && cp <= 0x9F) return true;
  if (cp == 0xFFFE || cp == 0xFFFF) return true;
  // Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI,
  // RLI, FSI, PDI) can reorder what follows them, e.g. to make a link or a
  // name read differently from what it is. The plain marks LRM/RLM stay
  // allowed: right-to-left writers need them and they cannot reorder.
  if (cp >= 0x202A && cp <= 0x202E) return true;
  if (cp >= 0x2066 && cp <= 0x2069) return true;
  return false;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (!decode_one(text, pos)) return false;
  }
  return true;
}

std::size_t count_code_points(std::string_view text) {
  // Every code point has exactly one byte that is not a continuation byte.
  std::size_t count = 0;
  for (char c : text) {
    if (!is_continuation(static_cast<unsigned char>(c))) ++count;
  }
  return count;
}

bool has_forbidden_characters(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto cp = decode_one(text, pos);
    // Outside the precondition, but a check that answers "fine" for bytes it
    // cannot read would be the wrong failure for a safety check.
    if (!cp) return true;
    if (is_forbidden(*cp)) return true;
  }
  return false;
}

std::string normalize_newlines_and_trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && is_ascii_space(text[begin])) ++begin;
  while (end > begin && is_ascii_space(text[end - 1])) --end;
  std::string out;
  out.reserve(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < end && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    if (c >= 0xD800 && c <= 0xDFFF) return;
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x110000) {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace townhall::core
