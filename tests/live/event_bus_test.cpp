#include "live/event_bus.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace townhall::live {
namespace {

TEST(EventBus, DeliversToEverySubscriberUntilUnsubscribed) {
  EventBus bus;
  std::vector<core::Id> first, second;
  auto a = bus.subscribe([&](const Event& e) { first.push_back(e.comment_id); });
  auto b = bus.subscribe([&](const Event& e) { second.push_back(e.comment_id); });
  bus.publish({EventKind::kCommentCreated, "site", 1, 10});
  b.reset();
  bus.publish({EventKind::kCommentCreated, "site", 1, 11});
  EXPECT_EQ(first, (std::vector<core::Id>{10, 11}));
  EXPECT_EQ(second, (std::vector<core::Id>{10}));
}

TEST(EventBus, SubscriberMayUnsubscribeItselfWhileBeingCalled) {
  EventBus bus;
  int calls = 0;
  EventBus::Subscription sub;
  sub = bus.subscribe([&](const Event&) {
    ++calls;
    sub.reset();
  });
  bus.publish({});
  bus.publish({});
  EXPECT_EQ(calls, 1);
}

TEST(EventBus, SubscriptionMayOutliveTheBus) {
  EventBus::Subscription sub;
  {
    EventBus bus;
    sub = bus.subscribe([](const Event&) {});
  }
  sub.reset();  // must not touch the destroyed bus
  SUCCEED();
}

TEST(EventBus, ConcurrentPublishersReachEverySubscriber) {
  EventBus bus;
  std::atomic<int> received{0};
  auto sub = bus.subscribe([&](const Event&) { received.fetch_add(1); });
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) bus.publish({});
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(received.load(), 8000);
}

}  // namespace
}  // namespace townhall::live
