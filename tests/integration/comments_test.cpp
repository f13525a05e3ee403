// Reading and writing a story's discussion against the running server.
#include <set>
#include <thread>

#include "integration/fixture.hpp"

namespace townhall::testing {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

class Comments : public TownhallTest {};

std::string str(const value& v) { return std::string(v.as_string()); }

TEST_F(Comments, FirstViewCreatesTheStoryFromItsUrl) {
  auto missing = client().get(thread_path("budget-2027"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.json().at("error").at("code"), "story_not_found");

  auto foreign = client().get(thread_path("budget-2027", "url=https%3A%2F%2Fevil.test%2Fx"));
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.json().at("error").at("code"), "origin_not_allowed");

  auto created = client().get(thread_path("budget-2027", "url=http%3A%2F%2Fnews.test%2Fbudget&title=Budget%202027"));
  ASSERT_EQ(created.status, 200) << created.body;
  auto story = created.json().at("story");
  EXPECT_EQ(story.at("id"), "budget-2027");
  EXPECT_EQ(story.at("title"), "Budget 2027");
  EXPECT_EQ(story.at("url"), "http://news.test/budget");
  EXPECT_EQ(story.at("open"), true);
  EXPECT_EQ(story.at("comment_count"), 0);
  EXPECT_TRUE(created.json().at("comments").as_array().empty());
  EXPECT_TRUE(created.json().at("next_cursor").is_null());
}

TEST_F(Comments, PostedCommentAppearsRenderedAndSafe) {
  open_story("s1");
  // Links from new commenters are held by default; this test is about
  // rendering, so the site lets them through.
  auto desk = admin();
  ASSERT_EQ(client()
                .patch(std::string("/api/v1/admin/sites/") + kSite, body_json({{"settings", {{"links", "allow"}}}}),
                       desk.auth())
                .status,
            200);
  auto reader = sign_up("Rosa");
  auto c = post_comment(reader, "s1",
                        "Hello **town**! <script>alert(1)</script> [click](javascript:alert(1)) https://example.org");
  EXPECT_EQ(c.at("status"), "published");
  EXPECT_EQ(c.at("author").at("name"), "Rosa");
  EXPECT_TRUE(c.at("parent_id").is_null());
  const std::string html = str(c.at("body_html"));
  EXPECT_NE(html.find("<strong>town</strong>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_NE(html.find(R"(href="https://example.org")"), std::string::npos) << html;
  EXPECT_NE(html.find(R"(rel="nofollow ugc noopener")"), std::string::npos) << html;

  auto thread = client().get(thread_path("s1"));
  ASSERT_EQ(thread.status, 200);
  auto comments = thread.json().at("comments").as_array();
  ASSERT_EQ(comments.size(), 1u);
  EXPECT_EQ(comments[0].at("id"), c.at("id"));
  EXPECT_EQ(comments[0].at("body_html"), c.at("body_html"));
  EXPECT_EQ(thread.json().at("story").at("comment_count"), 1);
}

TEST_F(Comments, ThreadIsCachedWithAnETagAndRefreshedOnChange) {
  open_story("s2");
  auto reader = sign_up("Lee");
  post_comment(reader, "s2", "first");
  auto a = client().get(thread_path("s2"));
  ASSERT_EQ(a.status, 200);
  const std::string etag = a.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_NE(a.header("cache-control").find("public"), std::string::npos);

  auto same = client().get(thread_path("s2"), {{"if-none-match", etag}});
  EXPECT_EQ(same.status, 304);
  EXPECT_TRUE(same.body.empty());

  post_comment(reader, "s2", "second");
  auto b = client().get(thread_path("s2"), {{"if-none-match", etag}});
  ASSERT_EQ(b.status, 200) << "a new comment must invalidate the cached page";
  EXPECT_NE(b.header("etag"), etag);
  EXPECT_EQ(b.json().at("comments").as_array().size(), 2u);
}

TEST_F(Comments, RepliesNestThreeLevelsThenFlattenWithAReference) {
  open_story("s3");
  auto a = sign_up("Ann");
  auto b = sign_up("Ben");
  auto top = post_comment(a, "s3", "top");
  auto r1 = post_comment(b, "s3", "depth 1", str(top.at("id")));
  auto r2 = post_comment(a, "s3", "depth 2", str(r1.at("id")));
  auto r3 = post_comment(b, "s3", "depth 3", str(r2.at("id")));
  auto r4 = post_comment(a, "s3", "depth 4", str(r3.at("id")));
  auto r5 = post_comment(b, "s3", "depth 5", str(r4.at("id")));
  EXPECT_EQ(r4.at("parent_id"), r3.at("id"));

  auto thread = client().get(thread_path("s3"));
  ASSERT_EQ(thread.status, 200);
  const value body = thread.json();
  const auto& root = body.at("comments").at(0);
  EXPECT_EQ(root.at("reply_count"), 1);
  const auto& l1 = root.at("replies").at(0);
  EXPECT_EQ(l1.at("id"), r1.at("id"));
  const auto& l2 = l1.at("replies").at(0);
  EXPECT_EQ(l2.at("id"), r2.at("id"));
  const auto& l3 = l2.at("replies").as_array();
  // depth 3, 4 and 5 are all shown at the third level, oldest first.
  ASSERT_EQ(l3.size(), 3u) << serialize(root);
  EXPECT_EQ(l3[0].at("id"), r3.at("id"));
  EXPECT_EQ(l3[1].at("id"), r4.at("id"));
  EXPECT_EQ(l3[1].at("reply_to").at("id"), r3.at("id"));
  EXPECT_EQ(l3[1].at("reply_to").at("author").at("name"), "Ben");
  EXPECT_EQ(l3[2].at("reply_to").at("id"), r4.at("id"));
  EXPECT_TRUE(l3[0].at("replies").as_array().empty());
}

TEST_F(Comments, AuthorEditsWithinTheWindowOthersCannot) {
  open_story("s4");
  auto author = sign_up("Author");
  auto other = sign_up("Other");
  auto c = post_comment(author, "s4", "Teh council voted");
  const std::string path = "/api/v1/comments/" + str(c.at("id"));
  EXPECT_FALSE(c.at("editable_until").as_string().empty());

  auto foreign = client().patch(path, body_json({{"body", "vandalised"}}), other.auth());
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.json().at("error").at("code"), "not_author");

  auto edited = client().patch(path, body_json({{"body", "The council *voted*"}}), author.auth());
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_FALSE(edited.json().at("edited_at").is_null());
  EXPECT_NE(str(edited.json().at("body_html")).find("<em>voted</em>"), std::string::npos);
  auto thread = client().get(thread_path("s4"));
  EXPECT_EQ(thread.json().at("comments").at(0).at("body_html"), edited.json().at("body_html"));
}

TEST_F(Comments, EditingAfterTheWindowIsRefused) {
  open_story("s5");
  auto author = sign_up("Slow");
  auto c = post_comment(author, "s5", "draft");
  auto patched = client().patch(std::string("/api/v1/admin/sites/") + kSite,
                                body_json({{"settings", object{{"edit_window_seconds", 0}}}}), admin().auth());
  ASSERT_EQ(patched.status, 200) << patched.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  auto r = client().patch("/api/v1/comments/" + str(c.at("id")), body_json({{"body", "too late"}}), author.auth());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json().at("error").at("code"), "edit_window_closed");
}

TEST_F(Comments, DeletingLeavesAPlaceholderOnlyWhenThereAreReplies) {
  open_story("s6");
  auto a = sign_up("A");
  auto b = sign_up("B");
  auto lonely = post_comment(a, "s6", "nobody answers this");
  auto answered = post_comment(a, "s6", "somebody answers this");
  post_comment(b, "s6", "an answer", str(answered.at("id")));

  EXPECT_EQ(client().del("/api/v1/comments/" + str(lonely.at("id")), b.auth()).status, 403);
  EXPECT_EQ(client().del("/api/v1/comments/" + str(lonely.at("id")), a.auth()).status, 204);
  EXPECT_EQ(client().del("/api/v1/comments/" + str(answered.at("id")), a.auth()).status, 204);
  EXPECT_EQ(client().del("/api/v1/comments/" + str(answered.at("id")), a.auth()).status, 204) << "idempotent";

  auto thread = client().get(thread_path("s6"));
  auto comments = thread.json().at("comments").as_array();
  ASSERT_EQ(comments.size(), 1u) << thread.body;
  EXPECT_EQ(comments[0].at("id"), answered.at("id"));
  EXPECT_EQ(comments[0].at("status"), "deleted");
  EXPECT_EQ(comments[0].at("body_html"), "");
  EXPECT_TRUE(comments[0].at("author").is_null());
  EXPECT_EQ(comments[0].at("replies").as_array().size(), 1u);
  EXPECT_EQ(thread.json().at("story").at("comment_count"), 1) << "only the reply is still visible";
}

TEST_F(Comments, OneReactionPerReader) {
  open_story("s7");
  auto author = sign_up("Writer");
  auto fan = sign_up("Fan");
  auto c = post_comment(author, "s7", "worth a reaction");
  const std::string path = "/api/v1/comments/" + str(c.at("id")) + "/reaction";
  auto first = client().put(path, "", fan.auth());
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("reactions"), 1);
  EXPECT_EQ(client().put(path, "", fan.auth()).json().at("reactions"), 1) << "a second PUT changes nothing";
  auto own = client().put(path, "", author.auth());
  EXPECT_EQ(own.status, 403);
  EXPECT_EQ(own.json().at("error").at("code"), "own_comment");
  EXPECT_EQ(client().get(thread_path("s7")).json().at("comments").at(0).at("reactions"), 1);
  EXPECT_EQ(client().del(path, fan.auth()).json().at("reactions"), 0);
  EXPECT_EQ(client().get(thread_path("s7")).json().at("comments").at(0).at("reactions"), 0);
}

