// The readers' side of moderation against the running server: rules,
// reports, illegal-content notices, notifications, appeals, restricted
// readers, pre-moderation and the featured tab (docs/api-moderation.md).
#include "integration/fixture.hpp"

namespace townhall::testing {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

std::string str(const value& v) { return std::string(v.as_string()); }
std::string code_of(const Response& r) {
  if (r.status == 0) return "";
  if (!r.json().as_object().contains("error")) ADD_FAILURE() << "no error in " << r.status << " " << r.body;
  return str(r.json().at("error").at("code"));
}

class Community : public TownhallTest {
 protected:
  std::string rules_path() const { return std::string("/api/v1/sites/") + kSite + "/rules"; }
  static std::string reports_path(const std::string& comment_id) {
    return "/api/v1/comments/" + comment_id + "/reports";
  }

  Response report(const Account& who, const std::string& comment_id, const std::string& rule_id,
                  const std::string& details = "") {
    object body{{"rule_id", rule_id}};
    if (!details.empty()) body["details"] = details;
    return client().post(reports_path(comment_id), body_json(body), who.auth());
  }

  static object notice_body() {
    return object{{"kind", "illegal"},
                  {"law", "Defamation Act 2013, s.1"},
                  {"details", "It says the named councillor took bribes, which is false."},
                  {"name", "Ana Pereira"},
                  {"email", "ana@example.org"},
                  {"good_faith", true}};
  }

  Response enforce(const Account& moderator, const Account& target, object body) {
    body["site"] = kSite;
    return client().post("/api/v1/moderation/users/" + target.id + "/enforcement", body_json(body), moderator.auth());
  }

  Response decide(const Account& moderator, const std::string& comment_id, object body) {
    return client().post("/api/v1/moderation/comments/" + comment_id + "/decision", body_json(body), moderator.auth());
  }

  array notifications(const Account& who) {
    auto r = client().get("/api/v1/me/notifications", who.auth());
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return {};
    return r.json().at("items").as_array();
  }

  Response patch_site(const object& settings) {
    return client().patch(std::string("/api/v1/admin/sites/") + kSite, body_json({{"settings", settings}}),
                          admin().auth());
  }

  array thread(const std::string& story, const std::string& query = "") {
    auto r = client().get(thread_path(story, query));
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return {};
    return r.json().at("comments").as_array();
  }

  object me(const Account& who, const std::string& story) {
    auto r = client().get(std::string("/api/v1/sites/") + kSite + "/stories/" + story + "/me", who.auth());
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return {};
    return r.json().as_object();
  }
};

// ---- Rules ------------------------------------------------------------------

TEST_F(Community, NewSiteHasTheDefaultRules) {
  auto r = client().get(rules_path());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("site").at("id"), kSite);
  EXPECT_EQ(r.json().at("site").at("name"), "The Courier");
  const value r_json = r.json();

  const auto& rules = r_json.at("rules").as_array();
  ASSERT_GE(rules.size(), 6u);
  bool illegal = false;
  for (std::size_t i = 0; i < rules.size(); ++i) {
    EXPECT_EQ(rules[i].at("number"), static_cast<std::int64_t>(i + 1));
    EXPECT_FALSE(str(rules[i].at("title")).empty());
    EXPECT_EQ(str(rules[i].at("body_html")).rfind("<p>", 0), 0u) << rules[i];
    if (rules[i].at("id") == "illegal") illegal = true;
  }
  EXPECT_TRUE(illegal);
  EXPECT_EQ(rules[0].at("id"), "civility");

  EXPECT_EQ(client().get("/api/v1/sites/nowhere/rules").status, 404);
}

