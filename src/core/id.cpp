#include "core/id.hpp"

#include <charconv>
#include <cstdint>
#include <thread>

namespace townhall::core {

IdGenerator::IdGenerator(std::uint32_t node_id) : node_id_(node_id & kMaxNodeId) {}

Id IdGenerator::next() {
  std::lock_guard lock(mu_);
  Millis now = now_millis();
  // A clock set before the id epoch would make the time field negative and
  // wrap into the top bits; such ids would sort after every real one.
  if (now < kIdEpochMillis) now = kIdEpochMillis;
  if (now < last_millis_) now = last_millis_;  // the clock stepped back: stay monotonic
  if (now == last_millis_) {
    if (++sequence_ >= (1u << kIdSequenceBits)) {
      // 4096 ids in one millisecond: borrow the next millisecond.
      ++now;
      sequence_ = 0;
    }
  } else {
    sequence_ = 0;
  }
  last_millis_ = now;
  return (static_cast<Id>(now - kIdEpochMillis) << (kIdNodeBits + kIdSequenceBits)) |
         (static_cast<Id>(node_id_) << kIdSequenceBits) | sequence_;
}

Id IdGenerator::lower_bound_at(Millis at) {
  if (at < kIdEpochMillis) return 0;
  return static_cast<Id>(at - kIdEpochMillis) << (kIdNodeBits + kIdSequenceBits);
}

Millis IdGenerator::time_of(Id id) {
  return static_cast<Millis>(id >> (kIdNodeBits + kIdSequenceBits)) + kIdEpochMillis;
}

std::string id_to_string(Id id) { return std::to_string(id); }

std::optional<Id> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 20 || text[0] == '0') return std::nullopt;
  Id value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  // Ids are stored as signed 64-bit integers; larger values cannot exist.
  if (value > static_cast<Id>(INT64_MAX)) return std::nullopt;
  return value;
}

}  // namespace townhall::core
