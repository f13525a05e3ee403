// The automatic checks against the running server (docs/api-moderation.md,
// "Automatic checks (admin)"; src/moderation/pipeline.hpp): word lists,
// links, floods and repeats, spam, trust, and the statements of reasons
// they send, as a reader and a moderator see them over HTTP.
#include <algorithm>
#include <string>
#include <vector>

#include "integration/fixture_moderation.hpp"

namespace townhall::testing {
namespace {

namespace json = boost::json;
using json::object;
using json::value;

std::string code_of(const Response& r) {
  auto j = r.json();
  if (!j.is_object() || !j.as_object().contains("error")) return "";
  return text_of(j.at("error").at("code"));
}

bool contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// The reason with `code` on a queue card, or null.
const value* reason_with(const value& card, const std::string& code) {
  if (!card.is_object()) return nullptr;
  for (const auto& r : card.at("reasons").as_array()) {
    if (r.at("code") == code.c_str()) return &r;
  }
  return nullptr;
}

// Every piece of evidence quotes the Markdown it points at: body[begin, end).
void expect_evidence_slices(const value& reason, const std::string& body) {
  for (const auto& e : reason.at("evidence").as_array()) {
    const auto begin = e.at("begin").to_number<std::size_t>();
    const auto end = e.at("end").to_number<std::size_t>();
    ASSERT_LE(begin, end) << serialize(e);
    ASSERT_LE(end, body.size()) << serialize(e) << " in " << body;
    EXPECT_EQ(body.substr(begin, end - begin), text_of(e.at("text"))) << serialize(e) << " in " << body;
  }
}

class AutomationTest : public ModerationTest {
 protected:
  void SetUp() override {
    ModerationTest::SetUp();
    if (HasFatalFailure()) return;
    mod_ = make_moderator("Mo");
  }

  std::string word_list_path(const std::string& kind) const {
    return std::string("/api/v1/admin/sites/") + kSite + "/word-lists/" + kind;
  }

  Response put_list(const Account& who, const std::string& kind, const std::vector<std::string>& phrases) {
    json::array list;
    for (const auto& p : phrases) list.emplace_back(p);
    return client().put(word_list_path(kind), body_json({{"phrases", std::move(list)}}), who.auth());
  }

  void set_list(const std::string& kind, const std::vector<std::string>& phrases) {
    auto r = put_list(admin_, kind, phrases);
    ASSERT_EQ(r.status, 200) << r.body;
  }

  void set_settings(object settings) {
    auto r = client().patch(std::string("/api/v1/admin/sites/") + kSite, body_json({{"settings", std::move(settings)}}),
                            admin_.auth());
    ASSERT_EQ(r.status, 200) << r.body;
  }

  Response post(const Account& who, const std::string& story, const std::string& body) {
    return client().post(thread_path(story), body_json({{"body", body}}), who.auth());
  }

  // The card of `comment_id` in a queue (newest 100), or null.
  value card(const std::string& queue_name, const std::string& comment_id) {
    auto q = queue(mod_, queue_name, "limit=100");
    for (const auto& item : q.at("items").as_array()) {
      if (item.at("comment").at("id") == comment_id.c_str()) return item;
    }
    return nullptr;
  }

  // A reader one of whose comments a moderator approved: no longer new.
  Account trusted_reader(const std::string& name, const std::string& story) {
    Account who = sign_up(name);
    auto c = post_comment(who, story, "A first, perfectly ordinary remark from " + name + ".");
    auto r = decide(mod_, text_of(c.at("id")), {{"action", "approve"}});
    EXPECT_EQ(r.status, 200) << r.body;
    return who;
  }

  Account mod_;
};

class Automation : public AutomationTest {};

// ---- 1. Word lists -------------------------------------------------------------------------

TEST_F(Automation, WordListsRoundTripAndOnlyAdminsChangeThem) {
  const std::vector<std::string> banned = {"fuck*", "shit", "cunt"};
  auto put = put_list(admin_, "banned", banned);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json().at("kind"), "banned");
  EXPECT_EQ(put.json().at("phrases").as_array(), (json::array{"fuck*", "shit", "cunt"}));
  auto got = client().get(word_list_path("banned"), admin_.auth());
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.json().at("phrases").as_array(), (json::array{"fuck*", "shit", "cunt"}));
  EXPECT_EQ(got.json().at("text"), "fuck*\nshit\ncunt");

  ASSERT_EQ(put_list(admin_, "suspect", {"idiot*", "moron | moroni"}).status, 200);
  auto suspect = client().get(word_list_path("suspect"), admin_.auth());
  EXPECT_EQ(suspect.json().at("kind"), "suspect");
  EXPECT_EQ(suspect.json().at("phrases").as_array(), (json::array{"idiot*", "moron | moroni"}));