TEST_F(Comments, SortsAndCursorsStayCorrectWhileCommentsArrive) {
  open_story("s8");
  auto a = sign_up("Pager");
  auto fan = sign_up("Fan");
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(str(post_comment(a, "s8", "comment " + std::to_string(i)).at("id")));

  // Newest first, two at a time, with a new comment arriving mid-way.
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto r = client().get(thread_path("s8", "sort=newest&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    ASSERT_EQ(r.status, 200) << r.body;
    const value page = r.json();
    for (const auto& c : page.at("comments").as_array()) seen.push_back(str(c.at("id")));
    auto next = page.at("next_cursor");
    cursor = next.is_null() ? "" : str(next);
    if (++pages == 2) post_comment(a, "s8", "late arrival");
  } while (!cursor.empty());
  EXPECT_EQ(seen, std::vector<std::string>(ids.rbegin(), ids.rend())) << "no comment skipped or repeated";

  auto oldest = client().get(thread_path("s8", "sort=oldest&limit=3"));
  EXPECT_EQ(str(oldest.json().at("comments").at(0).at("id")), ids[0]);

  client().put("/api/v1/comments/" + ids[3] + "/reaction", "", fan.auth());
  auto by_reactions = client().get(thread_path("s8", "sort=reactions&limit=1"));
  EXPECT_EQ(str(by_reactions.json().at("comments").at(0).at("id")), ids[3]);

  post_comment(fan, "s8", "a reply", ids[5]);
  auto by_replies = client().get(thread_path("s8", "sort=replies&limit=1"));
  EXPECT_EQ(str(by_replies.json().at("comments").at(0).at("id")), ids[5]);

  auto bad = client().get(thread_path("s8", "sort=loudest"));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.json().at("error").at("code"), "invalid_sort");
  auto forged = client().get(thread_path("s8", "cursor=bm9wZQ"));
  EXPECT_EQ(forged.status, 400);
  EXPECT_EQ(forged.json().at("error").at("code"), "invalid_cursor");
}

