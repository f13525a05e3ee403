#include "api/throttle.hpp"

#include <gtest/gtest.h>

namespace townhall::api {
namespace {

constexpr core::Millis kMinute = core::kMillisPerMinute;

TEST(Throttle, AllowsCapacityThenAsksToWaitForOneToken) {
  Throttle t(5, 15 * kMinute);  // 5 per 15 minutes: one token every 3 minutes
  for (int i = 0; i < 5; ++i) EXPECT_EQ(t.take("ada", 0), 0);
  EXPECT_EQ(t.take("ada", 0), 3 * kMinute);
  EXPECT_EQ(t.take("ada", 3 * kMinute), 0) << "one token refilled";
  EXPECT_GT(t.take("ada", 3 * kMinute), 0);
}

TEST(Throttle, KeysAreIndependentAndResetForgets) {
  Throttle t(1, kMinute);
  EXPECT_EQ(t.take("a", 0), 0);
  EXPECT_GT(t.take("a", 0), 0);
  EXPECT_EQ(t.take("b", 0), 0);
  t.reset("a");
  EXPECT_EQ(t.take("a", 0), 0);
}

TEST(Throttle, PeekDoesNotSpend) {
  Throttle t(1, kMinute);
  EXPECT_EQ(t.peek("k", 0), 0);
  EXPECT_EQ(t.peek("k", 0), 0);
  EXPECT_EQ(t.take("k", 0), 0);
  EXPECT_GT(t.peek("k", 0), 0);
}

TEST(Throttle, ZeroCapacityDisables) {
  Throttle t(0, kMinute);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(t.take("k", 0), 0);
}

}  // namespace
}  // namespace townhall::api
