#include "integration/fixture.hpp"

namespace townhall::testing {

void TownhallTest::SetUp() {
  const std::string db = dir_.path() + "/townhall.db";
  auto site = run_townhall({"--db", db, "site", "create", "--id", kSite, "--name", "The Courier", "--origin", kOrigin});
  ASSERT_EQ(site.exit_code, 0) << site.output;
  auto admin = run_townhall({"--db", db, "user", "create", "--email", kAdminEmail, "--name", "Desk", "--role", "admin",
                             "--password", kAdminPassword});
  ASSERT_EQ(admin.exit_code, 0) << admin.output;
  server_ = std::make_unique<ServerProcess>(db, server_settings());
  ASSERT_TRUE(server_->start()) << server_->log();
  client_ = new_client();
}

void TownhallTest::TearDown() {
  client_.reset();
  if (server_ && server_->running()) {
    EXPECT_EQ(server_->stop(), 0) << "the server should exit cleanly on SIGTERM\n" << server_->log();
  }
}

std::unique_ptr<HttpClient> TownhallTest::new_client() const {
  return std::make_unique<HttpClient>("127.0.0.1", server_->port());
}

Account TownhallTest::sign_up(const std::string& name) {
  const std::string email = "reader" + std::to_string(++accounts_made_) + "@example.org";
  auto r = client().post("/api/v1/accounts",
                         body_json({{"email", email}, {"name", name}, {"password", "a long enough secret"}}));
  EXPECT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  if (r.status != 201) return {};
  return Account{std::string(j.at("user").at("id").as_string()), std::string(j.at("token").as_string())};
}

Account TownhallTest::admin() {
  auto r = client().post("/api/v1/sessions", body_json({{"email", kAdminEmail}, {"password", kAdminPassword}}));
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return {};
  auto j = r.json();
  return Account{std::string(j.at("user").at("id").as_string()), std::string(j.at("token").as_string())};
}

std::string TownhallTest::thread_path(const std::string& story, const std::string& query) const {
  std::string path = std::string("/api/v1/sites/") + kSite + "/stories/" + story + "/comments";
  if (!query.empty()) path += "?" + query;
  return path;
}

std::string TownhallTest::open_story(const std::string& story) {
  auto r = client().get(thread_path(story, "url=http%3A%2F%2Fnews.test%2F" + story + "&title=A%20story"));
  EXPECT_EQ(r.status, 200) << r.body;
  return thread_path(story);
}

boost::json::object TownhallTest::post_comment(const Account& who, const std::string& story, const std::string& body,
                                               const std::string& parent_id) {
  boost::json::object o{{"body", body}};
  if (!parent_id.empty()) o["parent_id"] = parent_id;
  auto r = client().post(thread_path(story), body_json(o), who.auth());
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return {};
  return r.json().as_object();
}

}  // namespace townhall::testing
