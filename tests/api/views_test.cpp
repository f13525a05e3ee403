// The thread's nesting rules, on hand-built pages.
#include "api/views.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace townhall::api {
namespace {

namespace json = boost::json;

core::Comment make(core::Id id, std::optional<core::Id> parent, int depth,
                   core::CommentStatus status = core::CommentStatus::kPublished) {
  core::Comment c;
  c.id = id;
  c.parent_id = parent;
  c.root_id = 1;
  c.depth = depth;
  c.author_id = 100 + id;
  c.author_name = "Author " + std::to_string(id);
  c.body_html = "<p>comment " + std::to_string(id) + "</p>\n";
  c.status = status;
  c.created_at = 1'700'000'000'000;
  return c;
}

json::value render(const core::ThreadPage& page) {
  core::Story story;
  story.key = "s";
  return thread_view(story, true, page, std::nullopt);
}

TEST(ThreadView, NestsThreeLevelsThenFlattensWithReplyTo) {
  core::ThreadPage page;
  page.top_level.push_back(make(1, std::nullopt, 0));
  page.replies.push_back({make(2, 1, 1), make(3, 2, 2), make(4, 3, 3), make(5, 4, 4), make(6, 5, 5), make(7, 1, 1)});
  page.replies_truncated.push_back(false);
  const json::value v = render(page);
  const auto& root = v.at("comments").at(0);
  const auto& level1 = root.at("replies").as_array();
  ASSERT_EQ(level1.size(), 2u);
  EXPECT_EQ(level1[0].at("id"), "2");
  EXPECT_EQ(level1[1].at("id"), "7");
  const auto& level3 = level1[0].at("replies").at(0).at("replies").as_array();
  ASSERT_EQ(level3.size(), 3u);
  EXPECT_EQ(level3[0].at("id"), "4");
  EXPECT_FALSE(level3[0].as_object().contains("reply_to"));
  EXPECT_EQ(level3[1].at("id"), "5");
  EXPECT_EQ(level3[1].at("reply_to").at("id"), "4");
  EXPECT_EQ(level3[2].at("reply_to").at("author").at("name"), "Author 5");
  EXPECT_TRUE(level3[1].at("replies").as_array().empty());
}

TEST(ThreadView, PlaceholdersHideBodyAndAuthor) {
  core::ThreadPage page;
  page.top_level.push_back(make(1, std::nullopt, 0, core::CommentStatus::kDeleted));
  page.replies.push_back({make(2, 1, 1)});
  page.replies_truncated.push_back(true);
  const json::value v = render(page);
  const auto& root = v.at("comments").at(0);
  EXPECT_EQ(root.at("status"), "deleted");
  EXPECT_EQ(root.at("body_html"), "");
  EXPECT_TRUE(root.at("author").is_null());
  EXPECT_EQ(root.at("more_replies"), true);
  EXPECT_EQ(root.at("replies").at(0).at("author").at("name"), "Author 2");
}

TEST(ThreadView, IdsAreStringsAndTimesRfc3339) {
  core::ThreadPage page;
  page.top_level.push_back(make(385748698635698176, std::nullopt, 0));
  page.replies.emplace_back();
  page.replies_truncated.push_back(false);
  const json::value v = render(page);
  EXPECT_EQ(v.at("comments").at(0).at("id"), "385748698635698176");
  EXPECT_EQ(v.at("comments").at(0).at("created_at"), "2023-11-14T22:13:20.000Z");
  EXPECT_TRUE(v.at("next_cursor").is_null());
}

}  // namespace
}  // namespace townhall::api