TEST_F(Community, AdminReplacesRulesAndOldOnesAreArchived) {
  const auto desk = admin();
  auto reader = sign_up("Rosa");
  object body{{"rules", array{object{{"title", "Be kind <always>"}, {"body", "No **insults**."}},
                              object{{"id", "illegal"}, {"title", "Nothing illegal"}, {"body", "Obey the law."}}}}};
  EXPECT_EQ(client().put(std::string("/api/v1/admin/sites/") + kSite + "/rules", body_json(body), reader.auth()).status,
            403);
  auto r = client().put(std::string("/api/v1/admin/sites/") + kSite + "/rules", body_json(body), desk.auth());
  ASSERT_EQ(r.status, 200) << r.body;
  const value r_json = r.json();

  const auto& rules = r_json.at("rules").as_array();
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].at("id"), "be-kind-always");
  EXPECT_EQ(rules[0].at("number"), 1);
  EXPECT_NE(str(rules[0].at("body_html")).find("<strong>insults</strong>"), std::string::npos);
  EXPECT_EQ(rules[1].at("id"), "illegal");

  EXPECT_EQ(client().get(rules_path()).json().at("rules").as_array().size(), 2u);
  auto all = client().get(rules_path() + "?include_archived=1");
  ASSERT_EQ(all.status, 200);
  const value all_json = all.json();

  const auto& with_archived = all_json.at("rules").as_array();
  EXPECT_GT(with_archived.size(), 2u);
  bool civility_archived = false;
  for (const auto& rule : with_archived) {
    if (rule.at("id") == "civility") civility_archived = rule.as_object().contains("archived");
  }
  EXPECT_TRUE(civility_archived);

  // The readers' page shows the live rules, escaped.
  auto page = client().get(std::string("/rules?site=") + kSite);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.header("content-type").find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("Be kind &lt;always&gt;"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find(R"(id="illegal")"), std::string::npos);
  EXPECT_EQ(page.body.find("<always>"), std::string::npos);
  EXPECT_EQ(client().get("/rules?site=nowhere").status, 404);
}

TEST_F(Community, BadRuleListsAreRefused) {
  const auto desk = admin();
  const std::string path = std::string("/api/v1/admin/sites/") + kSite + "/rules";
  auto put = [&](const array& rules) { return client().put(path, body_json({{"rules", rules}}), desk.auth()); };
  const object illegal{{"id", "illegal"}, {"title", "Nothing illegal"}, {"body", "x"}};
  EXPECT_EQ(code_of(put(array{})), "rule_required");
  EXPECT_EQ(code_of(put(array{object{{"title", "Be civil"}, {"body", "x"}}})), "rule_required");
  EXPECT_EQ(code_of(put(array{illegal, object{{"title", ""}, {"body", "x"}}})), "invalid_rule");
  EXPECT_EQ(code_of(put(array{illegal, object{{"title", std::string(121, 't')}, {"body", "x"}}})), "invalid_rule");
  EXPECT_EQ(code_of(put(array{illegal, object{{"title", "Long"}, {"body", std::string(5001, 'b')}}})), "invalid_rule");
  EXPECT_EQ(code_of(put(array{illegal, object{{"id", "Bad Id"}, {"title", "x"}, {"body", "x"}}})), "invalid_rule");
  EXPECT_EQ(code_of(put(array{illegal, illegal})), "invalid_rule");
  auto r = put(array{illegal});
  EXPECT_EQ(r.status, 200) << r.body;
}

// ---- Reports ----------------------------------------------------------------

TEST_F(Community, ReportIsFiledOnceAndValidated) {
  open_story("s1");
  auto author = sign_up("Rosa");
  auto reader = sign_up("Sam");
  auto c = post_comment(author, "s1", "Council is wrong about parking.");
  const std::string id = str(c.at("id"));

  EXPECT_EQ(client().post(reports_path(id), body_json({{"rule_id", "civility"}})).status, 401);
  EXPECT_EQ(code_of(report(reader, "123", "civility")), "comment_not_found");
  EXPECT_EQ(code_of(report(reader, "nope", "civility")), "comment_not_found");
  EXPECT_EQ(code_of(report(author, id, "civility")), "own_comment");
  EXPECT_EQ(code_of(report(reader, id, "no-such-rule")), "unknown_rule");
  EXPECT_EQ(code_of(report(reader, id, "civility", std::string(501, 'x'))), "details_too_long");
  EXPECT_EQ(code_of(client().post(reports_path(id), body_json({{"kind", "spam"}}), reader.auth())), "invalid_kind");

  auto filed = report(reader, id, "civility", "Calls another reader an idiot.");
  ASSERT_EQ(filed.status, 201) << filed.body;
  const value filed_json = filed.json();

  const auto& rep = filed_json.at("report");
  EXPECT_EQ(str(rep.at("comment_id")), id);
  EXPECT_EQ(rep.at("rule_id"), "civility");
  EXPECT_EQ(rep.at("details"), "Calls another reader an idiot.");
  EXPECT_FALSE(str(rep.at("id")).empty());
  EXPECT_FALSE(str(rep.at("created_at")).empty());

  auto again = report(reader, id, "no-spam");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(code_of(again), "already_reported");

  // One report (weight 1) stays under the default threshold of 3.
  EXPECT_EQ(thread("s1").size(), 1u);
}

