// The automatic checks on a new or edited comment (moderation/pipeline.hpp),
// fed with what the store knows about the author, and what follows from
// them: the status the comment is stored with, the reasons kept for the
// moderator's card, and an automatic pre-moderation when the author's
// rejection rate calls for one.
#include <spdlog/spdlog.h>

#include "api/context.hpp"
#include "core/text.hpp"

namespace townhall::api {

using core::ErrorKind;
using core::make_error;

namespace {

bool is_staff(const core::User& user) { return user.role != core::Role::kCommenter; }

core::CommentStatus status_for(moderation::Action action) {
  switch (action) {
    case moderation::Action::kPublish: return core::CommentStatus::kPublished;
    case moderation::Action::kHold: return core::CommentStatus::kPending;
    case moderation::Action::kReject: return core::CommentStatus::kRejected;
  }
  return core::CommentStatus::kPending;
}

moderation::AuthorFacts identity_facts(const core::User& author, std::string_view address) {
  moderation::AuthorFacts facts;
  facts.author_id = author.id;
  facts.address = std::string(address);
  facts.account_created_at = author.created_at;
  facts.staff = is_staff(author);
  return facts;
}

void add_record(moderation::AuthorFacts& facts, const core::AuthorRecord& record) {
  facts.approved_comments = record.standing_comments;
  facts.decided_recently = record.decided_recently;
  facts.rejected_recently = record.rejected_recently;
  facts.premoderated_by_enforcement = record.restriction.status == core::StandingStatus::kPremoderated;
}

// What a verdict means for the stored comment.
CheckedComment checked_from(Context& ctx, const moderation::Verdict& verdict, core::Millis now) {
  CheckedComment checked;
  checked.status = status_for(verdict.action);
  checked.status_reason = verdict.status_reason;
  checked.reasons = moderation::to_automated_reasons(verdict, now);
  if (verdict.action != moderation::Action::kPublish) {
    core::AutomatedOutcome outcome;
    outcome.audit_id = ctx.ids.next();
    outcome.notification_id = ctx.ids.next();
    outcome.appeal_deadline = now + core::kAppealWindow;
    // The finding that decided, as the moderator's card words it.
    for (const auto& finding : verdict.findings) {
      if (finding.action == verdict.action) {
        outcome.explanation = "An automatic check: " + finding.message;
        break;
      }
    }
    checked.outcome = std::move(outcome);
  }
  return checked;
}

// Where the author's record starts counting recent decisions (the trust
// phase's rejection-rate window).
core::Millis record_window_start(const core::Site& site, core::Millis now) {
  return now - site.settings.rejection_window_days * core::kMillisPerDay;
}

// Restrictions that stop an author from writing (pre-moderation does not).
bool refuses_writing(const core::Standing& standing) {
  return standing.status == core::StandingStatus::kBanned || standing.status == core::StandingStatus::kSuspended ||
         standing.status == core::StandingStatus::kWarned;
}

// The pre-moderation the trust phase asks for, as a restriction on the
// author's history with a statement of reasons.
core::NewEnforcement automatic_premoderation(Context& ctx, core::Id author_id, const std::string& site_id,
                                             core::Millis now) {
  core::NewEnforcement e;
  e.id = ctx.ids.next();
  e.user_id = author_id;
  e.site_id = site_id;
  e.action = core::EnforcementAction::kPremod;
  e.explanation =
      "Many of your recent comments were removed, so a moderator now reviews your comments before they "
      "appear.";
  e.automated = true;
  e.at = now;
  e.appeal_deadline = now + core::kAppealWindow;
  e.audit_id = ctx.ids.next();
  e.notification_id = ctx.ids.next();
  return e;
}

// For an edit, after the fact: a failure is logged, the edit stands (held).
void premoderate_automatically(Context& ctx, const core::User& author, const core::Site& site, core::Millis now) {
  if (auto done = ctx.store.enforce(automatic_premoderation(ctx, author.id, site.id, now)); !done.ok()) {
    spdlog::error(R"("event":"auto_premoderation_failed","user":"{}","code":"{}")", core::id_to_string(author.id),
                  done.error().code);
  }
}

}  // namespace

core::Result<core::AuthorRecord> author_record(Context& ctx, const core::User& author, const core::Site& site,
                                               core::Millis now) {
  return ctx.store.author_record(author.id, site.id, now, record_window_start(site, now),
                                 site.settings.new_commenter_approvals);
}

core::Result<CheckedComment> check_comment(Context& ctx, const CommentToCheck& c) {
  auto policy = ctx.policies.get(c.site);
  if (!policy.ok()) return policy.error();
  moderation::AuthorFacts facts = identity_facts(c.author, c.address);
  add_record(facts, c.record);

  moderation::CommentInput input;
  input.body_markdown = c.body_markdown;
  input.comment_id = c.comment_id;
  input.story_id = c.story.id;
  input.story_premoderated = c.story.premoderated;
  input.is_edit = c.is_edit;

  moderation::Verdict verdict = ctx.pipeline.check(**policy, facts, input, c.now);
  if (verdict.record_auto_premoderation && !facts.premoderated_by_enforcement) {
    premoderate_automatically(ctx, c.author, c.site, c.now);
  }
  return checked_from(ctx, verdict, c.now);
}

core::Status gate_new_comment(Context& ctx, const NewCommentToCheck& c, NewCommentGate& out) {
  auto policy = ctx.policies.get(*c.site);
  if (!policy.ok()) return policy.error();
  moderation::AuthorFacts facts = identity_facts(c.author, c.address);
  moderation::CommentInput input;
  input.body_markdown = c.body_markdown;
  input.comment_id = c.comment_id;
  input.story_id = c.story_id;
  // The work on the text happens here, on this thread; the gate below runs
  // on the store's writer and only weighs what was found.
  moderation::ContentFindings content = ctx.pipeline.check_content(**policy, facts, input, c.now);

  out.gate.now = c.now;
  out.gate.since = record_window_start(*c.site, c.now);
  out.gate.enough_standing = c.site->settings.new_commenter_approvals;
  input.body_markdown = {};  // the gate runs later, on the writer; it needs only the ids
  out.gate.decide = [&ctx, &out, site = c.site, now = c.now, policy = std::move(*policy), content = std::move(content),
                     facts = std::move(facts), input](const store::PostingContext& stored,
                                                      store::PostingDecision& decision) mutable -> core::Status {
    if (refuses_writing(stored.author.restriction)) {
      out.refused_for = stored.author.restriction;
      return make_error(ErrorKind::kForbidden, "account_restricted", "your account may not comment now");
    }
    if (!story_open(stored.story, *site, now)) {
      return make_error(ErrorKind::kForbidden, "story_closed", "this discussion is closed");
    }
    if (stored.parent_status && !core::is_publicly_visible(*stored.parent_status)) {
      // Replies go only to comments readers can see.
      return make_error(ErrorKind::kNotFound, "parent_not_found", "the comment replied to does not exist");
    }
    add_record(facts, stored.author);
    input.story_premoderated = stored.story.premoderated;
    moderation::Verdict verdict = ctx.pipeline.decide(*policy, std::move(content), facts, input);
    if (verdict.record_auto_premoderation && !facts.premoderated_by_enforcement) {
      decision.author_restriction = automatic_premoderation(ctx, facts.author_id, site->id, now);
    }
    CheckedComment checked = checked_from(ctx, verdict, now);
    core::NewComment& comment = decision.comment;
    comment.status = checked.status;
    comment.status_reason = std::move(checked.status_reason);
    comment.reasons = std::move(checked.reasons);
    comment.automated = std::move(checked.outcome);
    return {};
  };
  return {};
}

}  // namespace townhall::api