  // A list that does not compile is refused whole and the stored one stays.
  auto bad = put_list(admin_, "banned", {"ok phrase", "a*b"});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(code_of(bad), "invalid_phrase");
  EXPECT_NE(text_of(bad.json().at("error").at("message")).find("a*b"), std::string::npos) << bad.body;
  EXPECT_EQ(client().get(word_list_path("banned"), admin_.auth()).json().at("text"), "fuck*\nshit\ncunt");
  auto multiline = put_list(admin_, "banned", {"one\ntwo"});
  EXPECT_EQ(multiline.status, 422) << multiline.body;

  // Moderators and readers may not; nobody without a token either.
  auto by_mod = put_list(mod_, "banned", {"x"});
  EXPECT_EQ(by_mod.status, 403) << by_mod.body;
  EXPECT_EQ(code_of(by_mod), "insufficient_role");
  EXPECT_EQ(client().get(word_list_path("banned"), mod_.auth()).status, 403);
  auto reader = sign_up("Rea");
  EXPECT_EQ(put_list(reader, "banned", {"x"}).status, 403);
  auto anonymous = client().put(word_list_path("banned"), body_json({{"phrases", json::array{"x"}}}));
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(client().get(word_list_path("banned")).status, 401);
  EXPECT_EQ(client().get(word_list_path("banned"), admin_.auth()).json().at("text"), "fuck*\nshit\ncunt");
  auto unknown = client().get(word_list_path("naughty"), admin_.auth());
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(code_of(unknown), "word_list_not_found");

  // The change is on the audit log.
  auto audit = client().get(std::string("/api/v1/moderation/audit?site=") + kSite, admin_.auth());
  ASSERT_EQ(audit.status, 200) << audit.body;
  int changes = 0;
  const value log = audit.json();
  for (const auto& e : log.at("items").as_array()) changes += e.at("action") == "word_list_changed";
  EXPECT_EQ(changes, 2) << audit.body;
}

TEST_F(Automation, BannedPhrasesRejectHoweverTheyAreSpelled) {
  set_list("banned", {"fuck*", "shit", "cunt"});
  open_story("w1");
  struct Case {
    const char* body;
    const char* phrase;   // the label of the evidence
    const char* matched;  // the original span
  };
  const Case cases[] = {
      {"What the f.u.c.k is this council doing", "fuck*", "f.u.c.k"},
      {"Ｗhat a ｆｕｃｋ-up at the town hall", "fuck*", "ｆｕｃｋ"},
      {"Café owners say the new bins are sh1t", "shit", "sh1t"},
      {"FUUUCKING potholes again on Mill Lane", "fuck*", "FUUUCKING"},
      {"the parking plan is s h i t, plain and simple", "shit", "s h i t"},
      // Leading blank lines and CRLF are normalized before the checks: the
      // offsets point into the stored Markdown.
      {"  \r\n\r\nLine one.\r\nWhat a cunt of a decision.", "cunt", "cunt"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    auto author = sign_up("Bea");
    auto r = post(author, "w1", c.body);
    ASSERT_EQ(r.status, 201) << r.body;
    const auto posted = r.json();
    EXPECT_EQ(posted.at("status"), "rejected");
    EXPECT_EQ(posted.at("reason"), "banned_words");
    const std::string id = text_of(posted.at("id"));
    const std::string stored = text_of(posted.at("body"));
    EXPECT_FALSE(contains(visible_ids("w1"), id));

    auto item = card("rejected", id);
    ASSERT_FALSE(item.is_null()) << "the rejected queue shows the comment";
    const value* reason = reason_with(item, "banned_words");
    ASSERT_NE(reason, nullptr) << serialize(item);
    EXPECT_EQ(reason->at("phase"), "word_lists");
    EXPECT_EQ(reason->at("action"), "reject");
    EXPECT_EQ(reason->at("automated"), true);
    const std::string message = text_of(reason->at("message"));
    EXPECT_NE(message.find(std::string("'") + c.phrase + "'"), std::string::npos) << message;
    EXPECT_NE(message.find(c.matched), std::string::npos) << message;
    ASSERT_EQ(reason->at("evidence").as_array().size(), 1u) << serialize(*reason);
    EXPECT_EQ(reason->at("evidence").at(0).at("label"), c.phrase);
    EXPECT_EQ(reason->at("evidence").at(0).at("text"), c.matched);
    expect_evidence_slices(*reason, stored);
  }
}

TEST_F(Automation, InnocentWordsThatContainABannedOneArePublished) {
  set_list("banned", {"fuck*", "shit", "cunt", "penis*"});
  set_list("suspect", {"idiot*", "moron | moroni"});
  open_story("w2");
  const char* bodies[] = {
      "I live in Scunthorpe",
      "Shiitake mushrooms are back at the Saturday market.",
      "The Book of Moroni was read aloud at the interfaith evening.",
      "The Penistone line reopens in May.",
  };
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    auto c = post_comment(sign_up("Inno"), "w2", body);
    EXPECT_EQ(c.at("status"), "published");
    EXPECT_FALSE(c.contains("reason"));
    EXPECT_TRUE(contains(visible_ids("w2"), text_of(c.at("id"))));
  }
}

