// Accounts and sessions against the running server.
#include <thread>

#include "integration/fixture.hpp"

namespace townhall::testing {
namespace {

using boost::json::object;

class Accounts : public TownhallTest {};

TEST_F(Accounts, SignUpSignInAndSignOut) {
  auto up = client().post("/api/v1/accounts",
                          body_json({{"email", "Ada@Example.org"}, {"name", "Ada"}, {"password", "lovelace-1815"}}));
  ASSERT_EQ(up.status, 201) << up.body;
  const auto token = std::string(up.json().at("token").as_string());
  EXPECT_EQ(token.size(), 43u) << "256 random bits in base64url";
  EXPECT_EQ(up.json().at("user").at("role"), "commenter");
  EXPECT_EQ(up.json().at("user").at("name"), "Ada");

  auto me = client().get("/api/v1/me", {{"authorization", "Bearer " + token}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json().at("user").at("email"), "ada@example.org");

  // Emails are matched case-insensitively.
  auto in = client().post("/api/v1/sessions", body_json({{"email", "ADA@example.org"}, {"password", "lovelace-1815"}}));
  ASSERT_EQ(in.status, 200) << in.body;
  const auto second = std::string(in.json().at("token").as_string());
  EXPECT_NE(second, token);

  auto out = client().del("/api/v1/sessions/current", {{"authorization", "Bearer " + token}});
  EXPECT_EQ(out.status, 204);
  auto after = client().get("/api/v1/me", {{"authorization", "Bearer " + token}});
  EXPECT_EQ(after.status, 401);
  EXPECT_EQ(after.json().at("error").at("code"), "invalid_token");
  // The other session is untouched.
  EXPECT_EQ(client().get("/api/v1/me", {{"authorization", "Bearer " + second}}).status, 200);
}

TEST_F(Accounts, RegisteringATakenEmailConflicts) {
  auto body = body_json({{"email", "sam@example.org"}, {"name", "Sam"}, {"password", "a long enough secret"}});
  ASSERT_EQ(client().post("/api/v1/accounts", body).status, 201);
  auto again = client().post("/api/v1/accounts", body);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.json().at("error").at("code"), "email_taken");
}

TEST_F(Accounts, ValidationErrorsNameTheProblem) {
  struct Case {
    object body;
    const char* code;
  };
  const Case cases[] = {
      {{{"email", "not-an-email"}, {"name", "X"}, {"password", "a long enough secret"}}, "invalid_email"},
      {{{"email", "x@example.org"}, {"name", ""}, {"password", "a long enough secret"}}, "invalid_name"},
      {{{"email", "x@example.org"}, {"name", std::string(51, 'n')}, {"password", "a long enough secret"}},
       "invalid_name"},
      {{{"email", "x@example.org"}, {"name", "X"}, {"password", "short"}}, "weak_password"},
      {{{"email", "x@example.org"}, {"name", "X"}}, "missing_field"},
      {{{"email", 42}, {"name", "X"}, {"password", "a long enough secret"}}, "invalid_field"},
  };
  for (const auto& c : cases) {
    auto r = client().post("/api/v1/accounts", body_json(c.body));
    EXPECT_EQ(r.status, 422) << body_json(c.body);
    EXPECT_EQ(r.json().at("error").at("code"), c.code) << r.body;
  }
}

TEST_F(Accounts, WrongPasswordIsRefusedAndRepeatedFailuresAreThrottled) {
  sign_up("Target");
  const std::string email = "reader1@example.org";
  for (int i = 0; i < 5; ++i) {
    auto r = client().post("/api/v1/sessions", body_json({{"email", email}, {"password", "wrong password"}}));
    ASSERT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(r.json().at("error").at("code"), "invalid_credentials");
  }
  // Now even the right password waits: the account is throttled.
  auto r = client().post("/api/v1/sessions", body_json({{"email", email}, {"password", "a long enough secret"}}));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.json().at("error").at("code"), "too_many_attempts");
  EXPECT_FALSE(r.header("retry-after").empty());
}

TEST_F(Accounts, UnknownEmailLooksLikeAWrongPassword) {
  auto r =
      client().post("/api/v1/sessions", body_json({{"email", "nobody@example.org"}, {"password", "whatever it is"}}));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json().at("error").at("code"), "invalid_credentials");
}

TEST_F(Accounts, TokensAreCheckedOnEveryRequest) {
  auto none = client().get("/api/v1/me");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.json().at("error").at("code"), "missing_token");
  EXPECT_EQ(none.header("www-authenticate"), "Bearer");
  auto bogus = client().get("/api/v1/me", {{"authorization", "Bearer not-a-real-token"}});
  EXPECT_EQ(bogus.status, 401);
  EXPECT_EQ(bogus.json().at("error").at("code"), "invalid_token");
}

TEST_F(Accounts, OnlyAdminsChangeRoles) {
  auto reader = sign_up("Reader");
  auto body = body_json({{"role", "moderator"}});
  auto denied = client().put("/api/v1/admin/users/" + reader.id + "/role", body, reader.auth());
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(denied.json().at("error").at("code"), "insufficient_role");
  auto granted = client().put("/api/v1/admin/users/" + reader.id + "/role", body, admin().auth());
  ASSERT_EQ(granted.status, 200) << granted.body;
  EXPECT_EQ(granted.json().at("user").at("role"), "moderator");
  auto me = client().get("/api/v1/me", reader.auth());
  EXPECT_EQ(me.json().at("user").at("role"), "moderator");
  auto unknown = client().put("/api/v1/admin/users/123456789/role", body, admin().auth());
  EXPECT_EQ(unknown.status, 404);
}

class ExpiringSessions : public TownhallTest {
  std::vector<std::string> server_settings() const override {
    return {"limits.signups_per_hour_per_address=0", "api.session_days=0", "log.requests=false"};
  }
};

TEST_F(ExpiringSessions, AnExpiredTokenIsRefusedWithItsOwnCode) {
  auto reader = sign_up("Brief");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto r = client().get("/api/v1/me", reader.auth());
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json().at("error").at("code"), "token_expired");
}

class SignupLimits : public TownhallTest {
  std::vector<std::string> server_settings() const override {
    return {"limits.signups_per_hour_per_address=2", "log.requests=false"};
  }
};

TEST_F(SignupLimits, OneAddressCannotCreateAccountsWithoutLimit) {
  for (int i = 0; i < 2; ++i) {
    auto r = client().post("/api/v1/accounts", body_json({{"email", "s" + std::to_string(i) + "@example.org"},
                                                          {"name", "S"},
                                                          {"password", "a long enough secret"}}));
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto r = client().post("/api/v1/accounts",
                         body_json({{"email", "s9@example.org"}, {"name", "S"}, {"password", "a long enough secret"}}));
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.json().at("error").at("code"), "too_many_signups");
}

}  // namespace
}  // namespace townhall::testing
