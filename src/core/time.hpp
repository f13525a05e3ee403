// Wall-clock time as Unix milliseconds, and its RFC 3339 text form.
//
// Domain types carry `Millis` rather than std::chrono types so both storage
// backends and the JSON views agree on one plain representation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace townhall::core {

using Millis = std::int64_t;

constexpr Millis kMillisPerSecond = 1000;
constexpr Millis kMillisPerMinute = 60 * kMillisPerSecond;
constexpr Millis kMillisPerHour = 60 * kMillisPerMinute;
constexpr Millis kMillisPerDay = 24 * kMillisPerHour;

// Milliseconds since the Unix epoch, from the system clock.
Millis now_millis();

// "2026-11-30T10:38:01.123Z" (always UTC, always milliseconds).
std::string format_rfc3339(Millis at);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fff]Z" and numeric offsets ("+02:00").
// Returns nullopt when the text is not such a timestamp.
std::optional<Millis> parse_rfc3339(std::string_view text);

}  // namespace townhall::core