TEST_F(Automation, SuspectPhrasesHoldForAModeratorWithTheEvidence) {
  set_list("suspect", {"idiot*", "moron | moroni"});
  open_story("w3");
  auto author = sign_up("Sam");
  // Multi-byte text before the match: offsets are bytes, not characters.
  const std::string body = "Ça suffit — the mayor is an absolute i.d.i.o.t, and a MORON too.";
  auto r = post(author, "w3", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("status"), "pending");
  EXPECT_EQ(r.json().at("reason"), "suspect_words");
  const std::string id = text_of(r.json().at("id"));
  EXPECT_FALSE(contains(visible_ids("w3"), id)) << "readers do not see a held comment";
  // The author still sees it as theirs, held.
  auto own = client().get("/api/v1/comments/" + id, author.auth());
  ASSERT_EQ(own.status, 200) << own.body;
  EXPECT_EQ(own.json().at("status"), "pending");
  EXPECT_EQ(client().get("/api/v1/comments/" + id).status, 404);

  auto item = card("pending", id);
  ASSERT_FALSE(item.is_null());
  const value* reason = reason_with(item, "suspect_words");
  ASSERT_NE(reason, nullptr) << serialize(item);
  EXPECT_EQ(reason->at("phase"), "word_lists");
  EXPECT_EQ(reason->at("action"), "hold");
  EXPECT_EQ(reason->at("automated"), true);
  EXPECT_EQ(reason->at("message"), "suspect phrase 'idiot*' matched 'i.d.i.o.t' and 1 more");
  const auto& evidence = reason->at("evidence").as_array();
  ASSERT_EQ(evidence.size(), 2u) << serialize(*reason);
  EXPECT_EQ(evidence[0].at("label"), "idiot*");
  EXPECT_EQ(evidence[0].at("text"), "i.d.i.o.t");
  EXPECT_EQ(evidence[0].at("begin").to_number<std::size_t>(), body.find("i.d.i.o.t"));
  EXPECT_EQ(evidence[1].at("label"), "moron");
  EXPECT_EQ(evidence[1].at("text"), "MORON");
  expect_evidence_slices(*reason, body);
  EXPECT_FALSE(text_of(reason->at("at")).empty());

  // The moderator's approval publishes it.
  ASSERT_EQ(decide(mod_, id, {{"action", "approve"}}).status, 200);
  EXPECT_TRUE(contains(visible_ids("w3"), id));
}

TEST_F(Automation, AnEditIsCheckedAgain) {
  set_list("banned", {"fuck*"});
  set_list("suspect", {"idiot*"});
  open_story("w4");
  auto author = sign_up("Ed");
  auto c = post_comment(author, "w4", "Lovely weather for the regatta today.");
  ASSERT_EQ(c.at("status"), "published");
  const std::string id = text_of(c.at("id"));
  ASSERT_EQ(decide(mod_, id, {{"action", "approve"}}).status, 200);

  // An approved comment edited into something suspect is held again.
  const std::string edited = "Lovely weather, shame the organiser is an idiot.";
  auto e = client().patch("/api/v1/comments/" + id, body_json({{"body", edited}}), author.auth());
  ASSERT_EQ(e.status, 200) << e.body;
  EXPECT_EQ(e.json().at("status"), "pending");
  EXPECT_EQ(e.json().at("reason"), "suspect_words");
  EXPECT_FALSE(contains(visible_ids("w4"), id));
  auto item = card("pending", id);
  ASSERT_FALSE(item.is_null());
  const value* reason = reason_with(item, "suspect_words");
  ASSERT_NE(reason, nullptr) << serialize(item);
  EXPECT_EQ(reason->at("evidence").at(0).at("text"), "idiot");
  expect_evidence_slices(*reason, edited);

  // A harmless edit of a published comment keeps it published.
  auto other = post_comment(author, "w4", "The rowing club did well this year.");
  const std::string other_id = text_of(other.at("id"));
  auto fine = client().patch("/api/v1/comments/" + other_id,
                             body_json({{"body", "The rowing club did very well this year."}}), author.auth());
  ASSERT_EQ(fine.status, 200) << fine.body;
  EXPECT_EQ(fine.json().at("status"), "published");

  // An edit that brings in a banned phrase removes the comment.
  auto banned = client().patch("/api/v1/comments/" + other_id,
                               body_json({{"body", "The rowing club did f.u.c.k all this year."}}), author.auth());
  ASSERT_EQ(banned.status, 200) << banned.body;
  EXPECT_EQ(banned.json().at("status"), "rejected");
  EXPECT_EQ(banned.json().at("reason"), "banned_words");
  EXPECT_FALSE(contains(visible_ids("w4"), other_id));
}

