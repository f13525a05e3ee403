#include "moderation/floods.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace townhall::moderation {
namespace {

constexpr core::Millis kStart = 1'780'000'000'000;  // some day in 2026
constexpr core::Millis kSecond = core::kMillisPerSecond;
constexpr core::Millis kOldAccount = kStart - 365 * core::kMillisPerDay;

class Poster {
 public:
  explicit Poster(FloodGuard& guard) : guard_(guard) {}

  std::vector<Finding> post(core::Id author, std::string_view body, core::Millis at, core::Id story = 1,
                            std::string_view address = "", core::Millis created = kOldAccount) {
    PostFacts facts;
    facts.author_id = author;
    facts.address = address;
    facts.story_id = story;
    facts.comment_id = ++next_id_;
    facts.account_created_at = created;
    facts.body = body;
    return guard_.check(facts, at);
  }

  std::vector<Finding> edit(core::Id author, core::Id comment, std::string_view body, core::Millis at) {
    PostFacts facts;
    facts.author_id = author;
    facts.comment_id = comment;
    facts.story_id = 1;
    facts.body = body;
    facts.is_edit = true;
    facts.account_created_at = kOldAccount;
    return guard_.check(facts, at);
  }

  core::Id last_id() const { return next_id_; }

 private:
  FloodGuard& guard_;
  core::Id next_id_ = 1000;
};

std::vector<std::string> codes(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(f.code);
  return out;
}

using Codes = std::vector<std::string>;

// Distinct bodies, so that repeats stay out of budget tests.
std::string body(int i) {
  return "Distinct comment number " + std::to_string(i) + " about topic " + std::to_string(i * 7919);
}

TEST(FloodBudget, AccountBucketHoldsPastCapacityWithAMessage) {
  FloodOptions options;
  options.account = {3, 10 * kSecond};
  FloodGuard guard(options);
  Poster p(guard);
  EXPECT_TRUE(p.post(1, body(1), kStart).empty());
  EXPECT_TRUE(p.post(1, body(2), kStart + 2 * kSecond).empty());
  EXPECT_TRUE(p.post(1, body(3), kStart + 4 * kSecond).empty());
  const auto held = p.post(1, body(4), kStart + 5 * kSecond);
  ASSERT_EQ(codes(held), Codes{"flood"});
  EXPECT_EQ(held[0].action, Action::kHold);
  EXPECT_EQ(held[0].phase, "floods");
  EXPECT_EQ(held[0].message, "4th comment in 5 s from this account");
  EXPECT_EQ(held[0].evidence.at(0).weight, 4);
  // Another account is unaffected.
  EXPECT_TRUE(p.post(2, body(5), kStart + 5 * kSecond).empty());
}

TEST(FloodBudget, RefillsOverTime) {
  FloodOptions options;
  options.account = {2, 10 * kSecond};
  FloodGuard guard(options);
  Poster p(guard);
  EXPECT_TRUE(p.post(1, body(1), kStart).empty());
  EXPECT_TRUE(p.post(1, body(2), kStart).empty());
  EXPECT_EQ(codes(p.post(1, body(3), kStart + 1 * kSecond)), Codes{"flood"});
  // The held post drained the partial token: 9 s later there is still none.
  EXPECT_EQ(codes(p.post(1, body(4), kStart + 10 * kSecond)), Codes{"flood"});
  // A full interval after the last post, one token is back; then it is gone.
  EXPECT_TRUE(p.post(1, body(5), kStart + 20 * kSecond).empty());
  EXPECT_EQ(codes(p.post(1, body(6), kStart + 21 * kSecond)), Codes{"flood"});
  // After a long pause the bucket is full again (and not beyond capacity).
  EXPECT_TRUE(p.post(1, body(7), kStart + 3600 * kSecond).empty());
  EXPECT_TRUE(p.post(1, body(8), kStart + 3600 * kSecond).empty());
  EXPECT_EQ(codes(p.post(1, body(9), kStart + 3600 * kSecond)), Codes{"flood"});
}

TEST(FloodBudget, TimeGoingBackwardsDoesNotRefill) {
  FloodOptions options;
  options.account = {1, 10 * kSecond};
  FloodGuard guard(options);
  Poster p(guard);
  EXPECT_TRUE(p.post(1, body(1), kStart + 100 * kSecond).empty());
  EXPECT_EQ(codes(p.post(1, body(2), kStart)), Codes{"flood"});
  EXPECT_EQ(codes(p.post(1, body(3), kStart + 105 * kSecond)), Codes{"flood"});
}

TEST(FloodBudget, AddressBucketIsSharedAcrossAccounts) {
  FloodOptions options;
  options.address = {3, 60 * kSecond};
  FloodGuard guard(options);
  Poster p(guard);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(p.post(10 + i, body(i), kStart + i * kSecond, 1, "203.0.113.7").empty());
  const auto held = p.post(20, body(9), kStart + 3 * kSecond, 1, "203.0.113.7");
  ASSERT_EQ(codes(held), Codes{"flood"});
  EXPECT_EQ(held[0].message, "4th comment in 3 s from this address");
  EXPECT_EQ(held[0].evidence.at(0).label, "address");
  EXPECT_EQ(held[0].evidence.at(0).text, "");  // the address itself is not shown
  EXPECT_TRUE(p.post(21, body(10), kStart + 3 * kSecond, 1, "198.51.100.1").empty());
  EXPECT_TRUE(p.post(22, body(11), kStart + 3 * kSecond, 1, "").empty());
}

TEST(FloodBudget, EditsTakeNoToken) {
  FloodOptions options;
  options.account = {1, 60 * kSecond};
  FloodGuard guard(options);
  Poster p(guard);
  EXPECT_TRUE(p.post(1, body(1), kStart).empty());
  const core::Id id = p.last_id();
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(p.edit(1, id, body(100 + i), kStart + i * kSecond).empty());
}

TEST(FloodRepeats, NearIdenticalCopiesAcrossStoriesAreHeld) {
  FloodGuard guard;
  Poster p(guard);
  EXPECT_TRUE(p.post(1, "cheap viagra here", kStart, 1).empty());
  core::Millis at = kStart;
  for (const char* copy : {"cheap viagra here!!", "CHEAP VIAGRA HERE", "Cheap  viagra... here", "ch34p v1agra h3re",
                           "cheeeeap viagra here", "c.h.e.a.p viagra here", "ｃｈｅａｐ viagra here"}) {
    at += 10 * core::kMillisPerMinute;
    const auto held = p.post(1, copy, at, 2);
    ASSERT_EQ(codes(held), Codes{"repeat"}) << copy;
    EXPECT_EQ(held[0].phase, "floods");
    EXPECT_NE(held[0].message.find("on another story"), std::string::npos) << held[0].message;
    EXPECT_NE(held[0].message.find("% similar"), std::string::npos);
  }
}

TEST(FloodRepeats, MessageAndEvidence) {
  FloodGuard guard;
  Poster p(guard);
  ASSERT_TRUE(p.post(1, "Buy followers now at a great price, limited offer", kStart, 7).empty());
  const core::Id first = p.last_id();
  const auto held =
      p.post(1, "Buy followers now at a great price, limited offer!", kStart + 3 * core::kMillisPerMinute, 7);
  ASSERT_EQ(codes(held), Codes{"repeat"});
  EXPECT_EQ(held[0].message, "repeat of a comment posted 3 min ago on this story (100 % similar)");
  ASSERT_EQ(held[0].evidence.size(), 1u);
  EXPECT_EQ(held[0].evidence[0].label, "comment " + std::to_string(first));
  EXPECT_EQ(held[0].evidence[0].weight, 1.0);
}

TEST(FloodRepeats, ShortCourtesyRepliesMayRepeat) {
  FloodGuard guard;
  Poster p(guard);
  core::Millis at = kStart;
  for (const char* reply : {"Agreed.", "Thank you", "+1", "Thank you so much!", "Great article, thanks", "Well said.",
                            "I agree with you completely", "Yes, exactly this."}) {
    for (int i = 0; i < 3; ++i) {
      at += core::kMillisPerHour;
      EXPECT_TRUE(p.post(1, reply, at, 10 + i).empty()) << reply;
    }
  }
}

TEST(FloodRepeats, DifferentCommentsAreNotRepeats) {
  FloodGuard guard;
  Poster p(guard);
  EXPECT_TRUE(p.post(1, "The council should have consulted residents before approving the bypass.", kStart).empty());
  EXPECT_TRUE(
      p.post(1, "The referee got it wrong again; the second yellow was never a foul.", kStart + core::kMillisPerHour)
          .empty());
  EXPECT_TRUE(
      p.post(1, "Does anyone know when the library reopens after the floods?", kStart + 2 * core::kMillisPerHour)
          .empty());
}

TEST(FloodRepeats, OneWordChangedInALongCommentIsStillARepeat) {
  FloodGuard guard;
  Poster p(guard);
  const std::string base =
      "I have been saying this for years: the ring road plan will only move the traffic jams from the high street "
      "to the estates, and nobody on the council has explained how the buses are supposed to get through. ";
  EXPECT_TRUE(p.post(1, base, kStart).empty());
  std::string changed = base;
  changed.replace(changed.find("years"), 5, "decades");
  EXPECT_EQ(codes(p.post(1, changed, kStart + core::kMillisPerHour, 2)), Codes{"repeat"});
}

TEST(FloodRepeats, OtherAuthorsAndOldCommentsDoNotCount) {
  FloodGuard guard;
  Poster p(guard);
  EXPECT_TRUE(p.post(1, "cheap viagra here", kStart).empty());
  EXPECT_TRUE(p.post(2, "cheap viagra here", kStart + kSecond * 60).empty());
  EXPECT_TRUE(p.post(1, "cheap viagra here", kStart + core::kMillisPerDay + kSecond).empty());
}

TEST(FloodRepeats, EditsDoNotRepeatThemselvesButDoRepeatOthers) {
  FloodGuard guard;
  Poster p(guard);
  EXPECT_TRUE(p.post(1, "My first comment on the budget story is here", kStart).empty());
  const core::Id first = p.last_id();
  // Fixing a typo in the same comment is not a repeat.
  EXPECT_TRUE(p.edit(1, first, "My first comment on the budget story is here!", kStart + kSecond * 60).empty());
  EXPECT_TRUE(p.post(1, "An unrelated second comment about the weather", kStart + kSecond * 120).empty());
  const core::Id second = p.last_id();
  // Editing the second into a copy of the first is.
  EXPECT_EQ(codes(p.edit(1, second, "My first comment on the budget story is here", kStart + kSecond * 180)),
            Codes{"repeat"});
}

TEST(FloodRepeats, HistoryIsBoundedPerAuthor) {
  FloodOptions options;
  options.repeat_history = 2;
  options.account = {100, kSecond};
  FloodGuard guard(options);
  Poster p(guard);
  EXPECT_TRUE(p.post(1, "the oldest comment of this author", kStart).empty());
  EXPECT_TRUE(p.post(1, "a second unrelated remark about trains", kStart + 1).empty());
  EXPECT_TRUE(p.post(1, "a third unrelated remark about buses", kStart + 2).empty());
  EXPECT_TRUE(p.post(1, "the oldest comment of this author", kStart + 3).empty());  // forgotten
  EXPECT_EQ(guard.stats().fingerprints, 2u);
}

TEST(RepeatFingerprint, SimilarityOfSketches) {
  const FloodOptions options;
  const auto a = repeat_fingerprint("cheap viagra here", options);
  const auto b = repeat_fingerprint("cheap viagra here!!", options);
  const auto c = repeat_fingerprint("cheap viagra over here today", options);
  ASSERT_TRUE(a && b && c);
  EXPECT_DOUBLE_EQ(sketch_similarity(a->sketch, b->sketch), 1.0);
  EXPECT_LT(sketch_similarity(a->sketch, c->sketch), options.repeat_similarity);
  EXPECT_EQ(sketch_similarity({}, a->sketch), 0.0);
  EXPECT_FALSE(repeat_fingerprint("Agreed.", options));
  EXPECT_FALSE(repeat_fingerprint("", options));
  EXPECT_FALSE(repeat_fingerprint("!!!!!!!!!!!!!!!!!!!!!!!!", options));
  // A long text has a full sketch.
  std::string long_text;
  for (int i = 0; i < 100; ++i) long_text += "word" + std::to_string(i) + " ";
  EXPECT_EQ(repeat_fingerprint(long_text, options)->sketch.size(), kSketchSize);
}

TEST(FloodBurst, YoungAccountsAreHeldDuringABurst) {
  FloodOptions options;
  options.burst_accounts = 5;
  options.burst_window = 60 * kSecond;
  options.burst_young_account = core::kMillisPerDay;
  FloodGuard guard(options);
  Poster p(guard);
  const core::Millis young = kStart - core::kMillisPerHour * 2;
  // Five accounts within the minute: no burst yet.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(p.post(100 + i, body(i), kStart + i * kSecond, 9, "", young).empty());
  // The sixth account makes it one; a young account is held, an old one is not.
  const auto held = p.post(200, body(50), kStart + 10 * kSecond, 9, "", young);
  ASSERT_EQ(codes(held), Codes{"burst"});
  EXPECT_EQ(held[0].message, "burst on this story: 6 accounts commented in the last 60 s; this account is 2 h old");
  EXPECT_TRUE(p.post(201, body(51), kStart + 11 * kSecond, 9, "", kOldAccount).empty());
  // Other stories are calm.
  EXPECT_TRUE(p.post(202, body(52), kStart + 12 * kSecond, 10, "", young).empty());
  // Once the window has passed, the burst is over.
  EXPECT_TRUE(p.post(203, body(53), kStart + 200 * kSecond, 9, "", young).empty());
}

TEST(FloodBurst, OneAccountPostingOftenIsNotABurst) {
  FloodOptions options;
  options.burst_accounts = 3;
  options.account = {100, kSecond};
  FloodGuard guard(options);
  Poster p(guard);
  for (int i = 0; i < 20; ++i) EXPECT_TRUE(p.post(1, body(i), kStart + i * 100, 9, "", kStart).empty()) << i;
}

TEST(FloodBurst, EditsDoNotCount) {
  FloodOptions options;
  options.burst_accounts = 1;
  FloodGuard guard(options);
  Poster p(guard);
  EXPECT_TRUE(p.post(1, body(1), kStart, 9, "", kStart).empty());
  const core::Id id = p.last_id();
  EXPECT_TRUE(p.edit(2, id, body(2), kStart + 1).empty());
  EXPECT_TRUE(p.post(1, body(3), kStart + 2, 9, "", kStart).empty());
}

TEST(FloodMemory, TablesStayBounded) {
  FloodOptions options;
  options.max_accounts = 160;
  options.max_addresses = 160;
  options.max_stories = 32;
  FloodGuard guard(options);
  Poster p(guard);
  for (int i = 0; i < 5000; ++i) {
    (void)p.post(static_cast<core::Id>(i + 1), body(i), kStart + i, static_cast<core::Id>(i % 1000),
                 "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256));
  }
  const FloodStats stats = guard.stats();
  EXPECT_LE(stats.accounts, 160u);
  EXPECT_LE(stats.addresses, 160u);
  EXPECT_LE(stats.stories, 32u);
  EXPECT_GT(stats.accounts, 0u);
}

TEST(FloodConcurrency, ManyThreadsShareOneGuard) {
  FloodOptions options;
  options.account = {10, 60 * kSecond};
  options.max_accounts = 64;
  FloodGuard guard(options);
  std::vector<std::thread> threads;
  std::vector<int> held(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&guard, &held, t] {
      for (int i = 0; i < 2000; ++i) {
        PostFacts facts;
        facts.author_id = static_cast<core::Id>(i % 100);
        facts.address = "192.0.2.1";
        facts.story_id = static_cast<core::Id>(i % 7);
        facts.comment_id = static_cast<core::Id>(t * 100000 + i);
        facts.account_created_at = kStart;
        const std::string text = body(i);
        facts.body = text;
        if (!guard.check(facts, kStart + i).empty()) ++held[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_GT(held[0] + held[1] + held[2] + held[3], 0);
  EXPECT_LE(guard.stats().accounts, 64u);
}

}  // namespace
}  // namespace townhall::moderation