TEST_F(Comments, CommentCountsForAnArticleList) {
  open_story("c1");
  open_story("c2");
  auto a = sign_up("Counter");
  post_comment(a, "c1", "one");
  post_comment(a, "c1", "two");
  auto r = client().post("/api/v1/comment-counts",
                         body_json({{"site", kSite}, {"stories", array{"c1", "c2", "never-seen"}}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("counts").at("c1"), 2);
  EXPECT_EQ(r.json().at("counts").at("c2"), 0);
  EXPECT_EQ(r.json().at("counts").at("never-seen"), 0);
}

TEST_F(Comments, ClosedStoriesRefuseNewComments) {
  open_story("s9");
  auto reader = sign_up("Late");
  auto closed = client().put(std::string("/api/v1/admin/sites/") + kSite + "/stories/s9", body_json({{"closed", true}}),
                             admin().auth());
  ASSERT_EQ(closed.status, 200) << closed.body;
  EXPECT_EQ(closed.json().at("open"), false);
  auto r = client().post(thread_path("s9"), body_json({{"body", "hello?"}}), reader.auth());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json().at("error").at("code"), "story_closed");
  EXPECT_EQ(client().get(thread_path("s9")).json().at("story").at("open"), false);
}

TEST_F(Comments, CorsAnswersOnlyTheSitesOrigins) {
  open_story("s10");
  auto ok = client().request("OPTIONS", thread_path("s10"), "",
                             {{"origin", kOrigin}, {"access-control-request-method", "POST"}});
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(ok.header("access-control-allow-origin"), kOrigin);
  EXPECT_NE(ok.header("access-control-allow-headers").find("Authorization"), std::string::npos);

  auto evil = client().request("OPTIONS", thread_path("s10"), "",
                               {{"origin", "https://evil.test"}, {"access-control-request-method", "POST"}});
  EXPECT_EQ(evil.status, 403);
  EXPECT_TRUE(evil.header("access-control-allow-origin").empty());

  auto read = client().get(thread_path("s10"), {{"origin", kOrigin}});
  EXPECT_EQ(read.header("access-control-allow-origin"), kOrigin);
  auto foreign_read = client().get(thread_path("s10"), {{"origin", "https://evil.test"}});
  EXPECT_TRUE(foreign_read.header("access-control-allow-origin").empty());

  auto reader = sign_up("Cross");
  auto headers = reader.auth();
  headers["origin"] = "https://evil.test";
  auto write = client().post(thread_path("s10"), body_json({{"body", "from elsewhere"}}), headers);
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(write.json().at("error").at("code"), "origin_not_allowed");
}

TEST_F(Comments, ReaderStateListsOwnReactionsApartFromTheCachedThread) {
  open_story("me1");
  auto author = sign_up("Author");
  auto reader = sign_up("Reader");
  auto c = post_comment(author, "me1", "react to me");
  client().put("/api/v1/comments/" + str(c.at("id")) + "/reaction", "", reader.auth());
  const std::string path = std::string("/api/v1/sites/") + kSite + "/stories/me1/me";
  auto mine = client().get(path, reader.auth());
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_EQ(mine.json().at("user").at("name"), "Reader");
  EXPECT_EQ(mine.json().at("reacted").as_array().size(), 1u);
  EXPECT_EQ(mine.json().at("reacted").at(0), c.at("id"));
  EXPECT_TRUE(mine.json().at("own").as_array().empty());
  EXPECT_EQ(mine.header("cache-control"), "no-store");
  EXPECT_EQ(client().get(path, author.auth()).json().at("reacted").as_array().size(), 0u);
  EXPECT_EQ(client().get(path).status, 401);
}

TEST_F(Comments, PreviewRendersLikeTheStoredComment) {
  auto r = client().post("/api/v1/preview", body_json({{"body", "**bold** <b>raw</b>"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("body_html"), "<p><strong>bold</strong> &lt;b&gt;raw&lt;/b&gt;</p>\n");
  EXPECT_EQ(client().post("/api/v1/preview", body_json({{"body", ""}})).status, 422);
}

}  // namespace
}  // namespace townhall::testing
