#include "moderation/pipeline.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "moderation/seed/spam_seed.hpp"
#include "moderation/spam_classifier.hpp"
#include "moderation/word_list.hpp"

namespace townhall::moderation {
namespace {

constexpr core::Millis kNow = 1'780'000'000'000;
constexpr core::Millis kOldAccount = kNow - 365 * core::kMillisPerDay;

std::shared_ptr<const WordList> list(std::vector<std::string> phrases) {
  std::vector<PhraseEntry> entries;
  for (auto& phrase : phrases) entries.push_back({std::move(phrase), {}});
  return std::make_shared<const WordList>(WordList::compile(std::move(entries)).value());
}

std::shared_ptr<const SpamModel> small_spam_model() {
  auto model = std::make_shared<SpamModel>();
  for (int i = 0; i < 20; ++i) {
    model->train("cheap pills viagra casino winner click now free money " + std::to_string(i), true);
    model->train("the council meeting about the bypass and the school budget " + std::to_string(i), false);
  }
  return model;
}

SitePolicy policy() {
  SitePolicy p;
  p.banned = list({"fuck*", "cunt"});
  p.suspect = list({"idiot", "moron"});
  p.spam = small_spam_model();
  p.links.mode = LinkMode::kHoldNewCommenters;
  p.links.deny = DomainList::compile(std::vector<std::string>{"cheap.example"}).value();
  return p;
}

AuthorFacts regular(core::Id id = 1) {
  AuthorFacts a;
  a.author_id = id;
  a.address = "198.51.100.7";
  a.account_created_at = kOldAccount;
  a.approved_comments = 20;
  a.decided_recently = 10;
  return a;
}

class PipelineTest : public ::testing::Test {
 protected:
  Verdict check(std::string_view body, const AuthorFacts& author = regular(), const SitePolicy& site = policy(),
                bool story_premoderated = false) {
    CommentInput input;
    input.body_markdown = body;
    input.comment_id = ++next_id_;
    input.story_id = 42;
    input.story_premoderated = story_premoderated;
    return pipeline_.check(site, author, input, kNow + static_cast<core::Millis>(next_id_) * core::kMillisPerHour);
  }

  static std::vector<std::string> codes(const Verdict& v) {
    std::vector<std::string> out;
    for (const Finding& f : v.findings) out.push_back(f.code);
    return out;
  }

