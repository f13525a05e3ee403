// The moderation half of the store contract: reports and their weights,
// decisions, queues and their counts, the ladder, appeals and the audit log.
#include "store/moderation_contract.hpp"

#include <optional>
#include <string>
#include <vector>

namespace townhall::store::testing {
namespace {

using core::CommentStatus;
using core::ErrorKind;

TEST_P(ModerationContractTest, RulesKeepOrderAndArchiveWhatIsLeftOut) {
  auto rules = must(store().list_rules("courier", false));
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].id, "civility");
  EXPECT_EQ(rules[0].number, 1);
  EXPECT_EQ(rules[1].number, 2);

  core::Rule illegal = rules[1];
  must(store().replace_rules("courier", {illegal}, moderator_.id, next_id(), now()));
  rules = must(store().list_rules("courier", false));
  ASSERT_EQ(rules.size(), 1u);
  EXPECT_EQ(rules[0].id, "illegal");
  EXPECT_EQ(rules[0].number, 1);
  auto all = must(store().list_rules("courier", true));
  ASSERT_EQ(all.size(), 2u);
  EXPECT_TRUE(all[1].archived);
  EXPECT_EQ(audit().front().action, "rules_changed");
}

TEST_P(ModerationContractTest, ReportsHideAnUnreviewedCommentOnlyPastTheThreshold) {
  core::Comment comment = post(story_, author_);
  auto first = must(report(comment, add_user("r1")));
  EXPECT_FALSE(first.hidden);
  EXPECT_EQ(first.comment.open_reports, 1);
  EXPECT_EQ(must(store().queue_counts("courier", std::nullopt)).reported, 1);

  auto second = must(report(comment, add_user("r2"), 1.5));
  EXPECT_FALSE(second.hidden);  // 2.5 < 3
  auto third = must(report(comment, add_user("r3"), 0.5));
  EXPECT_TRUE(third.hidden);  // 3.0 reaches the threshold
  EXPECT_EQ(third.comment.status, CommentStatus::kPending);
  EXPECT_EQ(third.comment.status_reason, "reported");
  EXPECT_EQ(must(store().get_story_by_id(story_.id)).comment_count, 0);

  auto counts = must(store().queue_counts("courier", std::nullopt));
  EXPECT_EQ(counts.pending, 1);
  EXPECT_EQ(counts.unmoderated, 0);
  EXPECT_EQ(counts.reported, 1);
  auto story_counts = must(store().queue_counts("courier", story_.id));
  EXPECT_EQ(story_counts.pending, 1);
  EXPECT_EQ(story_counts.reported, 1);

  // The author is told, and the card says why.
  auto told = must(store().notifications(author_.id, 10, std::nullopt));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].kind, "comment_held");
  core::QueueQuery q;
  q.queue = core::Queue::kReported;
  q.site_id = "courier";
  auto page = must(store().read_queue(q));
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].comment->reports.size(), 3u);
  ASSERT_FALSE(page.items[0].comment->reasons.empty());
  EXPECT_EQ(page.items[0].comment->reasons.back().code, "reported");
}

TEST_P(ModerationContractTest, ReportRefusals) {
  core::Comment comment = post(story_, author_);
  core::User reader = add_user("reader");
  must(report(comment, reader));
  EXPECT_TRUE(failed_with(report(comment, reader), ErrorKind::kConflict, "already_reported"));
  EXPECT_TRUE(failed_with(report(comment, author_), ErrorKind::kForbidden, "own_comment"));
  core::NewReport unknown_rule;
  unknown_rule.id = next_id();
  unknown_rule.comment_id = comment.id;
  unknown_rule.reporter_id = add_user("other").id;
  unknown_rule.rule_id = "no-such-rule";
  EXPECT_TRUE(failed_with(store().create_report(unknown_rule), ErrorKind::kUnprocessable, "unknown_rule"));
  core::Comment hidden = post(story_, author_, std::nullopt, CommentStatus::kPending);
  EXPECT_TRUE(failed_with(report(hidden, reader), ErrorKind::kNotFound, "comment_not_found"));
}

