// ModerationStore: what moderation keeps — rules, reports, notices, the
// audit log, enforcement, notifications, appeals — in domain terms.
//
// Part of the Store (store.hpp inherits it); split out so each header stays
// about one thing. The same contracts hold: thread-safe, durable on ok,
// never throws, NotFound / Conflict / Unprocessable as documented below.
//
// Every mutating method here is ONE transaction: a decision changes the
// comment, resolves its reports, moves the reporters' track records, appends
// the audit entry and sends the statement of reasons together or not at all.
// Callers pass the ids of the records a method may create (ids are made by
// the caller's IdGenerator, as elsewhere in the store) and the time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/moderation.hpp"
#include "core/result.hpp"

namespace townhall::store {

struct NoticeDecision {
  core::Id notice_id = 0;
  core::Id actor_id = 0;
  bool remove = false;  // true: reject the comment citing the "illegal" rule
  std::string explanation;
  std::string legal_ground;
  core::Millis at = 0;
  core::Millis appeal_deadline = 0;
  core::Id audit_id = 0;                  // the notice decision's entry
  core::Id comment_audit_id = 0;          // the rejection's entry (remove)
  core::Id notification_id = 0;           // the comment author's statement (remove)
  core::Id notifier_notification_id = 0;  // a signed-in notifier is told
};

class ModerationStore {
 public:
  virtual ~ModerationStore() = default;

  // ---- Rules ----
  // In order (number 1 first); archived rules after, when asked for.
  virtual core::Result<std::vector<core::Rule>> list_rules(std::string_view site_id, bool include_archived) = 0;
  // Makes `rules` (ids unique, number ignored) the site's live list in this
  // order; live rules left out are archived. Appends a "rules_changed" audit
  // entry when actor_id is set. NotFound ("site_not_found").
  virtual core::Result<std::vector<core::Rule>> replace_rules(std::string_view site_id,
                                                              const std::vector<core::Rule>& rules,
                                                              std::optional<core::Id> actor_id, core::Id audit_id,
                                                              core::Millis at) = 0;

  // ---- Reports ----
  virtual core::Result<core::ReporterRecord> reporter_record(core::Id user_id) = 0;
  // Files a report and adds its weight to the comment's open reports; when
  // they reach report.hide_threshold and the comment is visible, holds it
  // (pending, reason "reported"), appends a "hold" audit entry and tells the
  // author ("comment_held"). NotFound ("comment_not_found"); Conflict
  // ("already_reported"); Unprocessable ("unknown_rule") for a rule the site
  // does not have (archived rules are refused too).
  virtual core::Result<core::ReportResult> create_report(const core::NewReport& report) = 0;

  // ---- Illegal-content notices ----
  // NotFound ("comment_not_found").
  virtual core::Result<core::LegalNotice> create_legal_notice(const core::LegalNotice& notice) = 0;
  virtual core::Result<core::LegalNotice> get_legal_notice(core::Id notice_id) = 0;
  // Closes an open notice (Conflict "notice_decided" otherwise); `remove`
  // also rejects the comment as decide_comment would.
  virtual core::Result<core::LegalNotice> decide_legal_notice(const NoticeDecision& decision) = 0;

  // ---- Decisions ----
  // Applies a moderator's (or automation's) decision. A decision that would
  // change nothing returns changed = false and records nothing. Conflict
  // ("comment_deleted") for a comment its author deleted; Unprocessable
  // ("unknown_rule") for a rule the site does not have.
  virtual core::Result<core::DecisionResult> decide_comment(const core::CommentDecision& decision) = 0;

  // ---- Queues ----
  virtual core::Result<core::QueuePage> read_queue(const core::QueueQuery& query) = 0;
  // Counts of every queue for a site, or for one story of it.
  virtual core::Result<core::QueueCounts> queue_counts(std::string_view site_id, std::optional<core::Id> story_id) = 0;