TEST_F(Community, ReportsPastTheThresholdHideTheComment) {
  ASSERT_EQ(patch_site(object{{"report_threshold", 2}}).status, 200);
  open_story("s1");
  auto author = sign_up("Rosa");
  auto first = sign_up("Sam");
  auto second = sign_up("Tess");
  auto c = post_comment(author, "s1", "Something rude.");
  const std::string id = str(c.at("id"));
  ASSERT_EQ(thread("s1").size(), 1u);  // cached now

  ASSERT_EQ(report(first, id, "civility").status, 201);
  EXPECT_EQ(thread("s1").size(), 1u);
  ASSERT_EQ(report(second, id, "civility").status, 201);
  EXPECT_TRUE(thread("s1").empty()) << "the cached thread drops a comment the reports hid";

  auto own = client().get("/api/v1/comments/" + id, author.auth());
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(own.json().at("status"), "pending");
  EXPECT_EQ(own.json().at("reason"), "reported");

  auto told = notifications(author);
  ASSERT_FALSE(told.empty());
  EXPECT_EQ(told[0].at("kind"), "comment_held");
  EXPECT_EQ(str(told[0].at("comment").at("id")), id);
  EXPECT_EQ(told[0].at("comment").at("story").at("key"), "s1");

  // Hidden from readers, so no more reports on it.
  EXPECT_EQ(code_of(report(sign_up("Uma"), id, "civility")), "comment_not_found");
}

class ThrottledReports : public Community {
 protected:
  std::vector<std::string> server_settings() const override {
    auto settings = TownhallTest::server_settings();
    settings.push_back("limits.reports_per_hour=2");
    return settings;
  }
};

TEST_F(ThrottledReports, TooManyReportsAreRateLimited) {
  open_story("s1");
  auto author = sign_up("Rosa");
  auto reader = sign_up("Sam");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(str(post_comment(author, "s1", "Comment " + std::to_string(i)).at("id")));
  EXPECT_EQ(report(reader, ids[0], "civility").status, 201);
  EXPECT_EQ(report(reader, ids[1], "civility").status, 201);
  auto third = report(reader, ids[2], "civility");
  EXPECT_EQ(third.status, 429);
  EXPECT_EQ(code_of(third), "rate_limited");
  EXPECT_FALSE(third.header("retry-after").empty());
  // Another reader has their own allowance.
  EXPECT_EQ(report(sign_up("Tess"), ids[2], "civility").status, 201);
}

// ---- Illegal-content notices --------------------------------------------------