TEST_P(ModerationContractTest, DecisionsResolveReportsAndMoveTrackRecords) {
  core::Comment rude = post(story_, author_);
  core::Comment fine = post(story_, author_);
  core::User good = add_user("good");
  core::User bad = add_user("bad");
  must(report(rude, good));
  must(report(fine, bad));

  auto rejected = must(store().decide_comment(decision(rude, core::DecisionAction::kReject, moderator_)));
  EXPECT_TRUE(rejected.changed);
  EXPECT_EQ(rejected.comment.status, CommentStatus::kRejected);
  EXPECT_EQ(rejected.comment.open_reports, 0);
  auto approved = must(store().decide_comment(decision(fine, core::DecisionAction::kApprove, moderator_)));
  EXPECT_EQ(approved.comment.status, CommentStatus::kApproved);

  EXPECT_EQ(must(store().reporter_record(good.id)).upheld, 1);
  EXPECT_EQ(must(store().reporter_record(bad.id)).dismissed, 1);
  EXPECT_EQ(must(store().queue_counts("courier", std::nullopt)).reported, 0);

  // The author gets a statement of reasons with a way to appeal.
  auto told = must(store().notifications(author_.id, 10, std::nullopt));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_EQ(told[0].kind, "comment_rejected");
  EXPECT_EQ(told[0].rule_id, "civility");
  EXPECT_FALSE(told[0].automated);
  EXPECT_TRUE(told[0].appeal_deadline.has_value());
}

TEST_P(ModerationContractTest, ASecondIdenticalDecisionChangesAndRecordsNothing) {
  core::Comment comment = post(story_, author_);
  const auto before = audit().size();
  EXPECT_TRUE(must(store().decide_comment(decision(comment, core::DecisionAction::kReject, moderator_))).changed);
  auto again = must(store().decide_comment(decision(comment, core::DecisionAction::kReject, second_moderator_)));
  EXPECT_FALSE(again.changed);
  EXPECT_FALSE(again.entry.has_value());
  EXPECT_EQ(audit().size(), before + 1);
  EXPECT_EQ(must(store().notifications(author_.id, 10, std::nullopt)).size(), 1u);
}

TEST_P(ModerationContractTest, FeaturingKeepsTheStoryCountAndTheFeaturedPage) {
  core::Comment comment = post(story_, author_);
  must(store().decide_comment(decision(comment, core::DecisionAction::kFeature, moderator_)));
  EXPECT_EQ(must(store().get_story_by_id(story_.id)).featured_count, 1);
  core::ThreadQuery q;
  q.story_id = story_.id;
  q.featured_only = true;
  auto page = must(store().read_thread(q));
  ASSERT_EQ(page.top_level.size(), 1u);
  EXPECT_TRUE(page.top_level[0].featured);
  // Rejecting a featured comment unfeatures it.
  must(store().decide_comment(decision(comment, core::DecisionAction::kReject, moderator_)));
  EXPECT_EQ(must(store().get_story_by_id(story_.id)).featured_count, 0);
  EXPECT_TRUE(must(store().read_thread(q)).top_level.empty());
}

TEST_P(ModerationContractTest, DeletedCommentsCannotBeDecidedAndWithdrawTheirReports) {
  core::Comment comment = post(story_, author_);
  must(report(comment, add_user("r")));
  set_status(comment.id, CommentStatus::kDeleted, "author_deleted");
  EXPECT_EQ(must(store().queue_counts("courier", std::nullopt)).reported, 0);
  EXPECT_TRUE(failed_with(store().decide_comment(decision(comment, core::DecisionAction::kApprove, moderator_)),
                          ErrorKind::kConflict, "comment_deleted"));
}

