#include "live/sse.hpp"

#include <charconv>

namespace townhall::live::sse {

std::string event(std::string_view name, std::optional<std::uint64_t> id, std::string_view data) {
  std::string out;
  out.reserve(name.size() + data.size() + 48);
  out.append("event: ").append(name).push_back('\n');
  if (id) out.append("id: ").append(std::to_string(*id)).push_back('\n');
  // "\r\n", "\r" and "\n" all end a line in the format.
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = data.find_first_of("\r\n", start);
    out.append("data: ").append(data.substr(start, end - start)).push_back('\n');
    if (end == std::string_view::npos) break;
    start = end + 1;
    if (data[end] == '\r' && start < data.size() && data[start] == '\n') ++start;
  }
  out.push_back('\n');
  return out;
}

std::string preamble(int retry_ms, std::optional<std::uint64_t> id) {
  std::string out = "retry: " + std::to_string(retry_ms) + "\n";
  if (id) out.append("id: ").append(std::to_string(*id)).push_back('\n');
  out.push_back('\n');
  return out;
}

std::optional<std::uint64_t> parse_event_id(std::string_view text) {
  std::uint64_t id = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, id);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return id;
}

}  // namespace townhall::live::sse