TEST_F(Community, AnyoneCanSendANoticeAndFollowItWithTheReceipt) {
  open_story("s1");
  auto author = sign_up("Rosa");
  const std::string id = str(post_comment(author, "s1", "The councillor takes bribes.").at("id"));

  auto sent = client().post(reports_path(id), body_json(notice_body()));
  ASSERT_EQ(sent.status, 201) << sent.body;
  const value sent_json = sent.json();

  const auto& notice = sent_json.at("notice");
  EXPECT_EQ(str(notice.at("comment_id")), id);
  EXPECT_EQ(notice.at("status"), "received");
  const std::string notice_id = str(notice.at("id"));
  const std::string receipt = str(sent.json().at("receipt"));
  EXPECT_GE(receipt.size(), 40u);

  auto followed = client().get("/api/v1/legal-notices/" + notice_id + "?receipt=" + receipt);
  ASSERT_EQ(followed.status, 200) << followed.body;
  EXPECT_EQ(followed.json().at("notice").at("status"), "received");
  EXPECT_TRUE(followed.json().at("notice").at("decided_at").is_null());
  EXPECT_EQ(followed.json().at("notice").as_object().count("email"), 0u);

  std::string wrong = receipt;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(code_of(client().get("/api/v1/legal-notices/" + notice_id + "?receipt=" + wrong)), "notice_not_found");
  EXPECT_EQ(code_of(client().get("/api/v1/legal-notices/" + notice_id)), "notice_not_found");
  EXPECT_EQ(code_of(client().get("/api/v1/legal-notices/42?receipt=" + receipt)), "notice_not_found");

  // The comment stays up until a moderator decides.
  EXPECT_EQ(thread("s1").size(), 1u);
}

TEST_F(Community, NoticesAreValidated) {
  open_story("s1");
  auto author = sign_up("Rosa");
  const std::string id = str(post_comment(author, "s1", "Text.").at("id"));
  auto send = [&](const std::string& field, const value& v) {
    object body = notice_body();
    if (v.is_null()) {
      body.erase(field);
    } else {
      body[field] = v;
    }
    return code_of(client().post(reports_path(id), body_json(body)));
  };
  EXPECT_EQ(send("good_faith", false), "good_faith_required");
  EXPECT_EQ(send("good_faith", nullptr), "good_faith_required");
  EXPECT_EQ(send("email", "not-an-email"), "invalid_email");
  EXPECT_EQ(send("email", nullptr), "missing_field");
  EXPECT_EQ(send("details", ""), "details_required");
  EXPECT_EQ(send("details", value(std::string(5001, 'd'))), "details_too_long");
  EXPECT_EQ(send("name", ""), "invalid_name");
  EXPECT_EQ(send("law", value(std::string(201, 'l'))), "law_too_long");
  EXPECT_EQ(code_of(client().post(reports_path("1"), body_json(notice_body()))), "comment_not_found");
  // A token that is sent must be valid.
  EXPECT_EQ(client().post(reports_path(id), body_json(notice_body()), {{"authorization", "Bearer nope"}}).status, 401);
}

TEST_F(Community, SignedInNotifierIsToldTheNoticeArrived) {
  open_story("s1");
  auto author = sign_up("Rosa");
  auto notifier = sign_up("Ana");
  const std::string id = str(post_comment(author, "s1", "Text.").at("id"));
  auto sent = client().post(reports_path(id), body_json(notice_body()), notifier.auth());
  ASSERT_EQ(sent.status, 201) << sent.body;
  auto items = notifications(notifier);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("kind"), "notice_received");
  EXPECT_EQ(items[0].at("notice_id"), sent.json().at("notice").at("id"));
  EXPECT_EQ(items[0].at("appeal").at("possible"), false);

  // Not a decision: nothing to appeal.
  auto appeal = client().post("/api/v1/appeals", body_json({{"notice_id", items[0].at("id")}, {"text", "Why?"}}),
                              notifier.auth());
  EXPECT_EQ(appeal.status, 422) << appeal.body;
  EXPECT_EQ(code_of(appeal), "not_appealable");
}

// ---- Notifications and appeals -----------------------------------------------

