// TownhallTest plus what moderation tests share: a second site ("gazette"),
// moderators limited to one site, the site's rules, and short helpers for
// the moderation endpoints (docs/api-moderation.md).
#pragma once

#include <string>
#include <vector>

#include "integration/fixture.hpp"

namespace townhall::testing {

inline constexpr const char* kOtherSite = "gazette";

class ModerationTest : public TownhallTest {
 protected:
  void SetUp() override;

  // A fresh account made moderator of `sites` (empty: every site).
  Account make_moderator(const std::string& name, const std::vector<std::string>& sites = {kSite});
  // POST /moderation/comments/{id}/decision; returns the response.
  Response decide(const Account& who, const std::string& comment_id, const boost::json::object& body);
  // POST /moderation/users/{id}/enforcement.
  Response enforce(const Account& who, const std::string& user_id, boost::json::object body);
  // POST /comments/{id}/reports citing `rule`; expects 201.
  void report(const Account& who, const std::string& comment_id, const std::string& rule);
  // GET /me/notifications → items, newest first.
  boost::json::array notifications(const Account& who);
  // The newest notification of `kind`, or null.
  boost::json::value notification_of(const Account& who, const std::string& kind);
  // POST /appeals; returns the appeal id (expects 201).
  std::string appeal(const Account& who, const std::string& notice_id, const std::string& text = "Please look again.");
  // GET /moderation/queues/{name}?site=courier&{query} → the body.
  boost::json::value queue(const Account& who, const std::string& name, const std::string& query = "");
  // The ids of the comments a thread shows (top level and replies).
  std::vector<std::string> visible_ids(const std::string& story);

  Account admin_;
  // A live rule of the courier that is not "illegal".
  std::string rule_;
};

std::string text_of(const boost::json::value& v);

}  // namespace townhall::testing
