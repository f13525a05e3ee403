// 64-bit identifiers that are time-ordered and unique across nodes.
//
// Layout (most significant first): 41 bits of milliseconds since
// 2024-01-01T00:00:00Z (good until 2093), 10 bits of node id, 12 bits of
// sequence within the millisecond. Sorting ids sorts by creation time, which
// the thread's "newest"/"oldest" orders and keyset cursors rely on.
// JSON carries ids as decimal strings because JavaScript numbers lose
// precision above 2^53.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace townhall::core {

using Id = std::uint64_t;

constexpr Millis kIdEpochMillis = 1704067200000;  // 2024-01-01T00:00:00Z
constexpr int kIdNodeBits = 10;
constexpr int kIdSequenceBits = 12;
constexpr std::uint32_t kMaxNodeId = (1u << kIdNodeBits) - 1;

// Thread-safe. One generator per process; node ids must differ between the
// processes that share a database.
class IdGenerator {
 public:
  // REQUIRES: node_id <= kMaxNodeId
  explicit IdGenerator(std::uint32_t node_id);

  Id next();

  // The smallest id that next() could return at `at`; used to turn a time
  // into an id bound for queries.
  static Id lower_bound_at(Millis at);
  static Millis time_of(Id id);

 private:
  std::mutex mu_;
  const std::uint32_t node_id_;
  Millis last_millis_ = 0;      // GUARDED_BY(mu_)
  std::uint32_t sequence_ = 0;  // GUARDED_BY(mu_)
};

std::string id_to_string(Id id);
// Accepts only canonical decimal text of an id in 1..INT64_MAX.
std::optional<Id> parse_id(std::string_view text);

}  // namespace townhall::core