// ---- 2. Links ----------------------------------------------------------------------------------

TEST_F(Automation, LinksFromNewCommentersWaitForAModerator) {
  open_story("l1");
  auto fresh = sign_up("Newt");
  const std::string body = "Source: https://example.org/council/minutes.pdf (page 4)";
  auto r = post(fresh, "l1", body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json().at("status"), "pending");
  EXPECT_EQ(r.json().at("reason"), "links");
  auto item = card("pending", text_of(r.json().at("id")));
  const value* reason = reason_with(item, "links");
  ASSERT_NE(reason, nullptr) << serialize(item);
  EXPECT_EQ(reason->at("phase"), "links");
  EXPECT_NE(text_of(reason->at("message")).find("example.org"), std::string::npos) << serialize(*reason);
  ASSERT_EQ(reason->at("evidence").as_array().size(), 1u);
  EXPECT_EQ(reason->at("evidence").at(0).at("text"), "https://example.org/council/minutes.pdf");
  expect_evidence_slices(*reason, body);

  // Once a moderator approved one of their comments, their links go through.
  auto trusted = trusted_reader("Tru", "l1");
  auto ok = post_comment(trusted, "l1", "The minutes: https://example.org/council/minutes.pdf");
  EXPECT_EQ(ok.at("status"), "published");
  // Staff cite sources freely.
  auto staff = post_comment(mod_, "l1", "Correction notice: https://news.test/corrections");
  EXPECT_EQ(staff.at("status"), "published");
}

