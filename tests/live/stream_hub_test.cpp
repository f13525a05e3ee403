#include "live/stream_hub.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "live/sse.hpp"

namespace townhall::live {
namespace {

using namespace std::chrono_literals;

constexpr core::Id kStory = 42;
constexpr core::Id kOtherStory = 43;

// Records what the hub sends; refuses everything once `open` is false.
class RecordingSink final : public Sink {
 public:
  bool send(const std::shared_ptr<const std::string>& message) override {
    std::lock_guard lock(mu);
    if (!open) return false;
    messages.push_back(message);
    return true;
  }

  std::vector<std::string> texts() const {
    std::lock_guard lock(mu);
    std::vector<std::string> out;
    for (const auto& m : messages) out.push_back(*m);
    return out;
  }

  // The ids of the events received, in order (the preamble's id excluded).
  std::vector<std::uint64_t> event_ids() const {
    std::vector<std::uint64_t> ids;
    for (const auto& text : texts()) {
      if (text.rfind("event: ", 0) != 0) continue;
      if (auto id = field(text, "id")) ids.push_back(*id);
    }
    return ids;
  }

  static std::optional<std::uint64_t> field(const std::string& text, std::string_view name) {
    const std::string prefix = std::string(name) + ": ";
    std::size_t at = text.rfind(prefix, 0) == 0 ? 0 : text.find("\n" + prefix);
    if (at == std::string::npos) return std::nullopt;
    at += at == 0 ? prefix.size() : prefix.size() + 1;
    return sse::parse_event_id(std::string_view(text).substr(at, text.find('\n', at) - at));
  }

  mutable std::mutex mu;
  std::vector<std::shared_ptr<const std::string>> messages;
  bool open = true;
};

// A hub whose renderer returns "{"n":<comment id>}", or nothing for comment
// id 0, and counts its calls. The heartbeat thread stays quiet; tests tick.
class StreamHubTest : public ::testing::Test {
 protected:
  StreamHubOptions quiet_options() {
    StreamHubOptions options;
    options.heartbeat_interval = 1h;
    return options;
  }

  void make_hub(StreamHubOptions options) {
    hub_ = std::make_unique<StreamHub>(
        bus_,
        [this](const Event& e) -> std::optional<std::string> {
          renders_.fetch_add(1);
          if (e.comment_id == 0) return std::nullopt;
          return "{\"n\":" + std::to_string(e.comment_id) + "}";
        },
        options);
  }

  void SetUp() override { make_hub(quiet_options()); }

  // Publishes and waits until the hub's thread has delivered.
  void publish(core::Id comment_id, core::Id story = kStory, EventKind kind = EventKind::kCommentCreated) {
    bus_.publish(Event{kind, "site", story, comment_id});
    hub_->drain();
  }

  // Subscribes and waits until the hub's thread has sent the first messages.
  StreamHub::Subscription subscribe(core::Id story, std::optional<std::uint64_t> last_event_id,
                                    std::shared_ptr<Sink> sink) {
    auto subscription = hub_->subscribe(story, last_event_id, std::move(sink));
    hub_->drain();
    return subscription;
  }

  static std::uint64_t preamble_id(const RecordingSink& sink) {
    auto texts = sink.texts();
    EXPECT_FALSE(texts.empty());
    if (texts.empty()) return 0;
    EXPECT_EQ(texts[0].rfind("retry: 3000\n", 0), 0u) << texts[0];
    return RecordingSink::field(texts[0], "id").value_or(0);
  }