TEST_P(ModerationContractTest, QueuesPageInBothOrders) {
  std::vector<core::Comment> held;
  for (int i = 0; i < 5; ++i) held.push_back(post(story_, author_, std::nullopt, CommentStatus::kPending));
  core::QueueQuery q;
  q.queue = core::Queue::kPending;
  q.site_id = "courier";
  q.limit = 2;
  q.oldest_first = true;
  std::vector<core::Id> seen;
  for (;;) {
    auto page = must(store().read_queue(q));
    for (const auto& item : page.items) seen.push_back(item.comment->comment.id);
    if (!page.next) break;
    q.after = page.next;
  }
  ASSERT_EQ(seen.size(), 5u);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], held[i].id);
  EXPECT_EQ(must(store().queue_counts("courier", std::nullopt)).pending, 5);
}

TEST_P(ModerationContractTest, StandingTakesTheStrictestActiveRestriction) {
  auto enforce = [&](core::EnforcementAction action, std::optional<core::Millis> until = std::nullopt) {
    core::NewEnforcement e;
    e.id = next_id();
    e.user_id = author_.id;
    e.site_id = "courier";
    e.action = action;
    e.rule_id = action == core::EnforcementAction::kLift ? "" : "civility";
    e.actor_id = moderator_.id;
    e.until = until;
    e.at = now();
    e.appeal_deadline = e.at + kSixMonths;
    e.audit_id = next_id();
    e.notification_id = next_id();
    return store().enforce(e);
  };
  const core::Millis t0 = now();
  EXPECT_EQ(must(store().standing(author_.id, "courier", t0)).status, core::StandingStatus::kOk);
  auto warned = must(enforce(core::EnforcementAction::kWarn));
  EXPECT_EQ(must(store().standing(author_.id, "courier", now())).status, core::StandingStatus::kWarned);
  must(store().acknowledge_notification(author_.id, *warned.enforcement.notification_id, now()));
  EXPECT_EQ(must(store().standing(author_.id, "courier", now())).status, core::StandingStatus::kOk);

  const core::Millis end = now() + 3600 * 1000;
  must(enforce(core::EnforcementAction::kSuspend, end));
  auto suspended = must(store().standing(author_.id, "courier", now()));
  EXPECT_EQ(suspended.status, core::StandingStatus::kSuspended);
  EXPECT_EQ(suspended.until, end);
  EXPECT_EQ(must(store().standing(author_.id, "courier", end + 1)).status, core::StandingStatus::kOk);
  EXPECT_EQ(must(store().standing(author_.id, "other", now())).status, core::StandingStatus::kOk);

  auto lifted = must(enforce(core::EnforcementAction::kLift));
  EXPECT_EQ(lifted.lifted, 2);  // the suspension and the (acknowledged) warning
  EXPECT_EQ(must(store().standing(author_.id, "courier", now())).status, core::StandingStatus::kOk);
  EXPECT_TRUE(failed_with(enforce(core::EnforcementAction::kLift), ErrorKind::kUnprocessable, "nothing_to_lift"));
}