TEST_F(Automation, TheLinkPolicyHoldsWhatItShould) {
  set_settings(
      {{"link_deny_domains", json::array{"shady-pills.com"}}, {"link_allow_domains", json::array{"news.test"}}});
  open_story("l2");
  auto trusted = trusted_reader("Tess", "l2");
  struct Case {
    const char* body;
    bool trusted;
    const char* status;
    const char* reason;    // the status reason; "" when published
    const char* evidence;  // the first evidence text of that reason
  };
  const Case cases[] = {
      // The deny list holds whoever writes, subdomains and disguises included.
      {"Cheaper here: https://www.shady-pills.com/offer", true, "pending", "denied_domain",
       "https://www.shady-pills.com/offer"},
      {"or try shady-pills[.]com for discounts on everything", true, "pending", "denied_domain", "shady-pills[.]com"},
      {"Not the same shop: https://notshady-pills.com/about", true, "published", "", ""},
      // Disguised links are held even for trusted readers.
      {"Read it all at example[.]com before it is taken down", true, "pending", "links", "example[.]com"},
      {"Full story hxxp://evil.example/leak if you dare", true, "pending", "links", "hxxp://evil.example/leak"},
      {"Write to me at example dot com if you can", true, "pending", "links", "example dot com"},
      // More than max_links (3) distinct links.
      {"Sources: https://a.example/1 https://b.example/2 https://c.example/3 https://d.example/4", true, "pending",
       "too_many_links", "https://a.example/1"},
      {"Three solid sources: https://x.example/report, https://y.example/data and https://z.example/notes", true,
       "published", "", ""},
      // The same link four times is one link.
      {"Same page, four times over: https://p.example/page https://p.example/page https://p.example/page "
       "https://p.example/page",
       true, "published", "", ""},
      // The site's own domain never counts, even for a new commenter.
      {"As reported at https://news.test/story/42 last week", false, "published", "", ""},
      {"As reported at https://www.news.test/story/43 too", false, "published", "", ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    Account who = c.trusted ? trusted : sign_up("Fresh");
    auto r = post(who, "l2", c.body);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(r.json().at("status"), c.status) << r.body;
    if (std::string(c.reason).empty()) {
      EXPECT_FALSE(r.json().as_object().contains("reason")) << r.body;
      continue;
    }
    EXPECT_EQ(r.json().at("reason"), c.reason) << r.body;
    auto item = card("pending", text_of(r.json().at("id")));
    const value* reason = reason_with(item, c.reason);
    ASSERT_NE(reason, nullptr) << serialize(item);
    EXPECT_EQ(reason->at("phase"), "links");
    ASSERT_FALSE(reason->at("evidence").as_array().empty());
    EXPECT_EQ(reason->at("evidence").at(0).at("text"), c.evidence) << serialize(*reason);
    expect_evidence_slices(*reason, c.body);
  }
}

TEST_F(Automation, LinksAllowLetsNewCommentersLinkButNotInDisguise) {
  set_settings({{"links", "allow"}, {"link_deny_domains", json::array{"shady-pills.com"}}});
  open_story("l3");
  auto ok = post_comment(sign_up("Al"), "l3", "My source: https://example.org/report");
  EXPECT_EQ(ok.at("status"), "published");
  auto disguised = post_comment(sign_up("Di"), "l3", "My source: hxxps://example.org/report");
  EXPECT_EQ(disguised.at("status"), "pending");
  EXPECT_EQ(disguised.at("reason"), "links");
  auto denied = post_comment(sign_up("De"), "l3", "Deals: https://shady-pills.com/");
  EXPECT_EQ(denied.at("status"), "pending");
  EXPECT_EQ(denied.at("reason"), "denied_domain");

  // hold: every link waits, even a trusted reader's.
  set_settings({{"links", "hold"}});
  auto trusted = trusted_reader("Tia", "l3");
  auto held = post_comment(trusted, "l3", "See https://example.org/another-report for more.");
  EXPECT_EQ(held.at("status"), "pending");
  EXPECT_EQ(held.at("reason"), "links");

  auto bad = client().patch(std::string("/api/v1/admin/sites/") + kSite,
                            body_json({{"settings", {{"links", "sometimes"}}}}), admin_.auth());
  EXPECT_EQ(bad.status, 422);
  auto bad_domain =
      client().patch(std::string("/api/v1/admin/sites/") + kSite,
                     body_json({{"settings", {{"link_deny_domains", json::array{"not a domain"}}}}}), admin_.auth());
  EXPECT_EQ(bad_domain.status, 422);
  EXPECT_EQ(code_of(bad_domain), "invalid_domain");
}

// ---- 3. Floods and repeats -----------------------------------------------------------------------

TEST_F(Automation, RepeatsAreHeldButCourtesiesAreNot) {
  open_story("f1");
  open_story("f2");
  auto reader = sign_up("Rip");
  auto first =
      post_comment(reader, "f1", "I really think the council should reconsider the parking plan for the high street.");
  ASSERT_EQ(first.at("status"), "published");
  // The same text with case, punctuation and spacing changed, on another story.
  auto again = post_comment(reader, "f2",
                            "I REALLY think the Council should reconsider the parking plan for the High Street!!!");
  EXPECT_EQ(again.at("status"), "pending");
  EXPECT_EQ(again.at("reason"), "repeat");
  auto item = card("pending", text_of(again.at("id")));
  const value* reason = reason_with(item, "repeat");
  ASSERT_NE(reason, nullptr) << serialize(item);
  EXPECT_EQ(reason->at("phase"), "floods");

  // Another reader saying the same is not a repeat of theirs.
  auto other = post_comment(sign_up("Oth"), "f1",
                            "I really think the council should reconsider the parking plan for the high street.");
  EXPECT_EQ(other.at("status"), "published");

  // Readers thank people over and over.
  for (const char* courtesy :
       {"Thank you!", "Thank you!", "Thank you so much!", "thank you SO much!!", "Agreed.", "Agreed."}) {
    SCOPED_TRACE(courtesy);
    auto c = post_comment(reader, "f1", courtesy);
    EXPECT_EQ(c.at("status"), "published");
  }
  // A new comment that shares a stock phrase is not a repeat.
  auto fresh =
      post_comment(reader, "f1", "I really think the library opening hours are a bigger problem for families.");
  EXPECT_EQ(fresh.at("status"), "published");
}

class AutomationFloods : public AutomationTest {
 protected:
  std::vector<std::string> server_settings() const override {
    std::vector<std::string> settings;
    for (const auto& s : relaxed_settings()) {
      if (s.rfind("moderation.account_comments_in_a_row=", 0) != 0) settings.push_back(s);
    }
    settings.push_back("moderation.account_comments_in_a_row=3");
    return settings;
  }
};

TEST_F(AutomationFloods, TheFourthQuickCommentIsHeld) {
  open_story("q1");
  auto reader = sign_up("Quick");
  const char* bodies[] = {"First thought on the budget.", "Second, on the school run.",
                          "Third: the bus timetable changed again.", "Fourth, and the library hours."};
  std::vector<std::string> statuses;
  std::string held_id;
  for (const char* body : bodies) {
    auto c = post_comment(reader, "q1", body);
    statuses.push_back(text_of(c.at("status")));
    if (c.at("status") == "pending") {
      EXPECT_EQ(c.at("reason"), "flood");
      held_id = text_of(c.at("id"));
    }
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"published", "published", "published", "pending"}));
  auto item = card("pending", held_id);
  const value* reason = reason_with(item, "flood");
  ASSERT_NE(reason, nullptr) << serialize(item);
  EXPECT_EQ(reason->at("phase"), "floods");
  EXPECT_EQ(reason->at("action"), "hold");

  // The budget is the account's: another reader posts normally, and staff
  // are never rate-limited.
  auto other = post_comment(sign_up("Calm"), "q1", "A single considered comment.");
  EXPECT_EQ(other.at("status"), "published");
  for (int i = 0; i < 5; ++i) {
    auto staff = post_comment(mod_, "q1", "Moderator note number " + std::to_string(i) + " about the thread.");
    EXPECT_EQ(staff.at("status"), "published") << i;
  }
}