  EventBus bus_;
  std::atomic<int> renders_{0};
  std::unique_ptr<StreamHub> hub_;
};

TEST(Sse, EventSplitsEveryLineOfDataIntoItsOwnField) {
  EXPECT_EQ(sse::event("comment", 7, R"({"a":1})"), "event: comment\nid: 7\ndata: {\"a\":1}\n\n");
  EXPECT_EQ(sse::event("reset", std::nullopt, "{}"), "event: reset\ndata: {}\n\n");
  EXPECT_EQ(sse::event("x", 1, "a\nb\r\nc\rd"), "event: x\nid: 1\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
  EXPECT_EQ(sse::event("x", 1, ""), "event: x\nid: 1\ndata: \n\n");
}

TEST(Sse, PreambleAndEventIds) {
  EXPECT_EQ(sse::preamble(3000, std::nullopt), "retry: 3000\n\n");
  EXPECT_EQ(sse::preamble(3000, 99), "retry: 3000\nid: 99\n\n");
  EXPECT_EQ(sse::parse_event_id("18446744073709551615"), 18446744073709551615ull);
  EXPECT_EQ(sse::parse_event_id("12"), 12u);
  for (std::string_view bad : {"", "-1", "12a", " 12", "18446744073709551616", "0x10"}) {
    EXPECT_EQ(sse::parse_event_id(bad), std::nullopt) << bad;
  }
}

TEST_F(StreamHubTest, FreshSubscriberGetsThePreambleWithItsPositionThenEveryEvent) {
  auto sink = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, sink);
  const std::uint64_t start = preamble_id(*sink);
  EXPECT_GT(start, 0u);
  publish(1);
  publish(2, kStory, EventKind::kReactionChanged);
  publish(3, kStory, EventKind::kStoryChanged);
  auto texts = sink->texts();
  ASSERT_EQ(texts.size(), 4u);
  EXPECT_EQ(texts[1], "event: comment\nid: " + std::to_string(start + 1) + "\ndata: {\"n\":1}\n\n");
  EXPECT_EQ(texts[2].rfind("event: reaction\n", 0), 0u);
  EXPECT_EQ(texts[3].rfind("event: story\n", 0), 0u);
  EXPECT_EQ(sink->event_ids(), (std::vector<std::uint64_t>{start + 1, start + 2, start + 3}));
  EXPECT_EQ(hub_->subscriber_count(), 1u);
}

TEST_F(StreamHubTest, RendersOnlyForFollowedStoriesAndOnceForAllSubscribers) {
  publish(1);
  EXPECT_EQ(renders_.load(), 0) << "nobody follows the story: no store reads";
  std::vector<std::shared_ptr<RecordingSink>> sinks;
  std::vector<StreamHub::Subscription> subs;
  for (int i = 0; i < 50; ++i) {
    sinks.push_back(std::make_shared<RecordingSink>());
    subs.push_back(subscribe(kStory, std::nullopt, sinks.back()));
  }
  publish(2);
  publish(3, kOtherStory);
  EXPECT_EQ(renders_.load(), 1);
  for (const auto& sink : sinks) {
    ASSERT_EQ(sink->messages.size(), 2u);
    // The very same bytes: built once, shared.
    EXPECT_EQ(sink->messages[1].get(), sinks[0]->messages[1].get());
  }
  EXPECT_EQ(hub_->subscriber_count(), 50u);
  EXPECT_EQ(hub_->story_count(), 1u);
}

TEST_F(StreamHubTest, UnannouncedEventsSendNothingAndTakeNoId) {
  auto sink = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, sink);
  const std::uint64_t start = preamble_id(*sink);
  publish(0);  // the renderer declines
  publish(5);
  EXPECT_EQ(sink->event_ids(), (std::vector<std::uint64_t>{start + 1}));
}

TEST_F(StreamHubTest, ReconnectWithLastEventIdReplaysExactlyWhatWasMissed) {
  auto first = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, first);
  publish(1);
  const std::uint64_t last_seen = first->event_ids().back();
  sub.reset();  // the reader's connection drops
  EXPECT_EQ(hub_->subscriber_count(), 0u);
  publish(2);
  publish(3);
  publish(4, kOtherStory);