  // ---- Enforcement ----
  // Applies a step of the ladder (or lifts every active restriction of the
  // user on the site for kLift: Unprocessable "nothing_to_lift" if none),
  // with its audit entry and the statement of reasons to the user.
  virtual core::Result<core::EnforcementResult> enforce(const core::NewEnforcement& enforcement) = 0;
  // The strictest active restriction of the user on the site at `now`
  // (ban > suspension > unacknowledged warning > pre-moderation).
  virtual core::Result<core::Standing> standing(core::Id user_id, std::string_view site_id, core::Millis now) = 0;

  // ---- Notifications ----
  // Newest first; `before` pages. Each carries its appeal, if any.
  virtual core::Result<std::vector<core::Notification>> notifications(core::Id user_id, int limit,
                                                                      std::optional<core::Id> before) = 0;
  virtual core::Result<core::Notification> get_notification(core::Id notification_id) = 0;
  virtual core::Result<std::int64_t> unread_notifications(core::Id user_id) = 0;
  virtual core::Status mark_notifications_read(core::Id user_id, core::Millis at) = 0;
  // Acknowledges a warning: NotFound ("notification_not_found", also when it
  // is another user's); Unprocessable ("nothing_to_acknowledge").
  virtual core::Result<core::Notification> acknowledge_notification(core::Id user_id, core::Id notification_id,
                                                                    core::Millis at) = 0;
  virtual core::Status add_notification(const core::Notification& notification) = 0;

  // ---- Appeals ----
  // NotFound ("notice_not_found" when the notification is unknown or not the
  // user's); Unprocessable ("not_appealable", "appeal_window_closed");
  // Conflict ("already_appealed").
  virtual core::Result<core::Appeal> create_appeal(const core::NewAppeal& appeal) = 0;
  virtual core::Result<core::Appeal> get_appeal(core::Id appeal_id) = 0;
  // Forbidden ("own_decision") when the resolver made the appealed
  // decision; Conflict ("appeal_resolved"). A reversal restores the comment
  // (approved) or lifts the restriction; the appellant is told.
  virtual core::Result<core::Appeal> resolve_appeal(const core::AppealResolution& resolution) = 0;

  // ---- Moderator insight ----
  // Comments, stats and notes limited to `site_id` when given.
  virtual core::Result<core::UserHistory> user_history(core::Id user_id, std::optional<std::string> site_id,
                                                       int recent_comments) = 0;
  virtual core::Result<core::ModeratorNote> add_note(const core::ModeratorNote& note) = 0;
  virtual core::Result<std::vector<core::AuditEntry>> read_audit(const core::AuditQuery& query) = 0;
  virtual core::Result<core::TransparencyReport> transparency(std::string_view site_id, core::Millis from,
                                                              core::Millis to) = 0;

  // ---- Automatic checks ----
  // The site's list in the admin's text form (moderation/word_list.hpp
  // syntax); empty when never set.
  virtual core::Result<std::string> word_list(std::string_view site_id, core::WordListKind kind) = 0;
  // Replaces it and appends a "word_list_changed" audit entry.
  virtual core::Status set_word_list(std::string_view site_id, core::WordListKind kind, std::string_view text,
                                     core::Id actor_id, core::Id audit_id, core::Millis at) = 0;
  // The site's trained spam model (moderation/spam_classifier.hpp bytes), or
  // nullopt before the first save.
  virtual core::Result<std::optional<std::string>> spam_model(std::string_view site_id) = 0;
  virtual core::Status save_spam_model(std::string_view site_id, std::string_view bytes, core::Millis at) = 0;
  // The author's record on the site at `now`, in one read: their active
  // restriction (as standing() answers) and their comments' record, where
  // "recently" means created at or after `since`. Standing comments are
  // counted up to `enough_standing` (the checks only ask whether a reader
  // has that many).
  virtual core::Result<core::AuthorRecord> author_record(core::Id author_id, std::string_view site_id, core::Millis now,
                                                         core::Millis since, std::int64_t enough_standing) = 0;

  // ---- Moderators' sites ----
  // Empty: every site.
  virtual core::Status set_moderated_sites(core::Id user_id, const std::vector<std::string>& site_ids) = 0;
};

}  // namespace townhall::store
