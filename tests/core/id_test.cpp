#include "core/id.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

namespace townhall::core {
namespace {

constexpr int kTimeShift = kIdNodeBits + kIdSequenceBits;

std::uint32_t node_of(Id id) { return static_cast<std::uint32_t>(id >> kIdSequenceBits) & kMaxNodeId; }

TEST(IdGenerator, StrictlyIncreasingInOneThread) {
  IdGenerator gen(1);
  // Far more than 4096 per millisecond, so the sequence overflows and the
  // generator has to borrow the next millisecond.
  constexpr int kCount = 1'000'000;
  Id previous = gen.next();
  for (int i = 1; i < kCount; ++i) {
    const Id id = gen.next();
    ASSERT_GT(id, previous) << "at " << i;
    previous = id;
  }
}

TEST(IdGenerator, UniqueAcrossThreads) {
  IdGenerator gen(7);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100'000;
  std::vector<std::vector<Id>> per_thread(kThreads);
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&gen, &ids = per_thread[t]] {
      ids.reserve(kPerThread);
      for (int i = 0; i < kPerThread; ++i) ids.push_back(gen.next());
    });
  }
  for (auto& thread : threads) thread.join();

  std::vector<Id> all;
  all.reserve(static_cast<std::size_t>(kThreads) * kPerThread);
  for (const auto& ids : per_thread) {
    // Each thread sees its own ids in increasing order.
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
    all.insert(all.end(), ids.begin(), ids.end());
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "duplicate id";
  for (Id id : all) ASSERT_EQ(node_of(id), 7u);
}

TEST(IdGenerator, CarriesNodeId) {
  for (std::uint32_t node : {0u, 1u, 513u, kMaxNodeId}) {
    IdGenerator gen(node);
    for (int i = 0; i < 10; ++i) EXPECT_EQ(node_of(gen.next()), node);
  }
}

TEST(IdGenerator, DifferentNodesNeverCollide) {
  IdGenerator a(1);
  IdGenerator b(2);
  std::vector<Id> ids;
  for (int i = 0; i < 50'000; ++i) {
    ids.push_back(a.next());
    ids.push_back(b.next());
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST(IdGenerator, IdsFitInASignedSixtyFourBitColumn) {
  // Both SQL backends store ids as signed 64-bit integers.
  IdGenerator gen(kMaxNodeId);
  EXPECT_LE(gen.next(), static_cast<Id>(std::numeric_limits<std::int64_t>::max()));
}

TEST(IdGenerator, TimeOfIsCreationTime) {
  IdGenerator gen(3);
  const Millis before = now_millis();
  const Id id = gen.next();
  const Millis after = now_millis();
  EXPECT_GE(IdGenerator::time_of(id), before);
  EXPECT_LE(IdGenerator::time_of(id), after);
}

TEST(IdGenerator, TimeOfInvertsLowerBound) {
  for (Millis at : {kIdEpochMillis, kIdEpochMillis + 1, Millis{1796035081123}, Millis{4102444800000}}) {
    EXPECT_EQ(IdGenerator::time_of(IdGenerator::lower_bound_at(at)), at);
  }
  EXPECT_EQ(IdGenerator::lower_bound_at(kIdEpochMillis), 0u);
  EXPECT_EQ(IdGenerator::lower_bound_at(kIdEpochMillis + 1), Id{1} << kTimeShift);
  EXPECT_EQ(IdGenerator::time_of(0), kIdEpochMillis);
  // Before the epoch there are no ids: every id is at or above the bound.
  EXPECT_EQ(IdGenerator::lower_bound_at(0), 0u);
  EXPECT_EQ(IdGenerator::lower_bound_at(kIdEpochMillis - 1), 0u);
}

TEST(IdGenerator, LowerBoundOrdersWithGeneratedIds) {
  IdGenerator gen(kMaxNodeId);
  const Millis before = now_millis();
  const Id id = gen.next();
  const Millis after = now_millis();
  EXPECT_LE(IdGenerator::lower_bound_at(before), id);
  EXPECT_GT(IdGenerator::lower_bound_at(after + 1), id);
}

TEST(IdText, RoundTrips) {
  IdGenerator gen(5);
  for (int i = 0; i < 1000; ++i) {
    const Id id = gen.next();
    EXPECT_EQ(parse_id(id_to_string(id)), id);
  }
  for (Id id : {Id{1}, Id{9}, Id{10}, Id{1} << 62, static_cast<Id>(std::numeric_limits<std::int64_t>::max())}) {
    EXPECT_EQ(parse_id(id_to_string(id)), id);
  }
  EXPECT_EQ(id_to_string(1234567890123456789u), "1234567890123456789");
}

struct ParseIdCase {
  std::string_view text;
  std::optional<Id> expected;
};

constexpr ParseIdCase kParseIdCases[] = {
    {"1", 1},
    {"42", 42},
    {"7146454400000000000", 7146454400000000000u},
    {"9223372036854775807", static_cast<Id>(std::numeric_limits<std::int64_t>::max())},
    {"9223372036854775808", std::nullopt},  // ids are stored signed: 2^63 cannot exist
    {"18446744073709551615", std::nullopt},
    {"", std::nullopt},
    {"0", std::nullopt},
    {"00", std::nullopt},
    {"012", std::nullopt},
    {"-1", std::nullopt},
    {"+1", std::nullopt},
    {" 1", std::nullopt},
    {"1 ", std::nullopt},
    {"1\n", std::nullopt},
    {"1a", std::nullopt},
    {"a1", std::nullopt},
    {"0x1F", std::nullopt},
    {"1e3", std::nullopt},
    {"1.0", std::nullopt},
    {"1_000", std::nullopt},
    {"18446744073709551616", std::nullopt},   // 2^64
    {"99999999999999999999", std::nullopt},   // 20 digits, too big
    {"100000000000000000000", std::nullopt},  // 21 digits
    {"\xD9\xA1", std::nullopt},               // ARABIC-INDIC DIGIT ONE
    {"\xEF\xBC\x91", std::nullopt},           // FULLWIDTH DIGIT ONE
};

TEST(ParseId, CanonicalDecimalOnly) {
  for (const auto& c : kParseIdCases) {
    EXPECT_EQ(parse_id(c.text), c.expected) << '"' << c.text << '"';
  }
  EXPECT_EQ(parse_id(std::string_view("1\0", 2)), std::nullopt);
}

}  // namespace
}  // namespace townhall::core