  auto again = std::make_shared<RecordingSink>();
  auto resumed = subscribe(kStory, last_seen, again);
  publish(5);
  auto texts = again->texts();
  ASSERT_EQ(texts.size(), 4u);
  EXPECT_EQ(texts[0], "retry: 3000\n\n") << "a resumed stream keeps the client's id";
  EXPECT_NE(texts[1].find("data: {\"n\":2}"), std::string::npos);
  EXPECT_NE(texts[2].find("data: {\"n\":3}"), std::string::npos);
  EXPECT_NE(texts[3].find("data: {\"n\":5}"), std::string::npos);
  EXPECT_EQ(again->event_ids(), (std::vector<std::uint64_t>{last_seen + 1, last_seen + 2, last_seen + 3}));

  // Resuming from the newest id replays nothing.
  auto current = std::make_shared<RecordingSink>();
  auto up_to_date = subscribe(kStory, again->event_ids().back(), current);
  EXPECT_EQ(current->texts(), (std::vector<std::string>{"retry: 3000\n\n"}));
}

TEST_F(StreamHubTest, FreshPositionIsResumable) {
  auto first = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, first);
  const std::uint64_t start = preamble_id(*first);
  sub.reset();
  publish(1);
  auto again = std::make_shared<RecordingSink>();
  auto resumed = subscribe(kStory, start, again);
  EXPECT_EQ(again->event_ids(), (std::vector<std::uint64_t>{start + 1}));
}

TEST_F(StreamHubTest, TooOldUnknownOrFutureIdsGetReset) {
  auto options = quiet_options();
  options.replay_events = 3;
  make_hub(options);
  auto first = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, first);
  const std::uint64_t start = preamble_id(*first);
  for (core::Id i = 1; i <= 5; ++i) publish(i);
  const auto ids = first->event_ids();
  ASSERT_EQ(ids.size(), 5u);

  // Three events are kept: resuming after the second replays them all...
  auto ok = std::make_shared<RecordingSink>();
  auto ok_sub = subscribe(kStory, ids[1], ok);
  EXPECT_EQ(ok->event_ids(), (std::vector<std::uint64_t>{ids[2], ids[3], ids[4]}));
  // ...resuming after the first would miss one.
  for (std::uint64_t last : {ids[0], start, std::uint64_t{0}, ids[4] + 1000}) {
    auto sink = std::make_shared<RecordingSink>();
    auto s = subscribe(kStory, last, sink);
    auto texts = sink->texts();
    ASSERT_EQ(texts.size(), 1u) << last;
    EXPECT_EQ(texts[0], "retry: 3000\n\nevent: reset\nid: " + std::to_string(ids[4]) + "\ndata: {}\n\n") << last;
  }
}

TEST_F(StreamHubTest, ResetCarriesAnIdFromWhichTheStreamResumes) {
  auto sink = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, 1, sink);  // an id of some long gone process
  auto reset_id = RecordingSink::field(sink->texts().at(0).substr(sink->texts().at(0).find("event: reset")), "id");
  ASSERT_TRUE(reset_id);
  sub.reset();
  publish(7);
  auto again = std::make_shared<RecordingSink>();
  auto resumed = subscribe(kStory, *reset_id, again);
  EXPECT_EQ(again->event_ids(), (std::vector<std::uint64_t>{*reset_id + 1}));
}

TEST_F(StreamHubTest, IdsOfAnEarlierRunGetReset) {
  auto sink = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, sink);
  publish(1);
  const std::uint64_t old_id = sink->event_ids().back();
  sub.reset();
  hub_.reset();
  std::this_thread::sleep_for(2ms);  // the restart takes at least this long
  make_hub(quiet_options());
  auto after_restart = std::make_shared<RecordingSink>();
  auto resumed = subscribe(kStory, old_id, after_restart);
  EXPECT_NE(after_restart->texts().at(0).find("event: reset"), std::string::npos);
}

