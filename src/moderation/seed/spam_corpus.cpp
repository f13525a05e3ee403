#include "moderation/seed/spam_corpus.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <sstream>
#include <system_error>

#include "core/text.hpp"

namespace townhall::moderation::seed {

using core::append_utf8;

namespace {

namespace fs = std::filesystem;

constexpr std::array<std::string_view, 5> kGroups = {"easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"};
// Nested multiparts deeper than this are attachments' business, not text.
constexpr int kMaxMimeDepth = 8;

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (ascii_lower(text[i]) != prefix[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = ascii_lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Old mail is mostly Latin-1 when it is not UTF-8.
std::string to_utf8(std::string text) {
  if (core::is_valid_utf8(text)) return text;
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) append_utf8(out, static_cast<unsigned char>(c));
  return out;
}

std::string decode_base64(std::string_view in) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+') v = 62;
    if (c == '/') v = 63;
    if (c == '=') break;
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::string decode_quoted_printable(std::string_view in, bool underscore_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '_' && underscore_is_space) {
      out.push_back(' ');
    } else if (c == '=' && i + 1 < in.size() && in[i + 1] == '\n') {
      ++i;  // soft line break
    } else if (c == '=' && i + 2 < in.size() && hex_value(in[i + 1]) >= 0 && hex_value(in[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// RFC 2047 encoded words in a header: =?charset?B|Q?text?=
std::string decode_header(std::string_view value) {
  std::string out;
  while (!value.empty()) {
    const auto start = value.find("=?");
    if (start == std::string_view::npos) break;
    const auto q1 = value.find('?', start + 2);
    const auto q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    const auto stop = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (stop == std::string_view::npos || q2 != q1 + 2) {
      out.append(value.substr(0, start + 2));
      value.remove_prefix(start + 2);
      continue;
    }
    out.append(value.substr(0, start));
    const char encoding = ascii_lower(value[q1 + 1]);
    const auto payload = value.substr(q2 + 1, stop - q2 - 1);
    out += encoding == 'b' ? decode_base64(payload) : decode_quoted_printable(payload, true);
    value.remove_prefix(stop + 2);
  }
  out.append(value);
  return to_utf8(std::move(out));
}

struct Headers {
  std::string subject;
  std::string content_type;  // full value
  std::string transfer_encoding;
};

// Splits a part at its first blank line; unfolds continuation lines.
Headers parse_headers(std::string_view block) {
  Headers headers;
  std::string* current = nullptr;
  std::size_t pos = 0;
  while (pos < block.size()) {
    auto eol = block.find('\n', pos);
    if (eol == std::string_view::npos) eol = block.size();
    const auto line = block.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      if (current != nullptr) *current += " " + std::string(trim(line));
      continue;
    }
    current = nullptr;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const auto name = lower(line.substr(0, colon));
    const auto value = std::string(trim(line.substr(colon + 1)));
    if (name == "subject") current = &(headers.subject = value);
    if (name == "content-type") current = &(headers.content_type = value);
    if (name == "content-transfer-encoding") current = &(headers.transfer_encoding = lower(value));
  }
  return headers;
}

std::string parameter(std::string_view header_value, std::string_view name) {
  const auto lowered = lower(header_value);
  std::size_t at = 0;
  while ((at = lowered.find(name, at)) != std::string::npos) {
    const bool starts = at == 0 || lowered[at - 1] == ';' || lowered[at - 1] == ' ' || lowered[at - 1] == '\t';
    const auto eq = at + name.size();
    if (!starts || eq >= lowered.size() || lowered[eq] != '=') {
      at = eq;
      continue;
    }
    auto value = header_value.substr(eq + 1);
    if (!value.empty() && value.front() == '"') {
      value.remove_prefix(1);
      return std::string(value.substr(0, value.find('"')));
    }
    return std::string(trim(value.substr(0, value.find_first_of("; \t"))));
  }
  return {};
}

void decode_entity(std::string_view entity, std::string& out) {
  if (entity == "amp") return out.push_back('&');
  if (entity == "lt") return out.push_back('<');
  if (entity == "gt") return out.push_back('>');
  if (entity == "quot") return out.push_back('"');
  if (entity == "apos") return out.push_back('\'');
  if (entity == "nbsp") return out.push_back(' ');
  if (entity.size() > 1 && entity[0] == '#') {
    std::uint32_t code = 0;
    const bool hex = entity[1] == 'x' || entity[1] == 'X';
    for (const char c : entity.substr(hex ? 2 : 1)) {
      const int v = hex ? hex_value(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
      if (v < 0 || code > 0x10ffff) return;
      code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
    }
    append_utf8(out, code);
    return;
  }
  out.push_back(' ');
}

bool inline_tag(std::string_view name) {
  static constexpr std::array<std::string_view, 8> kInline = {"b", "i", "u", "font", "span", "strong", "em", "a"};
  return std::find(kInline.begin(), kInline.end(), name) != kInline.end();
}

// Text of an HTML part: tags removed (a space for block tags), scripts,
// styles and comments dropped, entities decoded, link and image targets
// kept.
std::string strip_html(std::string_view html) {
  std::string out;
  out.reserve(html.size() / 2);
  std::size_t pos = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    if (c == '&') {
      const auto semi = html.find(';', pos);
      if (semi != std::string_view::npos && semi - pos <= 10) {
        decode_entity(lower(html.substr(pos + 1, semi - pos - 1)), out);
        pos = semi + 1;
        continue;
      }
    }
    if (c != '<') {
      out.push_back(c);
      ++pos;
      continue;
    }
    if (html.substr(pos, 4) == "<!--") {
      const auto close = html.find("-->", pos + 4);
      pos = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    const auto close = html.find('>', pos);
    if (close == std::string_view::npos) break;
    const auto tag = html.substr(pos + 1, close - pos - 1);
    pos = close + 1;
    auto bare = tag;
    const bool closing = !bare.empty() && bare.front() == '/';
    if (closing) bare.remove_prefix(1);
    const auto name = lower(bare.substr(0, bare.find_first_of(" \t\n/>")));
    if (!closing && (name == "script" || name == "style")) {
      const auto end = lower(html.substr(pos)).find("</" + name);
      pos = end == std::string::npos ? html.size() : pos + end;
      continue;
    }
    auto link = parameter(tag, "href");
    if (link.empty() && name == "img") link = parameter(tag, "src");
    if (!link.empty() && !iequals_prefix(link, "mailto:")) {
      out += ' ' + link + ' ';
    } else if (!inline_tag(name)) {
      out.push_back(' ');
    }
  }
  return out;
}

void render_part(std::string_view part, int depth, std::string& out) {
  const auto blank = part.find("\n\n");
  const auto header_block = blank == std::string_view::npos ? part : part.substr(0, blank);
  const auto body = blank == std::string_view::npos ? std::string_view() : part.substr(blank + 2);
  const auto headers = parse_headers(header_block);
  const auto type = lower(trim(std::string_view(headers.content_type).substr(0, headers.content_type.find(';'))));
  if (type.rfind("multipart/", 0) == 0) {
    const auto boundary = parameter(headers.content_type, "boundary");
    if (boundary.empty() || depth >= kMaxMimeDepth) return;
    const auto delimiter = "\n--" + boundary;
    const std::string padded = "\n" + std::string(body);
    std::size_t at = padded.find(delimiter);
    while (at != std::string::npos) {
      auto start = at + delimiter.size();
      if (padded.compare(start, 2, "--") == 0) break;
      start = padded.find('\n', start);
      if (start == std::string::npos) break;
      const auto next = padded.find(delimiter, start);
      const auto end = next == std::string::npos ? padded.size() : next;
      render_part(std::string_view(padded).substr(start + 1, end - start - 1), depth + 1, out);
      at = next;
    }
    return;
  }
  if (!type.empty() && type != "text/plain" && type != "text/html") return;
  std::string text;
  if (headers.transfer_encoding == "base64") {
    text = decode_base64(body);
  } else if (headers.transfer_encoding == "quoted-printable") {
    text = decode_quoted_printable(body, false);
  } else {
    text = body;
  }
  if (type == "text/html") text = strip_html(text);
  out += to_utf8(std::move(text));
  out.push_back('\n');
}

// FNV-1a, for a split that is the same on every platform.
std::uint64_t fnv1a(std::uint64_t seed, std::string_view a, std::string_view b) {
  std::uint64_t h = 14695981039346656037ULL ^ seed;
  for (const auto s : {a, std::string_view("/"), b}) {
    for (const char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
  }
  return h;
}

}  // namespace

fs::path spam_assassin_data_dir(const fs::path& corpus_project_dir) {
  return corpus_project_dir / "node_modules" / "@stdlib" / "datasets-spam-assassin" / "data";
}

core::Result<std::vector<CorpusMessage>> load_spam_assassin(const fs::path& data_dir) {
  std::vector<CorpusMessage> messages;
  for (const auto group : kGroups) {
    const auto dir = data_dir / group;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      return core::make_error(core::ErrorKind::kNotFound, "spam_corpus_missing",
                              "the SpamAssassin corpus is not installed: " + dir.string() +
                                  " is missing; run scripts/install-spam-corpus.sh (npm ci in data/spam-corpus)");
    }
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".txt") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& path : files) {
      std::ifstream in(path, std::ios::binary);
      std::ostringstream raw;
      raw << in.rdbuf();
      if (!in) {
        return core::make_error(core::ErrorKind::kInternal, "spam_corpus_unreadable", "cannot read " + path.string());
      }
      messages.push_back(CorpusMessage{std::string(group), path.filename().string(), group.rfind("spam", 0) == 0,
                                       email_to_comment_text(raw.str())});
    }
  }
  return messages;
}

std::string email_to_comment_text(std::string_view raw_email) {
  std::string message;
  message.reserve(raw_email.size());
  for (std::size_t i = 0; i < raw_email.size(); ++i) {
    if (raw_email[i] == '\r') {
      message.push_back('\n');
      if (i + 1 < raw_email.size() && raw_email[i + 1] == '\n') ++i;
    } else {
      message.push_back(raw_email[i]);
    }
  }
  const auto blank = message.find("\n\n");
  const auto headers = parse_headers(std::string_view(message).substr(0, blank));
  std::string out = decode_header(headers.subject);
  out += "\n\n";
  render_part(message, 0, out);
  return out;
}

Split stratified_split(const std::vector<CorpusMessage>& messages, double train_fraction, std::uint64_t seed) {
  Split split;
  for (const bool spam : {false, true}) {
    std::vector<std::pair<std::uint64_t, const CorpusMessage*>> ordered;
    for (const auto& m : messages) {
      if (m.spam == spam) ordered.emplace_back(fnv1a(seed, m.group, m.name), &m);
    }
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first < b.first : a.second->name < b.second->name;
    });
    const auto train_count =
        static_cast<std::size_t>(std::lround(static_cast<double>(ordered.size()) * train_fraction));
    for (std::size_t i = 0; i < ordered.size(); ++i) {
      (i < train_count ? split.train : split.test).push_back(ordered[i].second);
    }
  }
  return split;
}

}  // namespace townhall::moderation::seed