// ---- 4. Spam ---------------------------------------------------------------------------------------

TEST_F(Automation, BlatantSpamIsHeldWithItsTokens) {
  open_story("s1");
  const std::string spam =
      "BUY CHEAP VIAGRA and CIALIS pills online!!! Best casino bonus, click here to claim your FREE $500 cash "
      "prize now: http://cheap-pills.example/buy and www.casino-bonus.example";
  // A new commenter: the links hold it first, the spam finding is on the card too.
  auto fresh = post_comment(sign_up("Spammy"), "s1", spam);
  EXPECT_EQ(fresh.at("status"), "pending");
  EXPECT_EQ(fresh.at("reason"), "links");
  auto item = card("pending", text_of(fresh.at("id")));
  ASSERT_NE(reason_with(item, "links"), nullptr) << serialize(item);
  const value* reason = reason_with(item, "spam");
  ASSERT_NE(reason, nullptr) << serialize(item);
  EXPECT_EQ(reason->at("phase"), "spam");
  EXPECT_EQ(reason->at("action"), "hold");
  EXPECT_NE(text_of(reason->at("message")).find("spam score 0.99"), std::string::npos) << serialize(*reason);
  const auto& evidence = reason->at("evidence").as_array();
  ASSERT_FALSE(evidence.empty());
  std::vector<std::string> labels;
  for (const auto& e : evidence) {
    labels.push_back(text_of(e.at("label")));
    EXPECT_GT(e.at("weight").to_number<double>(), 0) << serialize(e);
  }
  EXPECT_TRUE(contains(labels, "casino")) << serialize(*reason);
  EXPECT_TRUE(contains(labels, "viagra")) << serialize(*reason);
  expect_evidence_slices(*reason, spam);

  // A trusted reader's links go through, so the spam score is what holds it.
  auto trusted = trusted_reader("Turned", "s1");
  auto held = post_comment(trusted, "s1",
                           "Cheap pills, casino bonus, click here to make money fast! $$$ Visit "
                           "http://shady-deals.example now!!!");
  EXPECT_EQ(held.at("status"), "pending");
  EXPECT_EQ(held.at("reason"), "spam");
}

