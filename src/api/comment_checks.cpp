// The automatic checks on a new or edited comment (moderation/pipeline.hpp),
// fed with what the store knows about the author, and what follows from
// them: the status the comment is stored with, the reasons kept for the
// moderator's card, and an automatic pre-moderation when the author's
// rejection rate calls for one.
#include <spdlog/spdlog.h>

#include "api/context.hpp"
#include "core/text.hpp"

namespace townhall::api {

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

// Records the pre-moderation the trust phase asked for, on the author's
// history, with a statement of reasons like any restriction.
void premoderate_automatically(Context& ctx, const core::User& author, const core::Site& site, core::Millis now) {
  core::NewEnforcement e;
  e.id = ctx.ids.next();
  e.user_id = author.id;
  e.site_id = site.id;
  e.action = core::EnforcementAction::kPremod;
  e.explanation =
      "Many of your recent comments were removed, so a moderator now reviews your comments before they "
      "appear.";
  e.automated = true;
  e.at = now;
  e.appeal_deadline = now + core::kAppealWindow;
  e.audit_id = ctx.ids.next();
  e.notification_id = ctx.ids.next();
  if (auto done = ctx.store.enforce(e); !done.ok()) {
    spdlog::error(R"("event":"auto_premoderation_failed","user":"{}","code":"{}")", core::id_to_string(author.id),
                  done.error().code);
  }
}

}  // namespace

core::Result<core::AuthorRecord> author_record(Context& ctx, const core::User& author, const core::Site& site,
                                               core::Millis now) {
  const core::Millis window_start = now - site.settings.rejection_window_days * core::kMillisPerDay;
  return ctx.store.author_record(author.id, site.id, now, window_start, site.settings.new_commenter_approvals);
}

core::Result<CheckedComment> check_comment(Context& ctx, const CommentToCheck& c) {
  auto policy = ctx.policies.get(c.site);
  if (!policy.ok()) return policy.error();
  const core::AuthorRecord& record = c.record;

  moderation::AuthorFacts facts;
  facts.author_id = c.author.id;
  facts.address = std::string(c.address);
  facts.account_created_at = c.author.created_at;
  facts.approved_comments = record.standing_comments;
  facts.decided_recently = record.decided_recently;
  facts.rejected_recently = record.rejected_recently;
  facts.premoderated_by_enforcement = record.restriction.status == core::StandingStatus::kPremoderated;
  facts.staff = is_staff(c.author);

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
  CheckedComment checked;
  checked.status = status_for(verdict.action);
  checked.status_reason = verdict.status_reason;
  checked.reasons = moderation::to_automated_reasons(verdict, c.now);
  if (verdict.action != moderation::Action::kPublish) {
    core::AutomatedOutcome outcome;
    outcome.audit_id = ctx.ids.next();
    outcome.notification_id = ctx.ids.next();
    outcome.appeal_deadline = c.now + core::kAppealWindow;
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

}  // namespace townhall::api
