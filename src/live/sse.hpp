// The server-sent events wire format (HTML Living Standard, "Server-sent
// events"): blocks of "field: value" lines ended by a blank line. Plain
// functions so the bytes readers receive can be tested directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace townhall::live::sse {

// A comment line: keeps proxies from closing an idle stream; EventSource
// ignores it.
inline constexpr std::string_view kPing = ": ping\n\n";

// "event: <name>\nid: <id>\ndata: <data>\n\n". Each line of `data` becomes
// a data line of its own (a client joins them with "\n"), so a payload can
// never end the block early. `name` and the id must not contain newlines.
std::string event(std::string_view name, std::optional<std::uint64_t> id, std::string_view data);

// "retry: <ms>\n", then "id: <id>\n" when given, then the blank line. No
// event is dispatched (there is no data), but the client takes the
// reconnection delay and, per the standard, the id as its last event id.
std::string preamble(int retry_ms, std::optional<std::uint64_t> id);

// The value of a Last-Event-ID header (or query parameter): a decimal
// 64-bit number, else nullopt.
std::optional<std::uint64_t> parse_event_id(std::string_view text);

}  // namespace townhall::live::sse
