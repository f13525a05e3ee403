#include "integration/fixture_moderation.hpp"

namespace townhall::testing {

namespace json = boost::json;

std::string text_of(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }

void ModerationTest::SetUp() {
  TownhallTest::SetUp();
  if (HasFatalFailure()) return;
  admin_ = admin();
  auto site = client().post(
      "/api/v1/admin/sites",
      body_json({{"id", kOtherSite}, {"name", "The Gazette"}, {"allowed_origins", json::array{"http://gazette.test"}}}),
      admin_.auth());
  ASSERT_EQ(site.status, 201) << site.body;
  auto rules = client().get(std::string("/api/v1/sites/") + kSite + "/rules");
  ASSERT_EQ(rules.status, 200) << rules.body;
  const json::value listed = rules.json();
  for (const auto& r : listed.at("rules").as_array()) {
    if (r.at("id") != "illegal") {
      rule_ = text_of(r.at("id"));
      break;
    }
  }
  ASSERT_FALSE(rule_.empty()) << rules.body;
}

Account ModerationTest::make_moderator(const std::string& name, const std::vector<std::string>& sites) {
  Account who = sign_up(name);
  json::object body{{"role", "moderator"}};
  if (!sites.empty()) {
    json::array list;
    for (const auto& s : sites) list.emplace_back(s);
    body["sites"] = std::move(list);
  }
  auto r = client().put("/api/v1/admin/users/" + who.id + "/role", body_json(body), admin_.auth());
  EXPECT_EQ(r.status, 200) << r.body;
  return who;
}

Response ModerationTest::decide(const Account& who, const std::string& comment_id, const json::object& body) {
  return client().post("/api/v1/moderation/comments/" + comment_id + "/decision", body_json(body), who.auth());
}

Response ModerationTest::enforce(const Account& who, const std::string& user_id, json::object body) {
  if (!body.contains("site") && !body.contains("all_sites")) body["site"] = kSite;
  return client().post("/api/v1/moderation/users/" + user_id + "/enforcement", body_json(body), who.auth());
}

void ModerationTest::report(const Account& who, const std::string& comment_id, const std::string& rule) {
  auto r = client().post("/api/v1/comments/" + comment_id + "/reports", body_json({{"rule_id", rule}}), who.auth());
  EXPECT_EQ(r.status, 201) << r.body;
}

json::array ModerationTest::notifications(const Account& who) {
  auto r = client().get("/api/v1/me/notifications", who.auth());
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return {};
  return r.json().at("items").as_array();
}

json::value ModerationTest::notification_of(const Account& who, const std::string& kind) {
  for (const auto& n : notifications(who)) {
    if (n.at("kind") == kind.c_str()) return n;
  }
  return nullptr;
}

std::string ModerationTest::appeal(const Account& who, const std::string& notice_id, const std::string& text) {
  auto r = client().post("/api/v1/appeals", body_json({{"notice_id", notice_id}, {"text", text}}), who.auth());
  EXPECT_EQ(r.status, 201) << r.body;
  if (r.status != 201) return {};
  return text_of(r.json().at("id"));
}

json::value ModerationTest::queue(const Account& who, const std::string& name, const std::string& query) {
  std::string path = "/api/v1/moderation/queues/" + name + "?site=" + kSite;
  if (!query.empty()) path += "&" + query;
  auto r = client().get(path, who.auth());
  EXPECT_EQ(r.status, 200) << path << ": " << r.body;
  return r.json();
}

std::vector<std::string> ModerationTest::visible_ids(const std::string& story) {
  std::vector<std::string> ids;
  auto r = client().get(thread_path(story, "limit=100"));
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return ids;
  auto walk = [&ids](auto& self, const json::array& comments) -> void {
    for (const auto& c : comments) {
      if (c.at("status") == "published" || c.at("status") == "approved") ids.push_back(text_of(c.at("id")));
      self(self, c.at("replies").as_array());
    }
  };
  walk(walk, r.json().at("comments").as_array());
  return ids;
}

}  // namespace townhall::testing
