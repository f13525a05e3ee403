// The moderators' side against the running server: queues and counts,
// decisions, the enforcement ladder, appeals, notices, a user's history and
// the transparency report (docs/api-moderation.md, "Moderation").
#include <algorithm>

#include "core/time.hpp"
#include "integration/fixture_moderation.hpp"

namespace townhall::testing {
namespace {

namespace json = boost::json;
using json::object;
using json::value;

class Moderation : public ModerationTest {};

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string code_of(const Response& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return "";
  return text_of(j.at("error").at("code"));
}

TEST_F(Moderation, AModeratorOfOneSiteNeedsNoSiteParameter) {
  auto mod = make_moderator("Mo");
  auto sites = client().get("/api/v1/moderation/sites", mod.auth());
  ASSERT_EQ(sites.status, 200) << sites.body;
  ASSERT_EQ(sites.json().at("sites").as_array().size(), 1u);
  EXPECT_EQ(sites.json().at("sites").at(0).at("id"), kSite);

  open_story("c1");
  auto reader = sign_up("Ria");
  post_comment(reader, "c1", "one");
  post_comment(reader, "c1", "two");
  auto counts = client().get("/api/v1/moderation/counts", mod.auth());
  ASSERT_EQ(counts.status, 200) << counts.body;
  EXPECT_EQ(counts.json().at("counts").at("unmoderated"), 2);
  EXPECT_EQ(counts.json().at("counts").at("pending"), 0);

  auto by_story = client().get("/api/v1/moderation/counts?story=c1", mod.auth());
  EXPECT_EQ(by_story.json().at("counts").at("unmoderated"), 2);
  auto unknown_story = client().get("/api/v1/moderation/counts?story=nope", mod.auth());
  EXPECT_EQ(unknown_story.status, 404);

  // The admin moderates both sites, so must say which.
  auto all = client().get("/api/v1/moderation/sites", admin_.auth());
  EXPECT_EQ(all.json().at("sites").as_array().size(), 2u);
  auto ambiguous = client().get("/api/v1/moderation/counts", admin_.auth());
  EXPECT_EQ(ambiguous.status, 400);
  EXPECT_EQ(code_of(ambiguous), "site_required");
  auto foreign = client().get(std::string("/api/v1/moderation/counts?site=") + kOtherSite, mod.auth());
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(code_of(foreign), "not_moderator_of_site");
}

TEST_F(Moderation, ReportedCommentIsHeldAndQueuedWithReasonsAndReports) {
  auto mod = make_moderator("Mo");
  open_story("r1");
  auto author = sign_up("Author");
  auto c = post_comment(author, "r1", "You are all idiots");
  const std::string id = text_of(c.at("id"));
  const char* names[] = {"Ann", "Ben", "Cy"};
  for (const char* name : names) report(sign_up(name), id, rule_);
  EXPECT_FALSE(contains(visible_ids("r1"), id)) << "three fresh reporters reach the default threshold";

  auto pending = queue(mod, "pending");
  EXPECT_EQ(pending.at("queue"), "pending");
  ASSERT_EQ(pending.at("items").as_array().size(), 1u) << serialize(pending);
  const auto& item = pending.at("items").at(0);
  EXPECT_EQ(item.at("comment").at("id"), id.c_str());
  EXPECT_EQ(item.at("comment").at("status"), "pending");
  EXPECT_EQ(item.at("comment").at("author").at("name"), "Author");
  EXPECT_NE(text_of(item.at("comment").at("body_html")).find("idiots"), std::string::npos);
  EXPECT_EQ(item.at("story").at("key"), "r1");
  EXPECT_TRUE(item.at("parent").is_null());
  EXPECT_DOUBLE_EQ(item.at("report_weight").to_number<double>(), 3.0);
  ASSERT_EQ(item.at("reports").as_array().size(), 3u);
  const auto& first = item.at("reports").at(0);
  EXPECT_EQ(first.at("rule_id"), rule_.c_str());
  EXPECT_FALSE(text_of(first.at("rule_title")).empty());
  EXPECT_EQ(first.at("reporter").at("name"), "Ann");
  bool held_by_reports = false;
  for (const auto& r : item.at("reasons").as_array()) {
    if (r.at("code") == "reported") {
      held_by_reports = true;
      EXPECT_TRUE(r.at("evidence").is_array());
    }
  }
  EXPECT_TRUE(held_by_reports) << serialize(item);

  auto reported = queue(mod, "reported");
  ASSERT_EQ(reported.at("items").as_array().size(), 1u);
  auto counts = client().get("/api/v1/moderation/counts", mod.auth()).json().at("counts");
  EXPECT_EQ(counts.at("pending"), 1);
  EXPECT_EQ(counts.at("reported"), 1);

  // Rejecting upholds the reports: the comment leaves both queues.
  auto rejected = decide(mod, id, {{"action", "reject"}, {"rule_id", rule_}});
  ASSERT_EQ(rejected.status, 200) << rejected.body;
  EXPECT_TRUE(queue(mod, "reported").at("items").as_array().empty());
  EXPECT_TRUE(queue(mod, "pending").at("items").as_array().empty());
  EXPECT_EQ(queue(mod, "rejected").at("items").as_array().size(), 1u);
}

TEST_F(Moderation, QueuesPageWithAnOpaqueCursor) {
  auto mod = make_moderator("Mo");
  open_story("p1");
  auto reader = sign_up("Pat");
  std::vector<std::string> posted;
  for (int i = 0; i < 5; ++i)
    posted.push_back(text_of(post_comment(reader, "p1", "comment " + std::to_string(i)).at("id")));

  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    auto page = queue(mod, "unmoderated", "order=oldest&limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    for (const auto& item : page.at("items").as_array()) seen.push_back(text_of(item.at("comment").at("id")));
    cursor = page.at("next_cursor").is_null() ? "" : text_of(page.at("next_cursor"));
    ++pages;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(seen, posted);
  EXPECT_EQ(pages, 3);

  auto newest = queue(mod, "unmoderated", "limit=1");
  EXPECT_EQ(newest.at("items").at(0).at("comment").at("id"), posted.back().c_str());

  const std::string base = std::string("/api/v1/moderation/queues/unmoderated?site=") + kSite;
  auto bad = client().get(base + "&cursor=garbage!", mod.auth());
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(code_of(bad), "invalid_cursor");
  const std::string other = text_of(queue(mod, "unmoderated", "limit=1&order=oldest").at("next_cursor"));
  auto crossed = client().get(base + "&cursor=" + other, mod.auth());  // issued for order=oldest
  EXPECT_EQ(code_of(crossed), "invalid_cursor");
  EXPECT_EQ(client().get(base + "&limit=0", mod.auth()).status, 400);
  EXPECT_EQ(client().get(base + "&order=sideways", mod.auth()).status, 400);
  auto unknown = client().get(std::string("/api/v1/moderation/queues/nope?site=") + kSite, mod.auth());
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(code_of(unknown), "queue_not_found");
}

TEST_F(Moderation, ASecondClickChangesNothingAndWritesNoAuditEntry) {
  auto mod = make_moderator("Mo");
  open_story("d1");
  auto c = post_comment(sign_up("Dee"), "d1", "fine comment");
  const std::string id = text_of(c.at("id"));

  auto first = decide(mod, id, {{"action", "approve"}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json().at("changed"), true);
  EXPECT_EQ(first.json().at("comment").at("status"), "approved");
  const auto decision = first.json().at("decision");
  EXPECT_EQ(decision.at("action"), "approve");
  EXPECT_EQ(decision.at("status_before"), "published");
  EXPECT_EQ(decision.at("status_after"), "approved");

  auto second = decide(mod, id, {{"action", "approve"}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json().at("changed"), false);
  EXPECT_TRUE(second.json().at("decision").is_null());

  auto audit = client().get(std::string("/api/v1/moderation/audit?site=") + kSite + "&comment=" + id, mod.auth());
  ASSERT_EQ(audit.status, 200) << audit.body;
  const auto items = audit.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << audit.body;
  EXPECT_EQ(items[0].at("action"), "approve");
  EXPECT_EQ(items[0].at("actor").at("id"), mod.id.c_str());
  EXPECT_EQ(items[0].at("automated"), false);
  EXPECT_TRUE(audit.json().at("next_cursor").is_null());
}

TEST_F(Moderation, DecisionsAreValidated) {
  auto mod = make_moderator("Mo");
  open_story("v1");
  const std::string id = text_of(post_comment(sign_up("Val"), "v1", "text").at("id"));
  struct Case {
    object body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {{{"action", "reject"}}, 422, "rule_required"},
      {{{"action", "reject"}, {"rule_id", "no-such-rule"}}, 422, "unknown_rule"},
      {{{"action", "reject"}, {"rule_id", "illegal"}}, 422, "legal_ground_required"},
      {{{"action", "obliterate"}}, 422, "invalid_action"},
      {{}, 422, "missing_field"},
  };
  for (const auto& c : cases) {
    auto r = decide(mod, id, c.body);
    EXPECT_EQ(r.status, c.status) << serialize(c.body) << " " << r.body;
    EXPECT_EQ(code_of(r), c.code) << serialize(c.body);
  }
  EXPECT_EQ(code_of(decide(mod, "123", {{"action", "approve"}})), "comment_not_found");
  auto illegal = decide(mod, id, {{"action", "reject"}, {"rule_id", "illegal"}, {"legal_ground", "Defamation Act"}});
  EXPECT_EQ(illegal.status, 200) << illegal.body;
}

TEST_F(Moderation, RejectionRemovesTheCommentAndStatesTheReasons) {
  auto mod = make_moderator("Mo");
  open_story("j1");
  auto author = sign_up("Jo");
  const std::string id = text_of(post_comment(author, "j1", "rude words").at("id"));
  ASSERT_TRUE(contains(visible_ids("j1"), id));

  auto r = decide(mod, id, {{"action", "reject"}, {"rule_id", rule_}, {"explanation", "Personal attack."}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("comment").at("status"), "rejected");
  EXPECT_FALSE(contains(visible_ids("j1"), id)) << "the cached thread must drop the comment";

  auto notice = notification_of(author, "comment_rejected");
  ASSERT_FALSE(notice.is_null());
  EXPECT_EQ(notice.at("rule").at("id"), rule_.c_str());
  EXPECT_EQ(notice.at("explanation"), "Personal attack.");
  EXPECT_EQ(notice.at("automated"), false);
  EXPECT_EQ(notice.at("appeal").at("possible"), true);
  // Six months (183 days) to appeal.
  const auto created = core::parse_rfc3339(text_of(notice.at("created_at")));
  const auto deadline = core::parse_rfc3339(text_of(notice.at("appeal").at("deadline")));
  ASSERT_TRUE(created && deadline) << serialize(notice);
  EXPECT_NEAR(static_cast<double>(*deadline - *created) / core::kMillisPerDay, 183.0, 0.01);

  // Approving it again restores it and tells the author.
  auto back = decide(mod, id, {{"action", "approve"}});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_TRUE(contains(visible_ids("j1"), id));
  EXPECT_FALSE(notification_of(author, "comment_restored").is_null());
}

TEST_F(Moderation, FeaturingMarksTheComment) {
  auto mod = make_moderator("Mo");
  open_story("f1");
  const std::string id = text_of(post_comment(sign_up("Fay"), "f1", "insightful").at("id"));
  auto on = decide(mod, id, {{"action", "feature"}});
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_EQ(on.json().at("comment").at("featured"), true);
  EXPECT_EQ(decide(mod, id, {{"action", "feature"}}).json().at("changed"), false);
  auto off = decide(mod, id, {{"action", "unfeature"}});
  EXPECT_EQ(off.json().at("comment").at("featured"), false);
  EXPECT_TRUE(contains(visible_ids("f1"), id));
}

TEST_F(Moderation, TheEnforcementLadder) {
  auto mod = make_moderator("Mo");
  open_story("e1");
  auto reader = sign_up("Eve");
  auto post = [&](const std::string& body) {
    return client().post(thread_path("e1"), body_json({{"body", body}}), reader.auth());
  };

  // Warn: posting waits for the acknowledgement.
  auto warned = enforce(mod, reader.id, {{"action", "warn"}, {"rule_id", rule_}, {"explanation", "Tone it down."}});
  ASSERT_EQ(warned.status, 201) << warned.body;
  EXPECT_EQ(warned.json().at("enforcement").at("action"), "warn");
  auto blocked = post("hello");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(code_of(blocked), "warning_unacknowledged");
  auto warning = notification_of(reader, "account_warned");
  ASSERT_FALSE(warning.is_null());
  auto ack =
      client().post("/api/v1/me/notifications/" + text_of(warning.at("id")) + "/acknowledge", "{}", reader.auth());
  EXPECT_EQ(ack.status, 200) << ack.body;
  EXPECT_EQ(post("after the warning").status, 201);

  // Pre-moderation: comments are held.
  ASSERT_EQ(enforce(mod, reader.id, {{"action", "premod"}, {"rule_id", rule_}}).status, 201);
  auto held = post("held for review");
  ASSERT_EQ(held.status, 201) << held.body;
  EXPECT_EQ(held.json().at("status"), "pending");
  EXPECT_EQ(held.json().at("reason"), "premoderation");

  // Suspension: refused with its end.
  auto suspended = enforce(mod, reader.id, {{"action", "suspend"}, {"rule_id", rule_}, {"duration", "24h"}});
  ASSERT_EQ(suspended.status, 201) << suspended.body;
  EXPECT_FALSE(suspended.json().at("enforcement").at("until").is_null());
  auto refused = post("let me in");
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(code_of(refused), "account_suspended");
  EXPECT_FALSE(refused.json().at("error").at("until").is_null());
  auto history = client().get("/api/v1/moderation/users/" + reader.id, mod.auth());
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.json().at("standing").at("status"), "suspended");

  // Lift ends every restriction on the site.
  auto lifted = enforce(mod, reader.id, {{"action", "lift"}});
  ASSERT_EQ(lifted.status, 201) << lifted.body;
  EXPECT_FALSE(notification_of(reader, "restriction_lifted").is_null());
  auto again = post("back again");
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.json().at("status"), "published");
  EXPECT_EQ(code_of(enforce(mod, reader.id, {{"action", "lift"}})), "nothing_to_lift");

  // Ban, rejecting what they wrote.
  const std::string visible_id = text_of(again.json().at("id"));
  auto banned = enforce(mod, reader.id, {{"action", "ban"}, {"rule_id", rule_}, {"reject_comments", true}});
  ASSERT_EQ(banned.status, 201) << banned.body;
  EXPECT_GE(banned.json().at("rejected_comments").as_int64(), 2);
  EXPECT_FALSE(contains(visible_ids("e1"), visible_id));
  auto gone = post("still here?");
  EXPECT_EQ(gone.status, 403);
  EXPECT_EQ(code_of(gone), "account_banned");
  EXPECT_FALSE(notification_of(reader, "account_banned").is_null());
  // Reading is never restricted.
  EXPECT_EQ(client().get(thread_path("e1"), reader.auth()).status, 200);
}

TEST_F(Moderation, EnforcementIsValidated) {
  auto mod = make_moderator("Mo");
  auto other_mod = make_moderator("Other", {});
  auto reader = sign_up("Val");
  struct Case {
    object body;
    int status;
    const char* code;
  };
  const Case cases[] = {
      {{{"action", "warn"}}, 422, "rule_required"},
      {{{"action", "warn"}, {"rule_id", "no-such-rule"}}, 422, "unknown_rule"},
      {{{"action", "suspend"}, {"rule_id", rule_}}, 422, "until_required"},
      {{{"action", "suspend"}, {"rule_id", rule_}, {"until", "2001-01-01T00:00:00Z"}}, 422, "until_in_past"},
      {{{"action", "suspend"}, {"rule_id", rule_}, {"duration", "3y"}}, 422, "invalid_duration"},
      {{{"action", "exile"}, {"rule_id", rule_}}, 422, "invalid_action"},
      {{{"action", "ban"}, {"rule_id", rule_}, {"all_sites", true}}, 403, "insufficient_role"},
      {{{"action", "lift"}}, 422, "nothing_to_lift"},
  };
  for (const auto& c : cases) {
    auto r = enforce(mod, reader.id, c.body);
    EXPECT_EQ(r.status, c.status) << serialize(c.body) << " " << r.body;
    EXPECT_EQ(code_of(r), c.code) << serialize(c.body);
  }
  auto staff = enforce(mod, other_mod.id, {{"action", "ban"}, {"rule_id", rule_}});
  EXPECT_EQ(staff.status, 403);
  EXPECT_EQ(code_of(staff), "cannot_restrict_staff");
  EXPECT_EQ(code_of(enforce(mod, "42", {{"action", "warn"}, {"rule_id", rule_}})), "user_not_found");
  auto until = enforce(mod, reader.id, {{"action", "suspend"}, {"rule_id", rule_}, {"until", "2099-01-01T00:00:00Z"}});
  ASSERT_EQ(until.status, 201) << until.body;
  EXPECT_EQ(until.json().at("enforcement").at("until"), "2099-01-01T00:00:00.000Z");

  // An admin bans on every site.
  auto everywhere = enforce(admin_, reader.id, {{"action", "ban"}, {"rule_id", rule_}, {"all_sites", true}});
  ASSERT_EQ(everywhere.status, 201) << everywhere.body;
  EXPECT_TRUE(everywhere.json().at("enforcement").at("site_id").is_null());
}

TEST_F(Moderation, AppealsAreResolvedByAnotherModerator) {
  auto first = make_moderator("First");
  auto second = make_moderator("Second");
  open_story("a1");
  auto author = sign_up("Al");
  const std::string id = text_of(post_comment(author, "a1", "my honest opinion").at("id"));
  ASSERT_EQ(decide(first, id, {{"action", "reject"}, {"rule_id", rule_}}).status, 200);
  auto notice = notification_of(author, "comment_rejected");
  ASSERT_FALSE(notice.is_null());
  const std::string appeal_id = appeal(author, text_of(notice.at("id")), "It was not an attack.");
  ASSERT_FALSE(appeal_id.empty());

  auto appeals = queue(second, "appeals");
  ASSERT_EQ(appeals.at("items").as_array().size(), 1u) << serialize(appeals);
  const auto& item = appeals.at("items").at(0);
  EXPECT_EQ(item.at("appeal").at("id"), appeal_id.c_str());
  EXPECT_EQ(item.at("appeal").at("text"), "It was not an attack.");
  EXPECT_EQ(item.at("appeal").at("decided_by").at("id"), first.id.c_str());
  EXPECT_EQ(item.at("notification").at("kind"), "comment_rejected");
  EXPECT_EQ(item.at("comment").at("id"), id.c_str());

  const std::string path = "/api/v1/moderation/appeals/" + appeal_id + "/resolution";
  auto own = client().post(path, body_json({{"outcome", "reverse"}, {"explanation", "x"}}), first.auth());
  EXPECT_EQ(own.status, 403);
  EXPECT_EQ(code_of(own), "own_decision");
  auto reversed =
      client().post(path, body_json({{"outcome", "reverse"}, {"explanation", "Fair criticism."}}), second.auth());
  ASSERT_EQ(reversed.status, 200) << reversed.body;
  EXPECT_EQ(reversed.json().at("appeal").at("status"), "reversed");
  EXPECT_TRUE(contains(visible_ids("a1"), id)) << "a reversal restores the comment";
  EXPECT_FALSE(notification_of(author, "appeal_decided").is_null());
  auto twice = client().post(path, body_json({{"outcome", "uphold"}, {"explanation", "x"}}), second.auth());
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(code_of(twice), "appeal_resolved");
  EXPECT_EQ(code_of(client().post("/api/v1/moderation/appeals/77/resolution",
                                  body_json({{"outcome", "uphold"}, {"explanation", "x"}}), second.auth())),
            "appeal_not_found");
}

TEST_F(Moderation, ReversingAnAppealedSuspensionLiftsIt) {
  auto first = make_moderator("First");
  auto second = make_moderator("Second");
  open_story("a2");
  auto reader = sign_up("Sue");
  ASSERT_EQ(enforce(first, reader.id, {{"action", "suspend"}, {"rule_id", rule_}, {"duration", "7d"}}).status, 201);
  EXPECT_EQ(client().post(thread_path("a2"), body_json({{"body", "hi"}}), reader.auth()).status, 403);
  auto notice = notification_of(reader, "account_suspended");
  ASSERT_FALSE(notice.is_null());
  const std::string appeal_id = appeal(reader, text_of(notice.at("id")));
  auto upheld = client().post("/api/v1/moderation/appeals/" + appeal_id + "/resolution",
                              body_json({{"outcome", "reverse"}, {"explanation", "Too harsh."}}), second.auth());
  ASSERT_EQ(upheld.status, 200) << upheld.body;
  EXPECT_EQ(client().post(thread_path("a2"), body_json({{"body", "thanks"}}), reader.auth()).status, 201);
}

TEST_F(Moderation, IllegalContentNoticesAreDecided) {
  auto mod = make_moderator("Mo");
  open_story("n1");
  const std::string id = text_of(post_comment(sign_up("Ned"), "n1", "a defamatory claim").at("id"));
  auto sent = client().post("/api/v1/comments/" + id + "/reports", body_json({{"kind", "illegal"},
                                                                              {"law", "Defamation Act 2013, s.1"},
                                                                              {"details", "It says I stole money."},
                                                                              {"name", "Ana Pereira"},
                                                                              {"email", "ana@example.org"},
                                                                              {"good_faith", true}}));
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string notice_id = text_of(sent.json().at("notice").at("id"));
  const std::string receipt = text_of(sent.json().at("receipt"));

  auto notices = queue(mod, "notices");
  ASSERT_EQ(notices.at("items").as_array().size(), 1u) << serialize(notices);
  const auto& item = notices.at("items").at(0);
  EXPECT_EQ(item.at("notice").at("law"), "Defamation Act 2013, s.1");
  EXPECT_EQ(item.at("notice").at("name"), "Ana Pereira");
  EXPECT_EQ(item.at("notice").at("good_faith"), true);
  EXPECT_EQ(item.at("comment").at("id"), id.c_str());
  EXPECT_EQ(item.at("story").at("key"), "n1");

  const std::string path = "/api/v1/moderation/notices/" + notice_id + "/decision";
  EXPECT_EQ(code_of(client().post(path, body_json({{"outcome", "shred"}, {"explanation", "x"}}), mod.auth())),
            "invalid_outcome");
  auto removed =
      client().post(path, body_json({{"outcome", "remove"}, {"explanation", "Unproven allegation."}}), mod.auth());
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_EQ(removed.json().at("notice").at("status"), "actioned");
  EXPECT_FALSE(contains(visible_ids("n1"), id));
  auto twice = client().post(path, body_json({{"outcome", "keep"}, {"explanation", "x"}}), mod.auth());
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(code_of(twice), "notice_decided");
  auto followed = client().get("/api/v1/legal-notices/" + notice_id + "?receipt=" + receipt);
  ASSERT_EQ(followed.status, 200) << followed.body;
  EXPECT_EQ(followed.json().at("notice").at("status"), "actioned");
  EXPECT_TRUE(queue(mod, "notices").at("items").as_array().empty());
  EXPECT_EQ(code_of(client().post("/api/v1/moderation/notices/99/decision",
                                  body_json({{"outcome", "keep"}, {"explanation", "x"}}), mod.auth())),
            "notice_not_found");
}

TEST_F(Moderation, AUsersHistoryShowsStatsEnforcementNotesAndComments) {
  auto mod = make_moderator("Mo");
  open_story("h1");
  auto reader = sign_up("Hal");
  std::string last;
  for (int i = 0; i < 4; ++i) last = text_of(post_comment(reader, "h1", "comment " + std::to_string(i)).at("id"));
  ASSERT_EQ(decide(mod, last, {{"action", "reject"}, {"rule_id", rule_}}).status, 200);
  ASSERT_EQ(enforce(mod, reader.id, {{"action", "warn"}, {"rule_id", rule_}}).status, 201);
  auto note = client().post("/api/v1/moderation/users/" + reader.id + "/notes",
                            body_json({{"body", "Second warning this month."}}), mod.auth());
  ASSERT_EQ(note.status, 201) << note.body;
  EXPECT_EQ(note.json().at("note").at("author").at("name"), "Mo");
  EXPECT_EQ(code_of(client().post("/api/v1/moderation/users/" + reader.id + "/notes", body_json({{"body", " "}}),
                                  mod.auth())),
            "body_empty");

  auto r = client().get("/api/v1/moderation/users/" + reader.id, mod.auth());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto h = r.json();
  EXPECT_EQ(h.at("user").at("name"), "Hal");
  EXPECT_FALSE(text_of(h.at("user").at("email")).empty());
  EXPECT_EQ(h.at("stats").at("comments"), 4);
  EXPECT_EQ(h.at("stats").at("rejected"), 1);
  EXPECT_DOUBLE_EQ(h.at("stats").at("rejection_rate").to_number<double>(), 0.25);
  EXPECT_DOUBLE_EQ(h.at("stats").at("report_weight").to_number<double>(), 1.0);
  EXPECT_EQ(h.at("standing").at("status"), "warned");
  ASSERT_EQ(h.at("enforcements").as_array().size(), 1u);
  EXPECT_EQ(h.at("enforcements").at(0).at("action"), "warn");
  EXPECT_EQ(h.at("enforcements").at(0).at("actor").at("name"), "Mo");
  ASSERT_EQ(h.at("notes").as_array().size(), 1u);
  EXPECT_EQ(h.at("notes").at(0).at("body"), "Second warning this month.");
  ASSERT_EQ(h.at("comments").as_array().size(), 4u);
  EXPECT_EQ(h.at("comments").at(0).at("comment").at("id"), last.c_str());
  EXPECT_EQ(h.at("comments").at(0).at("story").at("key"), "h1");
  EXPECT_EQ(code_of(client().get("/api/v1/moderation/users/5", mod.auth())), "user_not_found");

  // The audit log of the user, newest first, paged.
  auto audit = client().get(std::string("/api/v1/moderation/audit?limit=1&user=") + reader.id, mod.auth());
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json().at("items").at(0).at("action"), "warn");
  ASSERT_FALSE(audit.json().at("next_cursor").is_null());
  auto older = client().get(
      "/api/v1/moderation/audit?limit=1&user=" + reader.id + "&cursor=" + text_of(audit.json().at("next_cursor")),
      mod.auth());
  EXPECT_EQ(older.json().at("items").at(0).at("action"), "reject");
}

TEST_F(Moderation, TheTransparencyReportCountsDecisionsReportsAppealsAndEnforcement) {
  auto first = make_moderator("First");
  auto second = make_moderator("Second");
  open_story("t1");
  auto author = sign_up("Tia");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(text_of(post_comment(author, "t1", "c" + std::to_string(i)).at("id")));
  report(sign_up("Rep"), ids[0], rule_);
  ASSERT_EQ(decide(first, ids[0], {{"action", "reject"}, {"rule_id", rule_}}).status, 200);
  ASSERT_EQ(decide(first, ids[1], {{"action", "reject"}, {"rule_id", rule_}}).status, 200);
  ASSERT_EQ(decide(first, ids[2], {{"action", "approve"}}).status, 200);
  ASSERT_EQ(enforce(first, author.id, {{"action", "warn"}, {"rule_id", rule_}}).status, 201);
  const std::string appeal_id = appeal(author, text_of(notification_of(author, "comment_rejected").at("id")));
  ASSERT_EQ(client()
                .post("/api/v1/moderation/appeals/" + appeal_id + "/resolution",
                      body_json({{"outcome", "uphold"}, {"explanation", "It stands."}}), second.auth())
                .status,
            200);

  const std::string path = std::string("/api/v1/admin/sites/") + kSite + "/transparency";
  auto r = client().get(path, admin_.auth());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto t = r.json();
  EXPECT_EQ(t.at("site"), kSite);
  EXPECT_EQ(t.at("decisions").at("by_action").at("reject"), 2);
  EXPECT_EQ(t.at("decisions").at("by_action").at("approve"), 1);
  // Appeal resolutions are decisions too; rules count rejections and restrictions.
  EXPECT_EQ(t.at("decisions").at("by_action").at("appeal_upheld"), 1);
  EXPECT_EQ(t.at("decisions").at("total"), 4);
  EXPECT_EQ(t.at("decisions").at("by_rule").at(rule_), 3);
  EXPECT_EQ(t.at("decisions").at("human"), 4);
  EXPECT_EQ(t.at("decisions").at("automated"), 0);
  EXPECT_EQ(t.at("reports").at("received"), 1);
  EXPECT_EQ(t.at("reports").at("upheld"), 1);
  EXPECT_EQ(t.at("appeals").at("received"), 1);
  EXPECT_EQ(t.at("appeals").at("upheld"), 1);
  EXPECT_EQ(t.at("enforcement").at("warn"), 1);
  EXPECT_EQ(t.at("enforcement").at("ban"), 0);
  EXPECT_FALSE(t.at("median_seconds_report_to_decision").is_null());

  auto csv = client().get(path + "?format=csv&from=2020-01-01&to=2099-12-31", admin_.auth());
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_EQ(csv.header("content-type").rfind("text/csv", 0), 0u);
  EXPECT_EQ(csv.header("content-disposition"),
            std::string("attachment; filename=\"transparency-") + kSite + "-2020-01-01-2099-12-31.csv\"");
  EXPECT_EQ(csv.body.rfind("section,key,value\r\n", 0), 0u) << csv.body;
  EXPECT_NE(csv.body.find("decisions.by_action,reject,2\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("decisions,total,4\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("enforcement,warn,1\r\n"), std::string::npos) << csv.body;
  EXPECT_NE(csv.body.find("appeals,upheld,1\r\n"), std::string::npos) << csv.body;

  auto past = client().get(path + "?from=2001-01-01&to=2001-02-01", admin_.auth());
  ASSERT_EQ(past.status, 200) << past.body;
  EXPECT_EQ(past.json().at("decisions").at("total"), 0);
  EXPECT_EQ(client().get(path + "?from=yesterday", admin_.auth()).status, 400);
  EXPECT_EQ(client().get(path + "?from=2030-01-01&to=2020-01-01", admin_.auth()).status, 400);
  EXPECT_EQ(client().get(path + "?format=xml", admin_.auth()).status, 400);
  EXPECT_EQ(client().get(path, first.auth()).status, 403);
}

}  // namespace
}  // namespace townhall::testing
