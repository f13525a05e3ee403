// Every kind of bad input gets a clear error with the right status, and the
// server keeps serving with nothing lost.
#include "integration/fixture.hpp"

namespace townhall::testing {
namespace {

using boost::json::object;

class BadInput : public TownhallTest {
 protected:
  void SetUp() override {
    TownhallTest::SetUp();
    open_story("story");
    reader_ = sign_up("Reader");
    kept_ = post_comment(reader_, "story", "this comment must survive everything below");
  }

  void expect_error(const Response& r, int status, const char* code) {
    EXPECT_EQ(r.status, status) << r.body;
    auto j = r.json();
    ASSERT_TRUE(j.is_object()) << "error bodies are JSON: " << r.body;
    EXPECT_EQ(j.at("error").at("code"), code) << r.body;
    EXPECT_TRUE(j.at("error").at("message").is_string());
  }

  std::string comments() { return thread_path("story"); }

  Account reader_;
  object kept_;
};

TEST_F(BadInput, MalformedJsonIs400) {
  expect_error(client().post(comments(), "{\"body\": \"unterminated", reader_.auth()), 400, "malformed_json");
  expect_error(client().post(comments(), "[1,2,3]", reader_.auth()), 400, "expected_object");
  expect_error(client().post(comments(), std::string(100, '['), reader_.auth()), 400, "malformed_json");
}

TEST_F(BadInput, InvalidUtf8Is400) {
  expect_error(client().post(comments(), "{\"body\": \"caf\xC3\x28\"}", reader_.auth()), 400, "invalid_utf8");
  expect_error(client().post(comments(), "{\"body\": \"\xED\xA0\x80\"}", reader_.auth()), 400, "invalid_utf8");
}

TEST_F(BadInput, WrongContentTypeIs415) {
  auto headers = reader_.auth();
  headers["content-type"] = "text/plain";
  expect_error(client().post(comments(), R"({"body":"hi"})", headers), 415, "unsupported_media_type");
}

TEST_F(BadInput, OversizedBodyIs413) {
  const std::string huge = R"({"body":")" + std::string(200 * 1024, 'a') + R"("})";
  auto r = client().post(comments(), huge, reader_.auth());
  expect_error(r, 413, "body_too_large");
}

TEST_F(BadInput, ValidationFailuresAre422) {
  expect_error(client().post(comments(), body_json({{"body", "   \n  "}}), reader_.auth()), 422, "body_empty");
  expect_error(client().post(comments(), body_json({{"body", std::string(5001, 'x')}}), reader_.auth()), 422,
               "body_too_long");
  expect_error(client().post(comments(), body_json({{"body", "bell \x07 here"}}), reader_.auth()), 422,
               "body_forbidden_characters");
  expect_error(client().post(comments(), body_json({{"body", "abc \xE2\x80\xAE evil"}}), reader_.auth()), 422,
               "body_forbidden_characters");
  expect_error(client().post(comments(), body_json({{"body", 12}}), reader_.auth()), 422, "invalid_field");
  expect_error(client().post(comments(), body_json({{"text", "hi"}}), reader_.auth()), 422, "missing_field");
  expect_error(client().post(comments(), body_json({{"body", "hi"}, {"parent_id", 5}}), reader_.auth()), 422,
               "invalid_field");
  // 5000 characters of multi-byte text are fine: the limit counts characters, not bytes.
  std::string accents;
  for (int i = 0; i < 5000; ++i) accents += "\xC3\xA9";
  EXPECT_EQ(client().post(comments(), body_json({{"body", accents}}), reader_.auth()).status, 201);
}

TEST_F(BadInput, ParentInAnotherStoryIs422) {
  open_story("other");
  auto elsewhere = post_comment(reader_, "other", "over here");
  expect_error(
      client().post(comments(), body_json({{"body", "hi"}, {"parent_id", elsewhere.at("id")}}), reader_.auth()), 422,
      "parent_in_other_story");
}

TEST_F(BadInput, UnknownIdsAre404) {
  expect_error(client().get("/api/v1/comments/999999999"), 404, "comment_not_found");
  expect_error(client().get("/api/v1/comments/not-a-number"), 404, "comment_not_found");
  expect_error(client().patch("/api/v1/comments/999999999", body_json({{"body", "x"}}), reader_.auth()), 404,
               "comment_not_found");
  expect_error(client().post(comments(), body_json({{"body", "hi"}, {"parent_id", "999999999"}}), reader_.auth()), 404,
               "parent_not_found");
  expect_error(client().get("/api/v1/sites/nope/stories/x/comments"), 404, "site_not_found");
  expect_error(client().post(thread_path("never-opened"), body_json({{"body", "hi"}}), reader_.auth()), 404,
               "story_not_found");
  expect_error(client().get("/api/v1/nothing-here"), 404, "not_found");
}

TEST_F(BadInput, WrongMethodIs405WithAllow) {
  auto r = client().request("PUT", "/api/v1/accounts", "{}");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "POST");
}

TEST_F(BadInput, MissingTokenIs401AndWrongRoleIs403) {
  expect_error(client().post(comments(), body_json({{"body", "anon"}})), 401, "missing_token");
  expect_error(client().get("/api/v1/admin/sites", reader_.auth()), 403, "insufficient_role");
  expect_error(client().get("/api/v1/admin/sites"), 401, "missing_token");
}

TEST_F(BadInput, DuplicateSiteIs409) {
  auto r = client().post("/api/v1/admin/sites", body_json({{"id", kSite}, {"name", "Again"}}), admin().auth());
  expect_error(r, 409, "site_exists");
}

TEST_F(BadInput, GarbageOnTheWireNeverCrashesTheServer) {
  const std::string requests[] = {
      "GARBAGE\r\n\r\n",
      "GET / HTTP/9.9\r\n\r\n",
      "POST /api/v1/accounts HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
      "POST /api/v1/accounts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET /api/v1/sites/%ZZ/stories/x/comments HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /api/v1/comments/" + std::string(10000, '9') + " HTTP/1.1\r\nHost: x\r\n\r\n",
      std::string("GET / HTTP/1.1\r\nHost: x\r\nX: ") + std::string(64 * 1024, 'h') + "\r\n\r\n",
  };
  for (const auto& raw : requests) {
    auto c = new_client();
    c->set_timeout(std::chrono::milliseconds(2000));  // some of these wait for bytes that never come
    const std::string answer = c->raw_exchange(raw);
    EXPECT_EQ(answer.find("HTTP/1.1 500"), std::string::npos) << raw.substr(0, 80);
  }
  EXPECT_TRUE(server_->running());
  auto thread = client().get(comments());
  ASSERT_EQ(thread.status, 200);
  EXPECT_EQ(thread.json().at("comments").at(0).at("id"), kept_.at("id")) << "the stored comment is intact";
  EXPECT_EQ(thread.json().at("comments").at(0).at("body_html"), kept_.at("body_html"));
}

}  // namespace
}  // namespace townhall::testing
