#include "core/time.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <string_view>

namespace townhall::core {
namespace {

constexpr Millis kEpoch2024 = 1704067200000;  // 2024-01-01T00:00:00Z

struct FormatCase {
  Millis at;
  std::string_view text;
};

constexpr FormatCase kFormatCases[] = {
    {0, "1970-01-01T00:00:00.000Z"},
    {1, "1970-01-01T00:00:00.001Z"},
    {-1, "1969-12-31T23:59:59.999Z"},
    {-kMillisPerDay, "1969-12-31T00:00:00.000Z"},
    {951782400000, "2000-02-29T00:00:00.000Z"},
    {kEpoch2024, "2024-01-01T00:00:00.000Z"},
    {1709164800000, "2024-02-29T00:00:00.000Z"},
    {1735689599999, "2024-12-31T23:59:59.999Z"},
    {1796035081123, "2026-11-30T10:38:01.123Z"},
    {4102444800000, "2100-01-01T00:00:00.000Z"},
    {253402300799999, "9999-12-31T23:59:59.999Z"},
};

TEST(FormatRfc3339, Table) {
  for (const auto& c : kFormatCases) {
    EXPECT_EQ(format_rfc3339(c.at), c.text) << c.at;
  }
}

TEST(ParseRfc3339, ParsesWhatFormatWrites) {
  for (const auto& c : kFormatCases) {
    if (c.at < 0) continue;  // years before 1970 still parse, but keep the table simple
    EXPECT_EQ(parse_rfc3339(c.text), c.at) << c.text;
  }
}

struct ParseCase {
  std::string_view text;
  std::optional<Millis> expected;
};

const ParseCase kParseCases[] = {
    // Accepted forms.
    {"2024-01-01T00:00:00Z", kEpoch2024},
    {"2024-01-01t00:00:00z", kEpoch2024},
    {"2024-01-01T00:00:00.5Z", kEpoch2024 + 500},
    {"2024-01-01T00:00:00.05Z", kEpoch2024 + 50},
    {"2024-01-01T00:00:00.123Z", kEpoch2024 + 123},
    {"2024-01-01T00:00:00.123999999Z", kEpoch2024 + 123},  // truncated, not rounded
    {"2024-01-01T02:00:00+02:00", kEpoch2024},
    {"2023-12-31T19:00:00-05:00", kEpoch2024},
    {"2023-12-31T18:30:00-05:30", kEpoch2024},
    {"2024-01-01T05:45:00+05:45", kEpoch2024},
    {"2024-01-01T00:00:00+00:00", kEpoch2024},
    {"2024-01-01T00:00:00-00:00", kEpoch2024},
    {"2024-01-01T23:59:00+23:59", kEpoch2024},
    {"2024-01-01T00:00:00.250+01:00", kEpoch2024 - kMillisPerHour + 250},
    {"2024-02-29T00:00:00Z", 1709164800000},
    {"2000-02-29T00:00:00Z", 951782400000},
    {"1970-01-01T00:00:00Z", 0},
    {"1969-12-31T23:59:59.999Z", -1},
    // A leap second is valid RFC 3339; it counts as the next second.
    {"2016-12-31T23:59:60Z", 1483228800000},
    // Rejected: shape.
    {"", std::nullopt},
    {"2024", std::nullopt},
    {"2024-01-01", std::nullopt},
    {"2024-01-01T00:00:00", std::nullopt},
    {"2024-01-01T00:00Z", std::nullopt},
    {"2024-01-01 00:00:00Z", std::nullopt},
    {"2024-01-01X00:00:00Z", std::nullopt},
    {"2024/01/01T00:00:00Z", std::nullopt},
    {"24-01-01T00:00:00Z", std::nullopt},
    {"2024-1-01T00:00:00Z", std::nullopt},
    {"2024-01-01T0:00:00Z", std::nullopt},
    {" 2024-01-01T00:00:00Z", std::nullopt},
    {"2024-01-01T00:00:00Z ", std::nullopt},
    {"2024-01-01T00:00:00ZZ", std::nullopt},
    {"2024-01-01T00:00:00.Z", std::nullopt},
    {"2024-01-01T00:00:00,5Z", std::nullopt},
    {"2024-01-01T00:00:00.5", std::nullopt},
    {"2024-01-01T00:00:00UTC", std::nullopt},
    {"+2024-01-01T00:00:00Z", std::nullopt},
    {"2024-0a-01T00:00:00Z", std::nullopt},
    {"2024-01-01T00:00:00\xEF\xBC\x9A", std::nullopt},
    // Rejected: offsets.
    {"2024-01-01T00:00:00+02", std::nullopt},
    {"2024-01-01T00:00:00+0200", std::nullopt},
    {"2024-01-01T00:00:00+2:00", std::nullopt},
    {"2024-01-01T00:00:00+02:0", std::nullopt},
    {"2024-01-01T00:00:00+02:00Z", std::nullopt},
    {"2024-01-01T00:00:00+24:00", std::nullopt},
    {"2024-01-01T00:00:00+99:00", std::nullopt},
    {"2024-01-01T00:00:00-02:60", std::nullopt},
    {"2024-01-01T00:00:00+02:99", std::nullopt},
    // Rejected: out-of-range fields.
    {"2024-00-01T00:00:00Z", std::nullopt},
    {"2024-13-01T00:00:00Z", std::nullopt},
    {"2024-01-00T00:00:00Z", std::nullopt},
    {"2024-01-32T00:00:00Z", std::nullopt},
    {"2024-02-30T00:00:00Z", std::nullopt},
    {"2024-02-31T00:00:00Z", std::nullopt},
    {"2023-02-29T00:00:00Z", std::nullopt},
    {"1900-02-29T00:00:00Z", std::nullopt},
    {"2024-04-31T00:00:00Z", std::nullopt},
    {"2024-06-31T00:00:00Z", std::nullopt},
    {"2024-09-31T00:00:00Z", std::nullopt},
    {"2024-11-31T00:00:00Z", std::nullopt},
    {"2024-01-01T24:00:00Z", std::nullopt},
    {"2024-01-01T00:60:00Z", std::nullopt},
    {"2024-01-01T00:00:61Z", std::nullopt},
};

TEST(ParseRfc3339, Table) {
  for (const auto& c : kParseCases) {
    EXPECT_EQ(parse_rfc3339(c.text), c.expected) << '"' << c.text << '"';
  }
}

TEST(ParseRfc3339, LastDayOfEveryMonthIsAccepted) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int year : {1999, 2000, 2023, 2024, 2100}) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    for (int month = 1; month <= 12; ++month) {
      const int last = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
      char valid[32];
      char invalid[32];
      std::snprintf(valid, sizeof valid, "%04d-%02d-%02dT12:00:00Z", year, month, last);
      std::snprintf(invalid, sizeof invalid, "%04d-%02d-%02dT12:00:00Z", year, month, last + 1);
      EXPECT_TRUE(parse_rfc3339(valid).has_value()) << valid;
      EXPECT_FALSE(parse_rfc3339(invalid).has_value()) << invalid;
    }
  }
}