TEST_P(ModerationContractTest, AppealsOncePerDecisionWithinSixMonthsResolvedByAnotherModerator) {
  core::Comment comment = post(story_, author_);
  must(store().decide_comment(decision(comment, core::DecisionAction::kReject, moderator_)));
  core::Notification notice = must(store().notifications(author_.id, 10, std::nullopt)).front();

  core::NewAppeal late;
  late.id = next_id();
  late.notification_id = notice.id;
  late.user_id = author_.id;
  late.text = "please";
  late.at = *notice.appeal_deadline + 1;
  EXPECT_TRUE(failed_with(store().create_appeal(late), ErrorKind::kUnprocessable, "appeal_window_closed"));
  core::NewAppeal stranger = late;
  stranger.user_id = moderator_.id;
  stranger.at = now();
  EXPECT_TRUE(failed_with(store().create_appeal(stranger), ErrorKind::kNotFound, "notice_not_found"));

  core::NewAppeal appeal = late;
  appeal.at = now();
  core::Appeal lodged = must(store().create_appeal(appeal));
  EXPECT_EQ(lodged.decided_by, moderator_.id);
  appeal.id = next_id();
  EXPECT_TRUE(failed_with(store().create_appeal(appeal), ErrorKind::kConflict, "already_appealed"));
  EXPECT_EQ(must(store().queue_counts("courier", std::nullopt)).appeals, 1);

  core::AppealResolution own;
  own.appeal_id = lodged.id;
  own.resolver_id = moderator_.id;
  own.reverse = true;
  own.at = now();
  own.audit_id = next_id();
  own.notification_id = next_id();
  own.moderator_notification_id = next_id();
  EXPECT_TRUE(failed_with(store().resolve_appeal(own), ErrorKind::kForbidden, "own_decision"));

  core::AppealResolution other = own;
  other.resolver_id = second_moderator_.id;
  EXPECT_EQ(must(store().resolve_appeal(other)).status, core::AppealStatus::kReversed);
  EXPECT_EQ(must(store().get_comment(comment.id)).status, CommentStatus::kApproved);
  other.audit_id = next_id();
  EXPECT_TRUE(failed_with(store().resolve_appeal(other), ErrorKind::kConflict, "appeal_resolved"));

  auto told = must(store().notifications(author_.id, 10, std::nullopt));
  EXPECT_EQ(told.front().kind, "appeal_decided");
  // The other side too: the moderator whose decision was reversed.
  auto decider = must(store().notifications(moderator_.id, 10, std::nullopt));
  ASSERT_EQ(decider.size(), 1u);
  EXPECT_EQ(decider.front().kind, "appeal_on_your_decision");
  EXPECT_EQ(decider.front().action, "reverse");
  EXPECT_EQ(told.back().appeal_status, "reversed");
  std::vector<std::string> actions;
  for (const auto& e : audit()) actions.push_back(e.action);
  EXPECT_EQ(actions.front(), "appeal_reversed");
}

TEST_P(ModerationContractTest, TransparencyCountsDecisionsReportsAndAppeals) {
  const core::Millis from = now();
  core::Comment a = post(story_, author_);
  core::Comment b = post(story_, author_);
  must(report(a, add_user("r1")));
  must(store().decide_comment(decision(a, core::DecisionAction::kReject, moderator_)));
  must(store().decide_comment(decision(b, core::DecisionAction::kApprove, moderator_)));
  auto t = must(store().transparency("courier", from, now() + 1));
  std::int64_t rejects = 0;
  for (const auto& [action, n] : t.decisions_by_action) {
    if (action == "reject") rejects = n;
  }
  EXPECT_EQ(rejects, 1);
  EXPECT_EQ(t.decisions_human, 2);
  EXPECT_EQ(t.reports_received, 1);
  EXPECT_EQ(t.reports_upheld, 1);
  ASSERT_TRUE(t.median_millis_report_to_decision.has_value());
  EXPECT_GT(*t.median_millis_report_to_decision, 0);
}

TEST_P(ModerationContractTest, ModeratorsSitesRoundTrip) {
  add_site("almanac");
  must(store().set_role(moderator_.id, core::Role::kModerator));
  must(store().set_moderated_sites(moderator_.id, {"courier"}));
  EXPECT_EQ(must(store().get_user(moderator_.id)).moderated_sites, std::vector<std::string>{"courier"});
  EXPECT_TRUE(
      failed_with(store().set_moderated_sites(moderator_.id, {"nope"}), ErrorKind::kNotFound, "site_not_found"));
}

TEST_P(ModerationContractTest, ABanThatRejectsCommentsNamesEachWithItsStoryAndSite) {
  core::Comment shown = post(story_, author_);
  core::Comment held = post(story_, author_, std::nullopt, core::CommentStatus::kPending);
  core::NewEnforcement ban;
  ban.id = next_id();
  ban.user_id = author_.id;
  ban.site_id = "courier";
  ban.action = core::EnforcementAction::kBan;
  ban.rule_id = "civility";
  ban.actor_id = moderator_.id;
  ban.reject_comments = true;
  ban.at = now();
  ban.appeal_deadline = ban.at + kSixMonths;
  ban.audit_id = next_id();
  ban.notification_id = next_id();
  auto result = must(store().enforce(ban));
  ASSERT_EQ(result.rejected.size(), 2u);
  for (const auto& rejected : result.rejected) {
    EXPECT_EQ(rejected.site_id, "courier");
    EXPECT_EQ(rejected.story_id, story_.id);
    EXPECT_EQ(rejected.was_visible, rejected.comment_id == shown.id);
    EXPECT_EQ(must(store().get_comment(rejected.comment_id)).status, core::CommentStatus::kRejected);
  }
  EXPECT_NE(result.rejected[0].comment_id, result.rejected[1].comment_id);
  EXPECT_TRUE(result.rejected[0].comment_id == held.id || result.rejected[1].comment_id == held.id);
}