// The site's model learns from its moderators: a product the seed model has
// never seen becomes spam after a few rejections citing no-spam. The model is
// deterministic (the seed is built from a fixed corpus, training is counting),
// so the scores are too: the probe scores about 0.21 before and 0.9998 after
// six lessons (threshold 0.99).
TEST_F(Automation, RejectionsCitingNoSpamTeachTheSiteModel) {
  open_story("s2");
  const std::string probe = "Has anyone here tried glimmerfox quartzberry drops? Asking for my cousin.";
  auto before = post_comment(sign_up("Curious"), "s2", probe);
  ASSERT_EQ(before.at("status"), "published") << "the seed model does not know the product";

  auto spammer = sign_up("Fox");
  const char* lessons[] = {
      "Glimmerfox quartzberry drops fixed my back in a week, ask me how.",
      "Everyone on this street should be taking glimmerfox quartzberry.",
      "Honestly the answer to the parking problem is glimmerfox quartzberry drops.",
      "My whole family starts the day with glimmerfox quartzberry.",
      "Before you vote, try glimmerfox quartzberry drops.",
      "Glimmerfox quartzberry: what the council does not want you to know.",
  };
  for (const char* lesson : lessons) {
    auto c = post_comment(spammer, "s2", lesson);
    auto r = decide(mod_, text_of(c.at("id")), {{"action", "reject"}, {"rule_id", "no-spam"}});
    ASSERT_EQ(r.status, 200) << r.body;
  }
  // Approvals are lessons too (ham).
  for (const char* ham : {"The council voted on the bus route last night; the minutes are online.",
                          "Great reporting, thanks for covering the flood defences.",
                          "I disagree with the editorial, the bridge repairs are overdue."}) {
    auto c = post_comment(sign_up("Ham"), "s2", ham);
    ASSERT_EQ(decide(mod_, text_of(c.at("id")), {{"action", "approve"}}).status, 200);
  }

  auto after = post_comment(sign_up("Curious2"), "s2", probe);
  EXPECT_EQ(after.at("status"), "pending");
  EXPECT_EQ(after.at("reason"), "spam");
  auto item = card("pending", text_of(after.at("id")));
  const value* reason = reason_with(item, "spam");
  ASSERT_NE(reason, nullptr) << serialize(item);
  std::vector<std::string> labels;
  for (const auto& e : reason->at("evidence").as_array()) labels.push_back(text_of(e.at("label")));
  EXPECT_TRUE(contains(labels, "glimmerfox")) << serialize(*reason);
  EXPECT_TRUE(contains(labels, "quartzberry")) << serialize(*reason);
  expect_evidence_slices(*reason, probe);

  // Rejections citing another rule teach nothing, and ordinary comments
  // still go through.
  auto plain = post_comment(sign_up("Plain"), "s2", "Great reporting, thanks for covering the flood defences.");
  EXPECT_EQ(plain.at("status"), "published");
}

TEST_F(Automation, RejectionsCitingAnotherRuleDoNotTeachTheModel) {
  open_story("s3");
  auto spammer = sign_up("Fox");
  const char* lessons[] = {
      "Glimmerfox quartzberry drops fixed my back in a week, ask me how.",
      "Everyone on this street should be taking glimmerfox quartzberry.",
      "Honestly the answer to the parking problem is glimmerfox quartzberry drops.",
      "My whole family starts the day with glimmerfox quartzberry.",
      "Before you vote, try glimmerfox quartzberry drops.",
      "Glimmerfox quartzberry: what the council does not want you to know.",
  };
  for (const char* lesson : lessons) {
    auto c = post_comment(spammer, "s3", lesson);
    ASSERT_EQ(decide(mod_, text_of(c.at("id")), {{"action", "reject"}, {"rule_id", "civility"}}).status, 200);
  }
  auto probe = post_comment(sign_up("Curious"), "s3",
                            "Has anyone here tried glimmerfox quartzberry drops? Asking for my cousin.");
  EXPECT_EQ(probe.at("status"), "published");
}

// ---- 5. Trust ---------------------------------------------------------------------------------------

TEST_F(Automation, NewCommentersArePremoderatedWhenTheSiteSaysSo) {
  set_settings({{"premoderation", "new_commenters"}});
  open_story("t1");
  auto reader = sign_up("Nina");
  auto first = post_comment(reader, "t1", "My first comment here, hello everyone.");
  EXPECT_EQ(first.at("status"), "pending");
  EXPECT_EQ(first.at("reason"), "new_commenter");
  auto item = card("pending", text_of(first.at("id")));
  const value* reason = reason_with(item, "new_commenter");
  ASSERT_NE(reason, nullptr) << serialize(item);
  EXPECT_EQ(reason->at("phase"), "trust");
  // Still new while nothing is approved.
  auto second = post_comment(reader, "t1", "And a second one while I wait.");
  EXPECT_EQ(second.at("status"), "pending");
  EXPECT_EQ(second.at("reason"), "new_commenter");

  ASSERT_EQ(decide(mod_, text_of(first.at("id")), {{"action", "approve"}}).status, 200);
  auto third = post_comment(reader, "t1", "Thanks for letting me in, a third thought.");
  EXPECT_EQ(third.at("status"), "published");
  // Staff are never pre-moderated.
  EXPECT_EQ(post_comment(mod_, "t1", "Welcome, Nina.").at("status"), "published");
}