TEST_F(Community, RejectionIsExplainedAndCanBeAppealedOnce) {
  const auto desk = admin();
  open_story("s1");
  auto author = sign_up("Rosa");
  auto other = sign_up("Sam");
  const std::string id = str(post_comment(author, "s1", "You are all idiots.").at("id"));
  auto decided = decide(desk, id, {{"action", "reject"}, {"rule_id", "civility"}, {"explanation", "Insults."}});
  ASSERT_EQ(decided.status, 200) << decided.body;

  auto listed = client().get("/api/v1/me/notifications", author.auth());
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(listed.header("cache-control"), "no-store");
  EXPECT_EQ(listed.json().at("unread"), 1);
  EXPECT_TRUE(listed.json().at("next_cursor").is_null());
  const value listed_json = listed.json();

  const auto& n = listed_json.at("items").at(0);
  EXPECT_EQ(n.at("kind"), "comment_rejected");
  EXPECT_EQ(n.at("site_id"), kSite);
  EXPECT_EQ(n.at("read"), false);
  EXPECT_EQ(n.at("rule").at("id"), "civility");
  EXPECT_EQ(n.at("rule").at("number"), 1);
  EXPECT_EQ(n.at("rule").at("title"), "Be civil");
  EXPECT_EQ(n.at("explanation"), "Insults.");
  EXPECT_EQ(n.at("automated"), false);
  EXPECT_EQ(n.at("comment").at("excerpt"), "You are all idiots.");
  EXPECT_EQ(n.at("comment").at("story").at("title"), "A story");
  EXPECT_EQ(n.at("appeal").at("possible"), true);
  EXPECT_FALSE(n.at("appeal").at("deadline").is_null());
  EXPECT_TRUE(n.at("appeal").at("id").is_null());
  const std::string notice_id = str(n.at("id"));

  EXPECT_EQ(client().post("/api/v1/me/notifications/read", "", author.auth()).status, 204);
  EXPECT_EQ(client().get("/api/v1/me/notifications", author.auth()).json().at("unread"), 0);

  auto appeal_body = [&](const std::string& text) { return body_json({{"notice_id", notice_id}, {"text", text}}); };
  EXPECT_EQ(code_of(client().post("/api/v1/appeals", appeal_body("Mine, not yours."), other.auth())),
            "notice_not_found");
  EXPECT_EQ(code_of(client().post("/api/v1/appeals", appeal_body("  "), author.auth())), "text_required");
  EXPECT_EQ(code_of(client().post("/api/v1/appeals", appeal_body(std::string(2001, 'a')), author.auth())),
            "text_too_long");
  EXPECT_EQ(client().post("/api/v1/appeals", appeal_body("x")).status, 401);

  auto appealed = client().post("/api/v1/appeals", appeal_body("It was a joke between friends."), author.auth());
  ASSERT_EQ(appealed.status, 201) << appealed.body;
  EXPECT_EQ(appealed.json().at("appeal").at("status"), "open");
  EXPECT_EQ(appealed.json().at("appeal").at("text"), "It was a joke between friends.");
  EXPECT_EQ(appealed.json().at("id"), appealed.json().at("appeal").at("id"));

  auto twice = client().post("/api/v1/appeals", appeal_body("Again."), author.auth());
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(code_of(twice), "already_appealed");

  auto after = notifications(author);
  ASSERT_FALSE(after.empty());
  EXPECT_EQ(after[0].at("appeal").at("possible"), false);
  EXPECT_EQ(after[0].at("appeal").at("id"), appealed.json().at("id"));
  EXPECT_EQ(after[0].at("appeal").at("status"), "open");
}

TEST_F(Community, NotificationsArePaged) {
  const auto desk = admin();
  open_story("s1");
  auto author = sign_up("Rosa");
  for (int i = 0; i < 3; ++i) {
    const std::string id = str(post_comment(author, "s1", "Rude " + std::to_string(i)).at("id"));
    ASSERT_EQ(decide(desk, id, {{"action", "reject"}, {"rule_id", "civility"}}).status, 200);
  }
  auto first = client().get("/api/v1/me/notifications?limit=2", author.auth());
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(first.json().at("items").as_array().size(), 2u);
  EXPECT_EQ(first.json().at("items").at(0).at("comment").at("excerpt"), "Rude 2");
  const std::string cursor = str(first.json().at("next_cursor"));
  auto second = client().get("/api/v1/me/notifications?limit=2&cursor=" + cursor, author.auth());
  ASSERT_EQ(second.status, 200) << second.body;
  ASSERT_EQ(second.json().at("items").as_array().size(), 1u);
  EXPECT_EQ(second.json().at("items").at(0).at("comment").at("excerpt"), "Rude 0");
  EXPECT_TRUE(second.json().at("next_cursor").is_null());

  EXPECT_EQ(code_of(client().get("/api/v1/me/notifications?limit=0", author.auth())), "invalid_limit");
  EXPECT_EQ(code_of(client().get("/api/v1/me/notifications?cursor=zzz", author.auth())), "invalid_cursor");
  EXPECT_EQ(client().get("/api/v1/me/notifications").status, 401);
}