TEST_P(ModerationContractTest, AuthorRecordWeighsOnlyTheLatestDecisionsUpToTheCap) {
  const core::Millis since = now();
  auto decided = [&](core::DecisionAction action, int count) {
    for (int i = 0; i < count; ++i) {
      must(store().decide_comment(decision(post(story_, author_), action, moderator_)));
    }
  };
  decided(core::DecisionAction::kReject, 60);   // older
  decided(core::DecisionAction::kApprove, 60);  // newer
  core::AuthorRecord record = must(store().author_record(author_.id, "courier", now(), since, 1));
  ASSERT_EQ(core::kAuthorRecordCap, 100);
  EXPECT_EQ(record.decided_recently, 100);
  EXPECT_EQ(record.rejected_recently, 40);  // the newest 100: 60 approvals and the last 40 rejections
}

TEST_P(ModerationContractTest, TheGateDecidesOnWhatTheStoringTransactionSees) {
  core::Comment first = post(story_, author_);
  must(store().decide_comment(decision(first, core::DecisionAction::kReject, moderator_)));
  core::Comment parent = post(story_, author_);

  int calls = 0;
  CommentGate gate;
  gate.now = now();
  gate.since = first.created_at;
  gate.enough_standing = 5;
  gate.decide = [&](const PostingContext& stored, PostingDecision& decision) -> Status {
    ++calls;
    EXPECT_EQ(stored.story.id, story_.id);
    EXPECT_EQ(stored.author.standing_comments, 1);  // the parent; the first was rejected
    EXPECT_EQ(stored.author.rejected_recently, 1);
    EXPECT_EQ(stored.author.restriction.status, core::StandingStatus::kOk);
    EXPECT_EQ(stored.parent_status, core::CommentStatus::kPublished);
    decision.comment.status = core::CommentStatus::kPending;
    decision.comment.status_reason = "premoderation";
    core::NewEnforcement premod;
    premod.id = next_id();
    premod.user_id = author_.id;
    premod.site_id = "courier";
    premod.action = core::EnforcementAction::kPremod;
    premod.automated = true;
    premod.at = now();
    premod.appeal_deadline = premod.at + kSixMonths;
    premod.audit_id = next_id();
    premod.notification_id = next_id();
    decision.author_restriction = premod;
    return {};
  };
  core::Comment held = must(store().create_comment(new_comment(story_, author_, parent.id), gate));
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(held.status, core::CommentStatus::kPending);
  EXPECT_EQ(must(store().get_comment(held.id)).status_reason, "premoderation");
  EXPECT_EQ(reply_count(parent.id), 0);  // held replies are not counted
  // The restriction was written with the comment.
  EXPECT_EQ(must(store().standing(author_.id, "courier", now())).status, core::StandingStatus::kPremoderated);

  // A refusal is returned as is and nothing is written.
  const std::int64_t before = story_count(story_.id);
  gate.decide = [](const PostingContext& stored, PostingDecision&) -> Status {
    EXPECT_FALSE(stored.parent_status.has_value());
    return core::make_error(ErrorKind::kForbidden, "story_closed", "closed");
  };
  core::NewComment refused = new_comment(story_, author_);
  EXPECT_TRUE(failed_with(store().create_comment(refused, gate), ErrorKind::kForbidden, "story_closed"));
  EXPECT_TRUE(failed_with(store().get_comment(refused.id), ErrorKind::kNotFound, "comment_not_found"));
  EXPECT_EQ(story_count(story_.id), before);
}

}  // namespace
}  // namespace townhall::store::testing

