#include "http/wire.hpp"

#include <array>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <random>

namespace townhall::http::wire {
namespace {

constexpr std::string_view kServerName = "townhall";
constexpr int kFirstFinalStatus = 200;
constexpr int kLastValidStatus = 599;
constexpr int kNoContent = 204;
constexpr int kNotModified = 304;
constexpr int kInternalServerError = 500;

// Fields the server writes itself; a handler's copy would duplicate or
// contradict them (two Content-Lengths is a request-smuggling vector).
constexpr std::array<std::string_view, 6> kServerOwnedFields = {
    "content-length", "transfer-encoding", "connection", "date", "server", "x-request-id",
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool is_server_owned(std::string_view name) {
  for (auto owned : kServerOwnedFields) {
    if (iequals(name, owned)) return true;
  }
  return false;
}

bool is_safe_field(const Header& h) {
  if (h.name.empty()) return false;
  for (char c : h.name) {
    if (c == '\r' || c == '\n' || c == ':' || c == ' ' || c == '\t') return false;
  }
  for (char c : h.value) {
    if (c == '\r' || c == '\n') return false;
  }
  return true;
}

void append_number(std::size_t n, std::string* out) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out->append(digits, end);
}

void append_field(std::string_view name, std::string_view value, std::string* out) {
  out->append(name);
  out->append(": ");
  out->append(value);
  out->append("\r\n");
}

void put_two_digits(int n, char* out) {
  out[0] = static_cast<char>('0' + n / 10);
  out[1] = static_cast<char>('0' + n % 10);
}

// splitmix64: tiny state, good enough output for ids that only need to be
// unlikely to collide; seeded per thread so no lock is shared.
std::uint64_t next_random() {
  thread_local std::uint64_t state = [] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }();
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

}  // namespace

bool status_allows_body(int status) { return status != kNoContent && status != kNotModified; }

std::size_t append_chunk_header(std::size_t size, char* out) {
  auto [end, ec] = std::to_chars(out, out + kMaxChunkHeaderLength - kChunkEnd.size(), size, 16);
  kChunkEnd.copy(end, kChunkEnd.size());
  return static_cast<std::size_t>(end - out) + kChunkEnd.size();
}

int append_response_head(const ResponseHead& head, const std::vector<Header>& extra, std::string* out) {
  int status = head.status;
  if (status < kFirstFinalStatus || status > kLastValidStatus) status = kInternalServerError;

  out->append("HTTP/1.1 ");
  append_number(static_cast<std::size_t>(status), out);
  out->push_back(' ');
  auto known = boost::beast::http::int_to_status(static_cast<unsigned>(status));
  if (known != boost::beast::http::status::unknown) {
    auto reason = boost::beast::http::obsolete_reason(known);
    out->append(reason.data(), reason.size());
  }
  out->append("\r\n");

  append_field("Server", kServerName, out);
  append_field("Date", head.date, out);
  append_field("X-Request-Id", head.request_id, out);
  if (status_allows_body(status)) {
    switch (head.framing) {
      case BodyFraming::kContentLength:
        out->append("Content-Length: ");
        append_number(head.content_length, out);
        out->append("\r\n");
        break;
      case BodyFraming::kChunked: append_field("Transfer-Encoding", "chunked", out); break;
      case BodyFraming::kUntilClose: break;
    }
  }
  if (head.connection == ConnectionHeader::kClose) {
    append_field("Connection", "close", out);
  } else if (head.connection == ConnectionHeader::kKeepAlive) {
    append_field("Connection", "keep-alive", out);
  }
  for (const auto& h : extra) {
    if (is_server_owned(h.name) || !is_safe_field(h)) continue;
    append_field(h.name, h.value, out);
  }
  out->append("\r\n");
  return status;
}

void format_http_date(std::time_t at, char* out) {
  static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                               "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&at, &tm);
  // Fixed English names: strftime's %a/%b would follow the process locale.
  kDays[static_cast<std::size_t>(tm.tm_wday)].copy(out, 3);
  out[3] = ',';
  out[4] = ' ';
  put_two_digits(tm.tm_mday, out + 5);
  out[7] = ' ';
  kMonths[static_cast<std::size_t>(tm.tm_mon)].copy(out + 8, 3);
  out[11] = ' ';
  const int year = tm.tm_year + 1900;
  put_two_digits(year / 100, out + 12);
  put_two_digits(year % 100, out + 14);
  out[16] = ' ';
  put_two_digits(tm.tm_hour, out + 17);
  out[19] = ':';
  put_two_digits(tm.tm_min, out + 20);
  out[22] = ':';
  put_two_digits(tm.tm_sec, out + 23);
  std::string_view(" GMT").copy(out + 25, 4);
}

std::string_view current_http_date() {
  struct Cache {
    std::time_t second = -1;
    char text[kHttpDateLength];
  };
  thread_local Cache cache;
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (now != cache.second) {
    format_http_date(now, cache.text);
    cache.second = now;
  }
  return {cache.text, kHttpDateLength};
}

std::string new_request_id() {
  static constexpr std::string_view kAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
  constexpr int kBitsPerChar = 5;
  constexpr std::uint64_t kCharMask = (1u << kBitsPerChar) - 1;
  std::uint64_t bits = next_random();
  std::string id(kGeneratedRequestIdLength, '0');
  for (auto& c : id) {
    c = kAlphabet[bits & kCharMask];
    bits >>= kBitsPerChar;
  }
  return id;
}

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

void split_target(std::string_view target, std::string* path, std::string* query) {
  // RFC 9112 §3.2.2: servers must accept absolute-form even though only
  // proxies are sent it by browsers.
  if (!target.empty() && target.front() != '/') {
    if (auto scheme_end = target.find("://"); scheme_end != std::string_view::npos) {
      auto path_start = target.find_first_of("/?", scheme_end + 3);
      target = path_start == std::string_view::npos ? std::string_view{} : target.substr(path_start);
    }
  }
  const auto question = target.find('?');
  std::string_view raw_path = target.substr(0, question);
  if (raw_path.empty()) raw_path = "/";
  path->assign(raw_path);
  if (question == std::string_view::npos) {
    query->clear();
  } else {
    query->assign(target.substr(question + 1));
  }
}

std::optional<std::string> last_forwarded_address(std::string_view forwarded_for) {
  auto comma = forwarded_for.rfind(',');
  std::string_view last = comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
  constexpr std::string_view kSpace = " \t";
  const auto first = last.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return std::nullopt;
  last = last.substr(first, last.find_last_not_of(kSpace) - first + 1);
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(last, ec);
  if (ec) return std::nullopt;
  return address.to_string();
}

std::shared_ptr<const std::string> error_body(std::string_view code, std::string_view message) {
  boost::json::value body = {{"error", {{"code", code}, {"message", message}}}};
  return std::make_shared<const std::string>(boost::json::serialize(body));
}

}  // namespace townhall::http::wire
