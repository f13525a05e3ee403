// A running townhall with one site ("courier", origin http://news.test) and
// an admin account, for end-to-end tests over real HTTP.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/server_process.hpp"

namespace townhall::testing {

inline constexpr const char* kSite = "courier";
inline constexpr const char* kOrigin = "http://news.test";
inline constexpr const char* kAdminEmail = "admin@courier.test";
inline constexpr const char* kAdminPassword = "correct horse battery";

struct Account {
  std::string id;
  std::string token;
  Headers auth() const { return {{"authorization", "Bearer " + token}}; }
};

class TownhallTest : public ::testing::Test {
 protected:
  // Settings passed to the server as --set key=value; override to change.
  // Tests post far faster than readers, from one address: the flood checks
  // (tested on their own in moderation_test.cpp and tests/moderation) would
  // hold their comments.
  virtual std::vector<std::string> server_settings() const { return relaxed_settings(); }
  static std::vector<std::string> relaxed_settings() {
    return {"limits.signups_per_hour_per_address=0", "log.requests=false",
            "moderation.account_comments_in_a_row=1000000", "moderation.address_comments_in_a_row=1000000",
            "moderation.burst_accounts_per_minute=1000000"};
  }

  void SetUp() override;
  void TearDown() override;

  HttpClient& client() { return *client_; }
  std::unique_ptr<HttpClient> new_client() const;

  // Signs up a fresh reader; fails the test if that does not work.
  Account sign_up(const std::string& name);
  Account admin();
  // Path of a story's thread, creating the story on first use.
  std::string thread_path(const std::string& story, const std::string& query = "") const;
  // Ensures the story exists (first view with its url) and returns its thread path.
  std::string open_story(const std::string& story);
  // Posts a comment and returns the comment object; expects 201.
  boost::json::object post_comment(const Account& who, const std::string& story, const std::string& body,
                                   const std::string& parent_id = "");

  static std::string body_json(const boost::json::object& o) { return boost::json::serialize(o); }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  int accounts_made_ = 0;
};

}  // namespace townhall::testing
