// Token buckets keyed by a string (an email, an address), in memory.
//
// Each key may spend `capacity` tokens at once and regains them at
// capacity/window. Keys that have refilled completely are forgotten, so the
// table only holds keys that are being throttled. Limits are per process: with
// several nodes behind a balancer each node enforces its own share.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/time.hpp"

namespace townhall::api {

class Throttle {
 public:
  // capacity == 0 disables the throttle (every take succeeds).
  Throttle(double capacity, core::Millis window);

  // Takes one token for `key` at time `now`. Returns 0 when allowed, else the
  // milliseconds to wait before a token is available.
  core::Millis take(std::string_view key, core::Millis now);
  // Whether a token is available, without taking it.
  core::Millis peek(std::string_view key, core::Millis now);
  // Forgets the key (e.g. after a successful sign-in).
  void reset(std::string_view key);

 private:
  struct Bucket {
    double tokens;
    core::Millis updated;
  };
  Bucket refilled(std::string_view key, core::Millis now);  // REQUIRES: mu_ held
  void sweep(core::Millis now);                             // REQUIRES: mu_ held

  const double capacity_;
  const double per_milli_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // GUARDED_BY(mu_)
  core::Millis last_sweep_ = 0;                      // GUARDED_BY(mu_)
};

}  // namespace townhall::api
