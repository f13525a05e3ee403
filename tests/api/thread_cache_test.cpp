#include "api/thread_cache.hpp"

#include <gtest/gtest.h>

namespace townhall::api {
namespace {

std::shared_ptr<const CachedPage> page(core::Id story, const std::string& body) {
  auto p = std::make_shared<CachedPage>();
  p->body = std::make_shared<const std::string>(body);
  p->etag = make_etag(body);
  p->story_id = story;
  return p;
}

TEST(ThreadCache, ServesUntilTheStoryChanges) {
  ThreadCache cache(100);
  cache.insert("a", page(1, "one"), cache.ticket(1));
  cache.insert("b", page(2, "two"), cache.ticket(2));
  ASSERT_NE(cache.find("a"), nullptr);
  EXPECT_EQ(*cache.find("a")->body, "one");
  cache.invalidate(1);
  EXPECT_EQ(cache.find("a"), nullptr);
  EXPECT_NE(cache.find("b"), nullptr) << "other stories keep their pages";
}

TEST(ThreadCache, APageReadBeforeAChangeIsNotStoredAfterIt) {
  ThreadCache cache(100);
  const auto ticket = cache.ticket(1);  // reader starts reading the database
  cache.invalidate(1);                  // a comment is committed meanwhile
  cache.insert("a", page(1, "stale"), ticket);
  EXPECT_EQ(cache.find("a"), nullptr);
  cache.insert("a", page(1, "fresh"), cache.ticket(1));
  EXPECT_EQ(*cache.find("a")->body, "fresh");
}

TEST(ThreadCache, ClearDropsEverythingAndOutstandingTickets) {
  ThreadCache cache(100);
  const auto ticket = cache.ticket(3);
  cache.insert("x", page(3, "x"), ticket);
  cache.clear();
  EXPECT_EQ(cache.find("x"), nullptr);
  cache.insert("x", page(3, "x"), ticket);
  EXPECT_EQ(cache.find("x"), nullptr);
}

TEST(ThreadCache, StartsOverWhenFull) {
  ThreadCache cache(2);
  cache.insert("a", page(1, "a"), 0);
  cache.insert("b", page(2, "b"), 0);
  cache.insert("c", page(3, "c"), 0);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_NE(cache.find("c"), nullptr);
}

TEST(ThreadCache, EtagsDifferForDifferentBodies) {
  EXPECT_EQ(make_etag("same"), make_etag("same"));
  EXPECT_NE(make_etag("one"), make_etag("two"));
  EXPECT_EQ(make_etag("x").front(), '"');
}

}  // namespace
}  // namespace townhall::api