// ---- Restricted readers ---------------------------------------------------------

TEST_F(Community, WarnedReaderMustAcknowledgeBeforeCommenting) {
  const auto desk = admin();
  open_story("s1");
  auto reader = sign_up("Rosa");
  auto other = sign_up("Sam");
  const std::string mine = str(post_comment(reader, "s1", "First.").at("id"));
  const std::string theirs = str(post_comment(other, "s1", "Second.").at("id"));
  ASSERT_EQ(enforce(desk, reader, {{"action", "warn"}, {"rule_id", "civility"}, {"explanation", "Tone."}}).status, 201);

  auto posted = client().post(thread_path("s1"), body_json({{"body", "Hello"}}), reader.auth());
  EXPECT_EQ(posted.status, 403) << posted.body;
  EXPECT_EQ(code_of(posted), "warning_unacknowledged");
  const std::string notice_id = str(posted.json().at("error").at("notice_id"));
  EXPECT_TRUE(posted.json().at("error").at("until").is_null());
  EXPECT_EQ(code_of(client().put("/api/v1/comments/" + theirs + "/reaction", "", reader.auth())),
            "warning_unacknowledged");
  EXPECT_EQ(code_of(client().patch("/api/v1/comments/" + mine, body_json({{"body", "Edited"}}), reader.auth())),
            "warning_unacknowledged");
  EXPECT_EQ(me(reader, "s1").at("standing").at("status"), "warned");
  EXPECT_EQ(thread("s1").size(), 2u);  // reading is never restricted

  EXPECT_EQ(code_of(client().post("/api/v1/me/notifications/" + notice_id + "/acknowledge", "", other.auth())),
            "notification_not_found");
  auto acked = client().post("/api/v1/me/notifications/" + notice_id + "/acknowledge", "", reader.auth());
  ASSERT_EQ(acked.status, 200) << acked.body;
  EXPECT_EQ(acked.json().at("notification").at("kind"), "account_warned");
  EXPECT_EQ(acked.json().at("notification").at("requires_acknowledgement"), true);
  EXPECT_FALSE(acked.json().at("notification").at("acknowledged_at").is_null());
  // A second click changes nothing.
  EXPECT_EQ(client().post("/api/v1/me/notifications/" + notice_id + "/acknowledge", "", reader.auth()).status, 200);
  // Only warnings are acknowledged.
  ASSERT_EQ(client().post(reports_path(mine), body_json(notice_body()), other.auth()).status, 201);
  const std::string receipt_id = str(notifications(other).at(0).at("id"));
  EXPECT_EQ(code_of(client().post("/api/v1/me/notifications/" + receipt_id + "/acknowledge", "", other.auth())),
            "nothing_to_acknowledge");

  EXPECT_EQ(me(reader, "s1").at("standing").at("status"), "ok");
  post_comment(reader, "s1", "Sorry, I will keep it civil.");
}

TEST_F(Community, SuspendedAndBannedReadersCannotWriteButCanRead) {
  const auto desk = admin();
  open_story("s1");
  auto reader = sign_up("Rosa");
  auto other = sign_up("Sam");
  const std::string theirs = str(post_comment(other, "s1", "Hi.").at("id"));
  ASSERT_EQ(enforce(desk, reader, {{"action", "suspend"}, {"rule_id", "civility"}, {"duration", "24h"}}).status, 201);

  auto posted = client().post(thread_path("s1"), body_json({{"body", "Hello"}}), reader.auth());
  EXPECT_EQ(posted.status, 403);
  EXPECT_EQ(code_of(posted), "account_suspended");
  EXPECT_FALSE(posted.json().at("error").at("until").is_null());
  EXPECT_FALSE(posted.json().at("error").at("notice_id").is_null());
  EXPECT_EQ(code_of(client().put("/api/v1/comments/" + theirs + "/reaction", "", reader.auth())), "account_suspended");
  auto standing = me(reader, "s1").at("standing");
  EXPECT_EQ(standing.at("status"), "suspended");
  EXPECT_EQ(standing.at("until"), posted.json().at("error").at("until"));
  EXPECT_EQ(standing.at("rule_id"), "civility");
  EXPECT_EQ(thread("s1").size(), 1u);
  // Reporting is still open to them.
  EXPECT_EQ(report(reader, theirs, "no-spam").status, 201);

  ASSERT_EQ(enforce(desk, reader, {{"action", "ban"}, {"rule_id", "civility"}}).status, 201);
  auto banned = client().post(thread_path("s1"), body_json({{"body", "Hello"}}), reader.auth());
  EXPECT_EQ(code_of(banned), "account_banned");
  EXPECT_EQ(me(reader, "s1").at("standing").at("status"), "banned");
}

