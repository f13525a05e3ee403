// Who may call what: every moderation and admin endpoint, called by each
// kind of caller, answers exactly 401, 403 (with the documented code) or
// success (docs/api-moderation.md, the table at the top).
//
// One row per endpoint. Placeholders in paths and bodies are filled before
// each call; {comment}, {notice}, {appeal}, {user} and {fresh} make a new
// object for every call, so a successful call never spoils the next caller's.
#include <functional>
#include <map>

#include "integration/fixture_moderation.hpp"

namespace townhall::testing {
namespace {

namespace json = boost::json;

// Who may call an endpoint.
enum class Access {
  kModeration,    // moderators of the site and admins
  kAnyModerator,  // every moderator (answers about their own sites) and admins
  kAdmin,         // admins only
};

struct Row {
  const char* method;
  const char* path;
  const char* body;  // empty: none
  Access access;
  int success;
};

// clang-format off
const Row kEndpoints[] = {
    {"GET",   "/api/v1/moderation/sites",                            "", Access::kAnyModerator, 200},
    {"GET",   "/api/v1/moderation/counts?site={site}",               "", Access::kModeration, 200},
    {"GET",   "/api/v1/moderation/queues/pending?site={site}",       "", Access::kModeration, 200},
    {"GET",   "/api/v1/moderation/queues/reported?site={site}",      "", Access::kModeration, 200},
    {"GET",   "/api/v1/moderation/queues/unmoderated?site={site}",   "", Access::kModeration, 200},
    {"GET",   "/api/v1/moderation/queues/approved?site={site}",      "", Access::kModeration, 200},
    {"GET",   "/api/v1/moderation/queues/rejected?site={site}",      "", Access::kModeration, 200},
    {"GET",   "/api/v1/moderation/queues/appeals?site={site}",       "", Access::kModeration, 200},
    {"GET",   "/api/v1/moderation/queues/notices?site={site}",       "", Access::kModeration, 200},
    {"POST",  "/api/v1/moderation/comments/{comment}/decision",      R"({"action":"approve"})", Access::kModeration, 200},
    {"POST",  "/api/v1/moderation/notices/{notice}/decision",        R"({"outcome":"keep","explanation":"Lawful."})", Access::kModeration, 200},
    {"GET",   "/api/v1/moderation/users/{reader}?site={site}",       "", Access::kModeration, 200},
    {"POST",  "/api/v1/moderation/users/{user}/enforcement",         R"({"action":"warn","site":"{site}","rule_id":"{rule}"})", Access::kModeration, 201},
    {"POST",  "/api/v1/moderation/users/{reader}/notes",             R"({"site":"{site}","body":"Watch this one."})", Access::kModeration, 201},
    {"GET",   "/api/v1/moderation/audit?site={site}",                "", Access::kModeration, 200},
    {"POST",  "/api/v1/moderation/appeals/{appeal}/resolution",      R"({"outcome":"uphold","explanation":"It stands."})", Access::kModeration, 200},
    {"GET",   "/api/v1/admin/sites",                                 "", Access::kAdmin, 200},
    {"POST",  "/api/v1/admin/sites",                                 R"({"id":"site-{fresh}","name":"New"})", Access::kAdmin, 201},
    {"GET",   "/api/v1/admin/sites/{site}",                          "", Access::kAdmin, 200},
    {"PATCH", "/api/v1/admin/sites/{site}",                          R"({"settings":{"report_threshold":3}})", Access::kAdmin, 200},
    {"PUT",   "/api/v1/admin/sites/{site}/stories/story-{fresh}",    R"({"url":"http://news.test/x","title":"X"})", Access::kAdmin, 201},
    {"PUT",   "/api/v1/admin/sites/{site}/rules",                    R"({"rules":[{"id":"{rule}","title":"Be civil","body":"Argue with ideas."},{"id":"illegal","title":"Nothing illegal","body":"Nothing illegal."}]})", Access::kAdmin, 200},
    {"PUT",   "/api/v1/admin/sites/{site}/word-lists/banned",        R"({"phrases":["frobnicate"]})", Access::kAdmin, 200},
    {"PUT",   "/api/v1/admin/sites/{site}/word-lists/suspect",       R"({"phrases":["casino"]})", Access::kAdmin, 200},
    {"PUT",   "/api/v1/admin/users/{user}/role",                     R"({"role":"commenter"})", Access::kAdmin, 200},
    {"GET",   "/api/v1/admin/sites/{site}/transparency",             "", Access::kAdmin, 200},
    {"GET",   "/api/v1/admin/sites/{site}/transparency?format=csv",  "", Access::kAdmin, 200},
};
// clang-format on

enum class Caller { kAnonymous, kCommenter, kModeratorOfAnotherSite, kModeratorOfThisSite, kAdmin };

struct Expected {
  int status;
  const char* code;  // empty on success
};

Expected expected(const Row& row, Caller caller) {
  switch (caller) {
    case Caller::kAnonymous: return {401, "missing_token"};
    case Caller::kCommenter: return {403, "insufficient_role"};
    case Caller::kModeratorOfAnotherSite:
      if (row.access == Access::kAnyModerator) return {row.success, ""};
      if (row.access == Access::kAdmin) return {403, "insufficient_role"};
      return {403, "not_moderator_of_site"};
    case Caller::kModeratorOfThisSite:
      if (row.access == Access::kAdmin) return {403, "insufficient_role"};
      return {row.success, ""};
    case Caller::kAdmin: return {row.success, ""};
  }
  return {0, ""};
}

const char* caller_name(Caller caller) {
  switch (caller) {
    case Caller::kAnonymous: return "anonymous";
    case Caller::kCommenter: return "commenter";
    case Caller::kModeratorOfAnotherSite: return "moderator of another site";
    case Caller::kModeratorOfThisSite: return "moderator of this site";
    case Caller::kAdmin: return "admin";
  }
  return "?";
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

class AuthorizationMatrix : public ModerationTest {
 protected:
  void SetUp() override {
    ModerationTest::SetUp();
    if (HasFatalFailure()) return;
    open_story("matrix");
    reader_ = sign_up("Reader");
    author_ = sign_up("Author");
    decider_ = make_moderator("Decider");
    callers_[Caller::kAnonymous] = {};
    callers_[Caller::kCommenter] = sign_up("Commenter");
    callers_[Caller::kModeratorOfAnotherSite] = make_moderator("Elsewhere", {kOtherSite});
    callers_[Caller::kModeratorOfThisSite] = make_moderator("Here", {kSite});
    callers_[Caller::kAdmin] = admin_;
  }

  std::string fresh_comment() { return text_of(post_comment(author_, "matrix", "a comment").at("id")); }

  std::string fresh_notice() {
    auto r = client().post("/api/v1/comments/" + fresh_comment() + "/reports", body_json({{"kind", "illegal"},
                                                                                          {"law", "Some Act"},
                                                                                          {"details", "Unlawful."},
                                                                                          {"name", "Ana"},
                                                                                          {"email", "ana@example.org"},
                                                                                          {"good_faith", true}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? text_of(r.json().at("notice").at("id")) : "0";
  }

  // An open appeal against a rejection made by a moderator none of the
  // callers is, so that no caller meets `own_decision`.
  std::string fresh_appeal() {
    const std::string id = fresh_comment();
    auto rejected = decide(decider_, id, {{"action", "reject"}, {"rule_id", rule_}});
    EXPECT_EQ(rejected.status, 200) << rejected.body;
    for (const auto& n : notifications(author_)) {
      if (n.at("kind") == "comment_rejected" && n.at("comment").at("id") == id.c_str()) {
        return appeal(author_, text_of(n.at("id")));
      }
    }
    ADD_FAILURE() << "no statement of reasons for " << id;
    return "0";
  }

  std::string fill(std::string text) {
    replace_all(text, "{site}", kSite);
    replace_all(text, "{rule}", rule_);
    replace_all(text, "{reader}", reader_.id);
    if (text.find("{fresh}") != std::string::npos) replace_all(text, "{fresh}", std::to_string(++fresh_));
    if (text.find("{user}") != std::string::npos) replace_all(text, "{user}", sign_up("Target").id);
    if (text.find("{comment}") != std::string::npos) replace_all(text, "{comment}", fresh_comment());
    if (text.find("{notice}") != std::string::npos) replace_all(text, "{notice}", fresh_notice());
    if (text.find("{appeal}") != std::string::npos) replace_all(text, "{appeal}", fresh_appeal());
    return text;
  }

  Account reader_, author_, decider_;
  std::map<Caller, Account> callers_;
  int fresh_ = 0;
};

TEST_F(AuthorizationMatrix, EveryModerationAndAdminEndpointAnswersEachCallerAsDocumented) {
  for (const Row& row : kEndpoints) {
    for (const auto& [caller, account] : callers_) {
      const std::string path = fill(row.path);
      const std::string body = fill(row.body);
      Headers headers;
      if (!account.token.empty()) headers = account.auth();
      auto r = client().request(row.method, path, body, headers);
      const Expected want = expected(row, caller);
      EXPECT_EQ(r.status, want.status) << row.method << " " << row.path << " as " << caller_name(caller) << ": "
                                       << r.body;
      if (*want.code != '\0') {
        auto j = r.json();
        const std::string code =
            j.is_object() && j.as_object().contains("error") ? text_of(j.at("error").at("code")) : "";
        EXPECT_EQ(code, want.code) << row.method << " " << row.path << " as " << caller_name(caller);
      }
    }
  }
}

}  // namespace
}  // namespace townhall::testing