TEST_F(StreamHubTest, IdsOfAnotherNodeGetReset) {
  for (std::uint32_t other : {0u, 2u}) {
    auto options = quiet_options();
    options.node_id = other;
    make_hub(options);
    auto sink = std::make_shared<RecordingSink>();
    auto sub = subscribe(kStory, std::nullopt, sink);
    publish(1);
    const std::uint64_t foreign_id = sink->event_ids().back();
    sub.reset();
    options.node_id = 1;
    make_hub(options);
    auto elsewhere = std::make_shared<RecordingSink>();
    auto resumed = subscribe(kStory, foreign_id, elsewhere);
    EXPECT_NE(elsewhere->texts().at(0).find("event: reset"), std::string::npos) << other;
    EXPECT_EQ(foreign_id >> 54, other);
  }
}

TEST_F(StreamHubTest, ASinkThatRefusesIsDropped) {
  auto gone = std::make_shared<RecordingSink>();
  auto stays = std::make_shared<RecordingSink>();
  auto a = subscribe(kStory, std::nullopt, gone);
  auto b = subscribe(kStory, std::nullopt, stays);
  {
    std::lock_guard lock(gone->mu);
    gone->open = false;
  }
  publish(1);
  EXPECT_EQ(hub_->subscriber_count(), 1u);
  publish(2);
  EXPECT_EQ(stays->event_ids().size(), 2u);
  a.reset();  // resetting after the hub dropped it is harmless
  EXPECT_EQ(hub_->subscriber_count(), 1u);
}

TEST_F(StreamHubTest, ASinkMayUnsubscribeItselfWhileBeingSentTo) {
  StreamHub::Subscription sub;
  class Leaving final : public Sink {
   public:
    explicit Leaving(StreamHub::Subscription* sub) : sub_(sub) {}
    bool send(const std::shared_ptr<const std::string>&) override {
      if (++calls_ == 2) sub_->reset();
      return true;
    }
    int calls() const { return calls_; }

   private:
    StreamHub::Subscription* sub_;
    int calls_ = 0;
  };
  auto sink = std::make_shared<Leaving>(&sub);
  sub = subscribe(kStory, std::nullopt, sink);
  publish(1);
  publish(2);
  EXPECT_EQ(sink->calls(), 2);
  EXPECT_EQ(hub_->subscriber_count(), 0u);
}

TEST_F(StreamHubTest, TickSendsHeartbeatsAndForgetsIdleStoriesAfterTheWindow) {
  auto options = quiet_options();
  options.replay_window = 50ms;
  make_hub(options);
  auto sink = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, sink);
  publish(1);
  hub_->tick();
  EXPECT_EQ(sink->texts().back(), ": ping\n\n");
  const std::uint64_t last_seen = sink->event_ids().back();
  sub.reset();
  hub_->tick();
  EXPECT_EQ(hub_->story_count(), 1u) << "kept for readers who come back soon";
  std::this_thread::sleep_for(80ms);
  hub_->tick();
  EXPECT_EQ(hub_->story_count(), 0u);
  publish(2);
  EXPECT_EQ(renders_.load(), 1);
  auto late = std::make_shared<RecordingSink>();
  auto resumed = subscribe(kStory, last_seen, late);
  EXPECT_NE(late->texts().at(0).find("event: reset"), std::string::npos);
}

TEST_F(StreamHubTest, EventsOlderThanTheWindowAreNotReplayed) {
  auto options = quiet_options();
  options.replay_window = 50ms;
  make_hub(options);
  auto sink = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, sink);
  const std::uint64_t start = preamble_id(*sink);
  publish(1);
  std::this_thread::sleep_for(80ms);
  hub_->tick();
  auto late = std::make_shared<RecordingSink>();
  auto resumed = subscribe(kStory, start, late);
  EXPECT_NE(late->texts().at(0).find("event: reset"), std::string::npos);
}