// ---- Pre-moderation ----------------------------------------------------------------

TEST_F(Community, PremoderatedReaderStoryAndSiteHoldNewComments) {
  const auto desk = admin();
  open_story("s1");
  open_story("s2");
  auto reader = sign_up("Rosa");
  auto other = sign_up("Sam");

  // A pre-moderated reader.
  ASSERT_EQ(enforce(desk, reader, {{"action", "premod"}, {"rule_id", "no-spam"}}).status, 201);
  EXPECT_EQ(me(reader, "s1").at("standing").at("status"), "premoderated");
  auto held = post_comment(reader, "s1", "Held for review.");
  EXPECT_EQ(held.at("status"), "pending");
  EXPECT_EQ(held.at("reason"), "premoderation");
  EXPECT_EQ(post_comment(other, "s1", "Straight through.").at("status"), "published");
  EXPECT_EQ(thread("s1").size(), 1u);
  EXPECT_EQ(me(reader, "s1").at("own").as_array().size(), 1u);

  // A pre-moderated story.
  auto story = client().put(std::string("/api/v1/admin/sites/") + kSite + "/stories/s2",
                            body_json({{"premoderated", true}}), desk.auth());
  ASSERT_EQ(story.status, 200) << story.body;
  EXPECT_EQ(story.json().at("premoderated"), true);
  EXPECT_EQ(post_comment(other, "s2", "On a sensitive story.").at("status"), "pending");
  EXPECT_EQ(client()
                .put(std::string("/api/v1/admin/sites/") + kSite + "/stories/s2", body_json({{"premoderated", "yes"}}),
                     desk.auth())
                .status,
            422);

  // The whole site.
  ASSERT_EQ(patch_site(object{{"premoderation", "all"}}).status, 200);
  EXPECT_EQ(post_comment(other, "s1", "Everything is held now.").at("status"), "pending");
}

TEST_F(Community, NewCommentersAreHeldUntilOneCommentIsApproved) {
  const auto desk = admin();
  open_story("s1");
  auto veteran = sign_up("Rosa");
  EXPECT_EQ(post_comment(veteran, "s1", "Posted before the setting.").at("status"), "published");
  auto site = patch_site(object{{"premoderation", "new_commenters"}});
  ASSERT_EQ(site.status, 200) << site.body;
  EXPECT_EQ(site.json().at("settings").at("premoderation"), "new_commenters");

  EXPECT_EQ(post_comment(veteran, "s1", "Still trusted.").at("status"), "published");
  auto newcomer = sign_up("Sam");
  auto first = post_comment(newcomer, "s1", "My first comment.");
  EXPECT_EQ(first.at("status"), "pending");
  EXPECT_EQ(first.at("reason"), "new_commenter");
  EXPECT_EQ(post_comment(newcomer, "s1", "Still new.").at("status"), "pending");
  ASSERT_EQ(decide(desk, str(first.at("id")), {{"action", "approve"}}).status, 200);
  EXPECT_EQ(post_comment(newcomer, "s1", "Now known.").at("status"), "published");
}

// ---- Featured ----------------------------------------------------------------------