TEST(Rfc3339, RandomRoundTrips) {
  std::mt19937_64 rng(20240101);
  // Year 0001 through 9999: everything a four-digit year can hold.
  std::uniform_int_distribution<Millis> dist(-62135596800000, 253402300799999);
  for (int i = 0; i < 100000; ++i) {
    const Millis at = dist(rng);
    const std::string text = format_rfc3339(at);
    ASSERT_EQ(text.size(), 24u) << text;
    ASSERT_EQ(parse_rfc3339(text), at) << text;
  }
}

TEST(Rfc3339, OffsetsDenoteTheSameInstant) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<Millis> dist(0, 4102444800000);
  for (int i = 0; i < 1000; ++i) {
    // Reformat the UTC text with an offset by shifting the wall clock.
    const Millis at = dist(rng) / kMillisPerMinute * kMillisPerMinute;
    const Millis offset = 5 * kMillisPerHour + 30 * kMillisPerMinute;
    std::string local = format_rfc3339(at + offset);
    local.replace(local.size() - 1, 1, "+05:30");
    ASSERT_EQ(parse_rfc3339(local), at) << local;
  }
}

TEST(NowMillis, IsCurrentAndMonotonicEnough) {
  const Millis a = now_millis();
  const Millis b = now_millis();
  EXPECT_GT(a, kEpoch2024);
  EXPECT_GE(b, a);
}

}  // namespace
}  // namespace townhall::core