TEST_F(StreamHubTest, DeliveryHappensOnTheHubsThreadNotThePublishers) {
  class Blocking final : public Sink {
   public:
    bool send(const std::shared_ptr<const std::string>&) override {
      std::unique_lock lock(mu);
      ++calls;
      cv.notify_all();
      cv.wait(lock, [&] { return released; });
      return true;
    }
    std::mutex mu;
    std::condition_variable cv;
    int calls = 0;
    bool released = false;
  };
  auto slow = std::make_shared<Blocking>();
  auto sub = hub_->subscribe(kStory, std::nullopt, slow);
  {
    std::unique_lock lock(slow->mu);
    ASSERT_TRUE(slow->cv.wait_for(lock, 5s, [&] { return slow->calls == 1; }));
  }
  // The hub's thread is stuck in the sink; publishing must not be.
  bus_.publish(Event{EventKind::kCommentCreated, "site", kStory, 1});
  {
    std::lock_guard lock(slow->mu);
    slow->released = true;
  }
  slow->cv.notify_all();
  hub_->drain();
  std::lock_guard lock(slow->mu);
  EXPECT_EQ(slow->calls, 2);
}

TEST_F(StreamHubTest, HeartbeatThreadPings) {
  auto options = quiet_options();
  options.heartbeat_interval = 20ms;
  make_hub(options);
  auto sink = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, sink);
  for (int i = 0; i < 100 && sink->texts().size() < 3; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_GE(sink->texts().size(), 3u);
  EXPECT_EQ(sink->texts().back(), ": ping\n\n");
}

TEST_F(StreamHubTest, ConcurrentPublishersAndSubscribersSeeEveryEventOnceInOrder) {
  constexpr int kPublishers = 4;
  constexpr int kEventsEach = 300;
  auto options = quiet_options();
  options.replay_events = kPublishers * kEventsEach;
  make_hub(options);
  auto from_start = std::make_shared<RecordingSink>();
  auto first = subscribe(kStory, std::nullopt, from_start);
  const std::uint64_t start = preamble_id(*from_start);

  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int p = 0; p < kPublishers; ++p) {
    threads.emplace_back([&, p] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 1; i <= kEventsEach; ++i) {
        bus_.publish(Event{EventKind::kCommentCreated, "site", kStory, static_cast<core::Id>(p * kEventsEach + i)});
      }
    });
  }
  // Readers joining mid-way, fresh or resuming, must see a gapless suffix.
  std::vector<std::pair<std::shared_ptr<RecordingSink>, StreamHub::Subscription>> joiners;
  go.store(true);
  for (int j = 0; j < 40; ++j) {
    auto sink = std::make_shared<RecordingSink>();
    std::optional<std::uint64_t> last;
    if (j % 2 == 1) last = start;
    joiners.emplace_back(sink, hub_->subscribe(kStory, last, sink));
    std::this_thread::yield();
  }
  for (auto& t : threads) t.join();
  hub_->drain();

  const auto all = from_start->event_ids();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kPublishers * kEventsEach));
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], start + 1 + i);
  for (const auto& [sink, sub] : joiners) {
    auto ids = sink->event_ids();
    std::uint64_t expected = start + 1;
    if (!RecordingSink::field(sink->texts().at(0), "id")) {
      // Resumed from the start: everything.
      EXPECT_EQ(ids.size(), all.size());
    } else {
      expected = *RecordingSink::field(sink->texts().at(0), "id") + 1;
    }
    for (std::uint64_t id : ids) EXPECT_EQ(id, expected++);
    EXPECT_EQ(expected, start + 1 + all.size());
  }
}

TEST_F(StreamHubTest, SubscriptionMayOutliveTheHub) {
  auto sink = std::make_shared<RecordingSink>();
  auto sub = subscribe(kStory, std::nullopt, sink);
  hub_.reset();
  sub.reset();
  bus_.publish(Event{EventKind::kCommentCreated, "site", kStory, 1});  // the hub left the bus
  SUCCEED();
}

}  // namespace
}  // namespace townhall::live
