#include "api/router.hpp"

#include <gtest/gtest.h>

namespace townhall::api {
namespace {

http::Response tagged(int status) {
  http::Response r;
  r.status = status;
  return r;
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.add({http::Method::kGet, "/api/v1/comments/{id}", [](auto&, auto&) { return tagged(1); }});
    router_.add({http::Method::kPatch, "/api/v1/comments/{id}", [](auto&, auto&) { return tagged(2); }});
    router_.add({http::Method::kPut, "/api/v1/comments/{id}/reaction", [](auto&, auto&) { return tagged(3); }});
    router_.add({http::Method::kGet, "/api/v1/sites/{site}/stories/{story}/comments",
                 [](auto&, const PathParams& p) { return tagged(p["site"] == "courier" ? 4 : 0); }});
  }
  Router router_;
};

TEST_F(RouterTest, MatchesMethodAndCapturesDecodedSegments) {
  auto m = router_.match(http::Method::kGet, "/api/v1/sites/courier/stories/caf%C3%A9/comments");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["story"], "caf\xC3\xA9");
  EXPECT_EQ(m.route->handler({}, m.params).status, 4);
}

TEST_F(RouterTest, HeadIsAnsweredByTheGetRoute) {
  auto m = router_.match(http::Method::kHead, "/api/v1/comments/7");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params["id"], "7");
}

TEST_F(RouterTest, KnownPathWithOtherMethodListsAllowedMethods) {
  auto m = router_.match(http::Method::kDelete, "/api/v1/comments/7");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_EQ(m.allow, "GET, PATCH");
}

TEST_F(RouterTest, UnknownPathsAndMalformedEscapesDoNotMatch) {
  EXPECT_EQ(router_.match(http::Method::kGet, "/api/v1/comments").route, nullptr);
  EXPECT_EQ(router_.match(http::Method::kGet, "/api/v1/comments/7/extra").route, nullptr);
  auto bad = router_.match(http::Method::kGet, "/api/v1/comments/%ZZ");
  EXPECT_EQ(bad.route, nullptr);
  EXPECT_FALSE(bad.path_known);
  // Percent-encoded bytes that are not UTF-8 never reach a handler.
  EXPECT_EQ(router_.match(http::Method::kGet, "/api/v1/comments/%FF").route, nullptr);
}

}  // namespace
}  // namespace townhall::api