  Pipeline pipeline_;
  core::Id next_id_ = 0;
};

using Codes = std::vector<std::string>;

TEST_F(PipelineTest, AnOrdinaryCommentIsPublished) {
  const Verdict v = check("I think the council got the bypass decision wrong, and said so at the meeting.");
  EXPECT_EQ(v.action, Action::kPublish);
  EXPECT_TRUE(v.findings.empty());
  EXPECT_EQ(v.status_reason, "");
  EXPECT_FALSE(v.record_auto_premoderation);
}

TEST_F(PipelineTest, BannedWordsRejectAndKeepEveryOtherFinding) {
  const Verdict v = check("f.u.c.k you idiot, cheap pills viagra casino winner click now free money at cheap.example");
  EXPECT_EQ(v.action, Action::kReject);
  EXPECT_EQ(v.status_reason, "banned_words");
  EXPECT_EQ(codes(v), (Codes{"banned_words", "suspect_words", "denied_domain", "spam"}));
}

TEST_F(PipelineTest, HoldsTakeTheFirstReasonInPipelineOrder) {
  SitePolicy site = policy();
  site.spam = nullptr;
  site.trust.premoderation = core::Premoderation::kAll;
  const Verdict v = check("you moron, see hxxp://cheap[.]example", regular(), site);
  EXPECT_EQ(v.action, Action::kHold);
  EXPECT_EQ(v.status_reason, "suspect_words");
  EXPECT_EQ(codes(v), (Codes{"suspect_words", "denied_domain", "premoderation"}));
}

TEST_F(PipelineTest, SpamScoreHoldsButNeverRejects) {
  const Verdict v = check("cheap pills viagra casino winner click now free money");
  EXPECT_EQ(v.action, Action::kHold);
  EXPECT_EQ(v.status_reason, "spam");
  ASSERT_EQ(v.findings.size(), 1u);
  EXPECT_EQ(v.findings[0].phase, "spam");
  // Even a threshold of zero only holds.
  SitePolicy site = policy();
  site.spam_threshold = 0.0;
  const Verdict all = check("the council meeting", regular(2), site);
  EXPECT_EQ(all.action, Action::kHold);
}

TEST_F(PipelineTest, TheSeedModelHoldsObviousSpam) {
  auto seed = std::make_shared<SpamModel>();
  ASSERT_TRUE(seed->deserialize(seed::spam_seed_model()).ok());
  SitePolicy site = policy();
  site.spam = seed;
  const Verdict v =
      check("Cheap viagra! You are a winner, click http://cheap-pills.example.com/win to claim your FREE prize!!!",
            regular(), site);
  EXPECT_EQ(v.action, Action::kHold);
  EXPECT_EQ(codes(v), Codes{"spam"});
  EXPECT_EQ(v.findings[0].message.rfind("spam score ", 0), 0u) << v.findings[0].message;
}

TEST_F(PipelineTest, NewCommentersLinksAndPremoderation) {
  AuthorFacts fresh = regular(3);
  fresh.approved_comments = 0;
  fresh.decided_recently = 0;
  const Verdict links = check("Source: https://www.bbc.example/news/123", fresh);
  EXPECT_EQ(codes(links), Codes{"links"});
  SitePolicy site = policy();
  site.trust.premoderation = core::Premoderation::kNewCommenters;
  const Verdict held = check("Hello, first comment here about the bypass.", fresh, site);
  EXPECT_EQ(codes(held), Codes{"new_commenter"});
  EXPECT_EQ(held.status_reason, "new_commenter");
  // The same author with enough approvals is neither.
  EXPECT_TRUE(check("Here is the report: https://www.bbc.example/news/124", regular(3), site).findings.empty());
}

TEST_F(PipelineTest, RejectionRateAsksForAutomaticPremoderation) {
  AuthorFacts troll = regular(4);
  troll.decided_recently = 10;
  troll.rejected_recently = 4;
  const Verdict v = check("Another perfectly polite comment about the weather.", troll);
  EXPECT_EQ(v.action, Action::kHold);
  EXPECT_EQ(v.status_reason, "rejection_rate");
  EXPECT_TRUE(v.record_auto_premoderation);
  troll.premoderated_by_enforcement = true;
  const Verdict again = check("And another perfectly polite comment, about trains.", troll);
  EXPECT_EQ(again.status_reason, "premoderation");
  EXPECT_FALSE(again.record_auto_premoderation);
}

TEST_F(PipelineTest, StoryPremoderation) {
  const Verdict v = check("A calm comment on an emotive court report.", regular(), policy(), true);
  EXPECT_EQ(codes(v), Codes{"premoderation"});
}

TEST_F(PipelineTest, FloodsComeFirst) {
  AuthorFacts author = regular(5);
  Verdict last;
  for (int i = 0; i < 7; ++i) {
    CommentInput input;
    const std::string body =
        "fast comment number " + std::to_string(i) + " with different words " + std::to_string(i * 31);
    input.body_markdown = body;
    input.comment_id = 10'000 + static_cast<core::Id>(i);
    input.story_id = 1;
    last = pipeline_.check(policy(), author, input, kNow + i);
  }
  EXPECT_EQ(last.status_reason, "flood");
  EXPECT_EQ(last.findings.at(0).message, "7th comment in 1 s from this account");
  // An edit of the comment does not take a token (no "flood" finding).
  CommentInput edit;
  edit.body_markdown = "an edited text that is entirely new and unique";
  edit.comment_id = 10'000;
  edit.story_id = 1;
  edit.is_edit = true;
  EXPECT_TRUE(pipeline_.check(policy(), author, edit, kNow + 8).findings.empty());
}

TEST_F(PipelineTest, EditsRunTheContentPhasesAgain) {
  CommentInput input;
  input.body_markdown = "a perfectly fine comment";
  input.comment_id = 77;
  input.story_id = 1;
  EXPECT_EQ(pipeline_.check(policy(), regular(6), input, kNow).action, Action::kPublish);
  input.body_markdown = "a perfectly fine comment, you cunt";
  input.is_edit = true;
  const Verdict v = pipeline_.check(policy(), regular(6), input, kNow + core::kMillisPerMinute);
  EXPECT_EQ(v.action, Action::kReject);
  EXPECT_EQ(v.status_reason, "banned_words");
}

TEST_F(PipelineTest, StaffSkipFloodsAndTrustButNotContent) {
  AuthorFacts staff = regular(7);
  staff.staff = true;
  staff.approved_comments = 0;
  staff.rejected_recently = 10;
  SitePolicy site = policy();
  site.trust.premoderation = core::Premoderation::kAll;
  for (int i = 0; i < 20; ++i) {
    CommentInput input;
    input.body_markdown = "Reporter here: we have updated the story with the council's answer.";
    input.comment_id = 20'000 + static_cast<core::Id>(i);
    input.story_id = 1;
    EXPECT_TRUE(pipeline_.check(site, staff, input, kNow + i).findings.empty()) << i;
  }
  EXPECT_EQ(check("you moron", staff, site).status_reason, "suspect_words");
}

TEST_F(PipelineTest, AnEmptySitePolicyStillRunsFloodsLinksAndTrust) {
  const SitePolicy empty;
  AuthorFacts fresh = regular(8);
  fresh.approved_comments = 0;
  EXPECT_EQ(codes(check("see example.com", fresh, empty)), Codes{"links"});
  EXPECT_TRUE(check("", regular(9), empty).findings.empty());
}

TEST(AutomatedReason, FindingBecomesAReasonWithJsonEvidence) {
  Finding finding{Action::kHold, "links", "denied_domain", "link to denied domain cheap.example", {}};
  finding.evidence.push_back(Evidence{"cheap.example", "www.cheap.example/\"x\"", 10, 32, 1});
  finding.evidence.push_back(Evidence{"bad\xFF", "caf\xC3\xA9 \xC3", 0, 0, 0.25});
  const core::AutomatedReason reason = to_automated_reason(finding, kNow);
  EXPECT_EQ(reason.phase, "links");
  EXPECT_EQ(reason.code, "denied_domain");
  EXPECT_EQ(reason.action, "hold");
  EXPECT_EQ(reason.message, "link to denied domain cheap.example");
  EXPECT_EQ(reason.at, kNow);
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(reason.evidence_json, ec);
  ASSERT_FALSE(ec) << reason.evidence_json;
  const boost::json::array& items = parsed.as_array();
  ASSERT_EQ(items.size(), 2u);
  const boost::json::object& first = items[0].as_object();
  EXPECT_EQ(first.at("label").as_string(), "cheap.example");
  EXPECT_EQ(first.at("text").as_string(), "www.cheap.example/\"x\"");
  EXPECT_EQ(first.at("begin").to_number<std::int64_t>(), 10);
  EXPECT_EQ(first.at("end").to_number<std::int64_t>(), 32);
  EXPECT_EQ(first.at("weight").to_number<double>(), 1.0);
  // Invalid UTF-8 in evidence is replaced, so the JSON stays valid.
  EXPECT_EQ(items[1].as_object().at("label").as_string(), "bad\xEF\xBF\xBD");
  EXPECT_EQ(items[1].as_object().at("text").as_string(), "caf\xC3\xA9 \xEF\xBF\xBD");
}

TEST(AutomatedReason, NoEvidenceIsAnEmptyArrayAndActionsHaveNames) {
  const Finding finding{Action::kReject, "word_lists", "banned_words", "banned phrase", {}};
  EXPECT_EQ(to_automated_reason(finding, 1).evidence_json, "[]");
  EXPECT_EQ(to_automated_reason(finding, 1).action, "reject");
  EXPECT_EQ(action_name(Action::kPublish), "publish");
  Verdict verdict;
  verdict.findings = {finding, finding};
  EXPECT_EQ(to_automated_reasons(verdict, 5).size(), 2u);
}

}  // namespace
}  // namespace townhall::moderation