TEST_F(Automation, AHighRejectionRatePremoderatesTheAuthorAutomatically) {
  open_story("t2");
  auto reader = sign_up("Rex");
  std::vector<std::string> ids;
  const char* bodies[] = {"On the bypass: finally.", "On the school: about time.",   "On the pool: too expensive.",
                          "On the market: lovely.",  "On the mayor: not impressed.", "On the trains: late again."};
  for (const char* body : bodies) ids.push_back(text_of(post_comment(reader, "t2", body).at("id")));
  for (int i = 0; i < 4; ++i) ASSERT_EQ(decide(mod_, ids[i], {{"action", "approve"}}).status, 200);
  ASSERT_EQ(decide(mod_, ids[4], {{"action", "reject"}, {"rule_id", rule_}}).status, 200);
  // 1 of 5 decided rejected (20 %): below the 30 % threshold.
  auto below = post_comment(reader, "t2", "On the weather: grey.");
  EXPECT_EQ(below.at("status"), "published");

  ASSERT_EQ(decide(mod_, ids[5], {{"action", "reject"}, {"rule_id", rule_}}).status, 200);
  // 2 of 6 (33 %).
  auto held = post_comment(reader, "t2", "On the library: underfunded.");
  EXPECT_EQ(held.at("status"), "pending");
  EXPECT_EQ(held.at("reason"), "rejection_rate");
  auto item = card("pending", text_of(held.at("id")));
  const value* reason = reason_with(item, "rejection_rate");
  ASSERT_NE(reason, nullptr) << serialize(item);
  EXPECT_EQ(reason->at("phase"), "trust");
  EXPECT_NE(text_of(reason->at("message")).find("2 of 6"), std::string::npos) << serialize(*reason);

  // The history shows the automatic pre-moderation; the reader was told.
  auto history = client().get("/api/v1/moderation/users/" + reader.id + "?site=" + kSite, mod_.auth());
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.json().at("standing").at("status"), "premoderated");
  const value record = history.json();
  const auto& enforcements = record.at("enforcements").as_array();
  ASSERT_EQ(enforcements.size(), 1u) << history.body;
  EXPECT_EQ(enforcements[0].at("action"), "premod");
  EXPECT_EQ(enforcements[0].at("automated"), true);
  EXPECT_EQ(enforcements[0].at("site_id"), kSite);
  auto notice = notification_of(reader, "account_premoderated");
  ASSERT_FALSE(notice.is_null());
  EXPECT_EQ(notice.at("automated"), true);
  EXPECT_FALSE(text_of(notice.at("explanation")).empty());
  EXPECT_EQ(notice.at("appeal").at("possible"), true);
  auto standing = client().get(std::string("/api/v1/sites/") + kSite + "/stories/t2/me", reader.auth());
  EXPECT_EQ(standing.json().at("standing").at("status"), "premoderated");

  // From now on the enforcement holds; it is not recorded twice.
  auto next = post_comment(reader, "t2", "On the harbour: smelly.");
  EXPECT_EQ(next.at("status"), "pending");
  EXPECT_EQ(next.at("reason"), "premoderation");
  auto again = client().get("/api/v1/moderation/users/" + reader.id + "?site=" + kSite, mod_.auth());
  EXPECT_EQ(again.json().at("enforcements").as_array().size(), 1u) << again.body;
  int premod_notices = 0;
  for (const auto& n : notifications(reader)) premod_notices += n.at("kind") == "account_premoderated";
  EXPECT_EQ(premod_notices, 1);
}

// ---- 6. Statements of reasons -----------------------------------------------------------------------

TEST_F(Automation, AnAutomaticRejectionTellsTheAuthorWhy) {
  set_list("banned", {"fuck*"});
  open_story("n1");
  auto author = sign_up("Stan");
  auto c = post_comment(author, "n1", "What the f.u.c.k, council?");
  ASSERT_EQ(c.at("status"), "rejected");
  const std::string id = text_of(c.at("id"));
  auto notice = notification_of(author, "comment_rejected");
  ASSERT_FALSE(notice.is_null()) << "an automated rejection sends a statement of reasons";
  EXPECT_EQ(notice.at("automated"), true);
  EXPECT_EQ(notice.at("comment").at("id"), id.c_str());
  EXPECT_FALSE(text_of(notice.at("explanation")).empty()) << serialize(notice);
  EXPECT_EQ(notice.at("appeal").at("possible"), true);

  // It is on the audit log as automated.
  auto audit = client().get(std::string("/api/v1/moderation/audit?site=") + kSite + "&comment=" + id, mod_.auth());
  ASSERT_EQ(audit.status, 200) << audit.body;
  ASSERT_FALSE(audit.json().at("items").as_array().empty()) << audit.body;
  EXPECT_EQ(audit.json().at("items").at(0).at("automated"), true);
  EXPECT_EQ(audit.json().at("items").at(0).at("status_after"), "rejected");

  // A held comment is no rejection: no statement.
  set_list("suspect", {"idiot*"});
  auto other = sign_up("Hana");
  auto held = post_comment(other, "n1", "The planning officer is an idiot.");
  ASSERT_EQ(held.at("status"), "pending");
  EXPECT_TRUE(notification_of(other, "comment_rejected").is_null());
}

}  // namespace
}  // namespace townhall::testing
