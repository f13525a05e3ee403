#include "api/throttle.hpp"

#include <algorithm>
#include <cmath>

namespace townhall::api {

namespace {
// How often full buckets are dropped from the table.
constexpr core::Millis kSweepInterval = core::kMillisPerMinute;
}  // namespace

Throttle::Throttle(double capacity, core::Millis window)
    : capacity_(capacity), per_milli_(window > 0 ? capacity / static_cast<double>(window) : 0.0) {}

Throttle::Bucket Throttle::refilled(std::string_view key, core::Millis now) {
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return Bucket{capacity_, now};
  Bucket b = it->second;
  const auto elapsed = static_cast<double>(std::max<core::Millis>(0, now - b.updated));
  b.tokens = std::min(capacity_, b.tokens + elapsed * per_milli_);
  b.updated = now;
  return b;
}

void Throttle::sweep(core::Millis now) {
  if (now - last_sweep_ < kSweepInterval) return;
  last_sweep_ = now;
  std::erase_if(buckets_, [&](const auto& item) {
    const auto elapsed = static_cast<double>(std::max<core::Millis>(0, now - item.second.updated));
    return item.second.tokens + elapsed * per_milli_ >= capacity_;
  });
}

core::Millis Throttle::take(std::string_view key, core::Millis now) {
  if (capacity_ <= 0) return 0;
  std::lock_guard lock(mu_);
  sweep(now);
  Bucket b = refilled(key, now);
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    buckets_.insert_or_assign(std::string(key), b);
    return 0;
  }
  return static_cast<core::Millis>(std::ceil((1.0 - b.tokens) / per_milli_));
}

core::Millis Throttle::peek(std::string_view key, core::Millis now) {
  if (capacity_ <= 0) return 0;
  std::lock_guard lock(mu_);
  Bucket b = refilled(key, now);
  if (b.tokens >= 1.0) return 0;
  return static_cast<core::Millis>(std::ceil((1.0 - b.tokens) / per_milli_));
}

void Throttle::reset(std::string_view key) {
  std::lock_guard lock(mu_);
  buckets_.erase(std::string(key));
}

}  // namespace townhall::api