TEST_F(Community, FeaturedTabListsFeaturedComments) {
  const auto desk = admin();
  open_story("s1");
  auto reader = sign_up("Rosa");
  const std::string plain = str(post_comment(reader, "s1", "Plain.").at("id"));
  const std::string good = str(post_comment(reader, "s1", "Insightful.").at("id"));
  const std::string reply = str(post_comment(reader, "s1", "A good reply.", plain).at("id"));
  EXPECT_TRUE(thread("s1", "featured=true").empty());  // cached empty

  ASSERT_EQ(decide(desk, good, {{"action", "feature"}}).status, 200);
  ASSERT_EQ(decide(desk, reply, {{"action", "feature"}}).status, 200);
  auto featured = client().get(thread_path("s1", "featured=true"));
  ASSERT_EQ(featured.status, 200) << featured.body;
  const value featured_json = featured.json();

  const auto& items = featured_json.at("comments").as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(str(items[0].at("id")), reply);  // most recently featured first
  EXPECT_EQ(str(items[0].at("parent_id")), plain);
  EXPECT_EQ(items[0].at("featured"), true);
  EXPECT_TRUE(items[0].at("replies").as_array().empty());
  EXPECT_EQ(str(items[1].at("id")), good);
  EXPECT_EQ(featured.json().at("story").at("featured_count"), 2);

  for (const auto& c : thread("s1")) EXPECT_EQ(c.at("featured"), str(c.at("id")) == good) << c;
  EXPECT_EQ(code_of(client().get(thread_path("s1", "featured=maybe"))), "invalid_featured");
  auto paged = client().get(thread_path("s1", "featured=true&limit=1"));
  ASSERT_EQ(paged.status, 200);
  ASSERT_FALSE(paged.json().at("next_cursor").is_null());
  auto rest = client().get(thread_path("s1", "featured=true&limit=1&cursor=" + str(paged.json().at("next_cursor"))));
  ASSERT_EQ(rest.status, 200) << rest.body;
  ASSERT_EQ(rest.json().at("comments").as_array().size(), 1u);
  EXPECT_EQ(str(rest.json().at("comments").at(0).at("id")), good);
}

// ---- Admin settings -------------------------------------------------------------------

TEST_F(Community, AdminSettingsForModeration) {
  const auto desk = admin();
  auto site = patch_site(object{{"report_threshold", 2.5}});
  ASSERT_EQ(site.status, 200) << site.body;
  EXPECT_EQ(site.json().at("settings").at("report_threshold"), 2.5);
  EXPECT_EQ(site.json().at("settings").at("premoderation"), "off");
  EXPECT_EQ(code_of(patch_site(object{{"report_threshold", 0.1}})), "invalid_field");
  EXPECT_EQ(code_of(patch_site(object{{"report_threshold", 101}})), "invalid_field");
  EXPECT_EQ(code_of(patch_site(object{{"report_threshold", "3"}})), "invalid_field");
  EXPECT_EQ(code_of(patch_site(object{{"premoderation", "sometimes"}})), "invalid_field");

  auto mod = sign_up("Mo");
  const std::string role_path = "/api/v1/admin/users/" + mod.id + "/role";
  auto unknown =
      client().put(role_path, body_json({{"role", "moderator"}, {"sites", array{kSite, "nowhere"}}}), desk.auth());
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(code_of(unknown), "unknown_site");
  EXPECT_EQ(code_of(client().put(role_path, body_json({{"role", "moderator"}, {"sites", "courier"}}), desk.auth())),
            "invalid_field");
  auto set = client().put(role_path, body_json({{"role", "moderator"}, {"sites", array{kSite}}}), desk.auth());
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("user").at("role"), "moderator");
  EXPECT_EQ(set.json().at("user").at("sites"), (array{kSite}));

  // A site created through the API starts with the default rules.
  auto created = client().post("/api/v1/admin/sites", body_json({{"id", "gazette"}}), desk.auth());
  ASSERT_EQ(created.status, 201) << created.body;
  auto rules = client().get("/api/v1/sites/gazette/rules");
  ASSERT_EQ(rules.status, 200);
  EXPECT_FALSE(rules.json().at("rules").as_array().empty());
}

}  // namespace
}  // namespace townhall::testing