namespace townhall::store::testing {
namespace {

TEST_P(ModerationContractTest, AutomaticCheckSettingsRoundTrip) {
  core::Site site = must(store().get_site("courier"));
  site.settings.links = core::LinkPolicy::kHoldNewCommenters;
  site.settings.max_links = 2;
  site.settings.link_allow_domains = {"courier.example", "gov.uk"};
  site.settings.link_deny_domains = {"cheap-pills.example"};
  site.settings.new_commenter_approvals = 3;
  site.settings.rejection_rate_threshold = 0.25;
  site.settings.spam_threshold = 0.95;
  must(store().update_site(site));
  core::Site stored = must(store().get_site("courier"));
  EXPECT_EQ(stored.settings.links, core::LinkPolicy::kHoldNewCommenters);
  EXPECT_EQ(stored.settings.max_links, 2);
  EXPECT_EQ(stored.settings.link_allow_domains, (std::vector<std::string>{"courier.example", "gov.uk"}));
  EXPECT_EQ(stored.settings.link_deny_domains, std::vector<std::string>{"cheap-pills.example"});
  EXPECT_EQ(stored.settings.new_commenter_approvals, 3);
  EXPECT_DOUBLE_EQ(stored.settings.rejection_rate_threshold, 0.25);
  EXPECT_DOUBLE_EQ(stored.settings.spam_threshold, 0.95);
  EXPECT_EQ(must(store().list_sites()).front().settings.link_deny_domains, stored.settings.link_deny_domains);
}

TEST_P(ModerationContractTest, WordListsAndSpamModelsAreKeptPerSite) {
  EXPECT_EQ(must(store().word_list("courier", core::WordListKind::kBanned)), "");
  must(store().set_word_list("courier", core::WordListKind::kBanned, "idiot*\nmoron", moderator_.id, next_id(), now()));
  EXPECT_EQ(must(store().word_list("courier", core::WordListKind::kBanned)), "idiot*\nmoron");
  EXPECT_EQ(must(store().word_list("courier", core::WordListKind::kSuspect)), "");
  EXPECT_EQ(audit().front().action, "word_list_changed");
  EXPECT_TRUE(
      failed_with(store().word_list("nope", core::WordListKind::kBanned), ErrorKind::kNotFound, "site_not_found"));

  EXPECT_FALSE(must(store().spam_model("courier")).has_value());
  const std::string bytes("THSM\0\x01\xff", 7);
  must(store().save_spam_model("courier", bytes, now()));
  EXPECT_EQ(must(store().spam_model("courier")).value_or(""), bytes);
}

TEST_P(ModerationContractTest, AuthorRecordCountsApprovalsAndRecentRejections) {
  core::Comment old_rejected = post(story_, author_);
  must(store().decide_comment(decision(old_rejected, core::DecisionAction::kReject, moderator_)));
  const core::Millis since = now();
  core::Comment approved = post(story_, author_);
  core::Comment rejected = post(story_, author_);
  post(story_, author_);  // undecided
  must(store().decide_comment(decision(approved, core::DecisionAction::kApprove, moderator_)));
  must(store().decide_comment(decision(rejected, core::DecisionAction::kReject, moderator_)));
  core::AuthorRecord record = must(store().author_record(author_.id, "courier", now(), since, 100));
  EXPECT_EQ(record.approved, 1);
  EXPECT_EQ(record.standing_comments, 2);  // the approved one and the undecided one
  EXPECT_EQ(record.restriction.status, core::StandingStatus::kOk);
  EXPECT_EQ(record.decided_recently, 2);
  EXPECT_EQ(record.rejected_recently, 1);
  EXPECT_EQ(must(store().author_record(author_.id, "other", now(), since, 100)).approved, 0);
  // Counting stops at what the caller needs.
  EXPECT_EQ(must(store().author_record(author_.id, "courier", now(), since, 1)).standing_comments, 1);
}

}  // namespace
}  // namespace townhall::store::testing
