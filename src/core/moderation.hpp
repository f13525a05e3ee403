// The moderation domain: rules, reports, illegal-content notices, decisions
// (the audit log), the enforcement ladder, statements of reasons and appeals.
//
// Plain structs like core/domain.hpp; docs/moderation.md explains the model
// to newsrooms and docs/api-moderation.md its HTTP shape.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"

namespace townhall::core {

// ---- Rules ----------------------------------------------------------------

// A community rule of a site. `id` is a stable slug cited everywhere
// (reports, decisions, enforcement, notices); `number` is its 1-based place
// in the list readers see. Removed rules are archived, never deleted, so old
// citations still resolve.
struct Rule {
  std::string site_id;
  std::string id;
  int number = 0;
  std::string title;
  std::string body_markdown;
  std::string body_html;
  bool archived = false;
};

// The rule that marks content as illegal; citing it needs a legal ground.
inline constexpr std::string_view kIllegalRuleId = "illegal";

// ---- Reports --------------------------------------------------------------

// kWithdrawn: the author deleted the comment before anyone decided.
enum class ReportOutcome { kOpen, kUpheld, kDismissed, kWithdrawn };

struct Report {
  Id id = 0;
  Id comment_id = 0;
  std::string site_id;
  Id reporter_id = 0;
  std::string reporter_name;
  std::string rule_id;
  std::string details;
  double weight = 1;  // from the reporter's track record when filed
  ReportOutcome outcome = ReportOutcome::kOpen;
  Millis created_at = 0;
  std::optional<Millis> resolved_at;
};

// A reporter's track record on one install: reports that moderators upheld
// (the comment was rejected) and dismissed (it was approved).
struct ReporterRecord {
  std::int64_t upheld = 0;
  std::int64_t dismissed = 0;
  std::int64_t open = 0;
};

struct NewReport {
  Id id = 0;
  Id comment_id = 0;
  Id reporter_id = 0;
  std::string rule_id;
  std::string details;
  double weight = 1;
  // Hide the comment (pending, reason "reported") once the open reports'
  // weights sum to at least this; the site's report_threshold.
  double hide_threshold = 3;
  Millis at = 0;
  // Ids for the records a hide creates (audit entry, author's notification).
  Id audit_id = 0;
  Id notification_id = 0;
};

struct ReportResult {
  Report report;
  Comment comment;      // after the report
  bool hidden = false;  // this report pushed the comment over the threshold
};

// ---- Illegal-content notices ----------------------------------------------

enum class NoticeStatus { kReceived, kActioned, kRejected };
std::string_view notice_status_name(NoticeStatus status);
std::optional<NoticeStatus> parse_notice_status(std::string_view name);

struct LegalNotice {
  Id id = 0;
  Id comment_id = 0;
  std::string site_id;
  std::string law;
  std::string details;
  std::string notifier_name;
  std::string notifier_email;
  std::optional<Id> notifier_id;  // when sent signed in
  std::string receipt_hash;       // SHA-256 of the receipt given to the notifier
  NoticeStatus status = NoticeStatus::kReceived;
  Millis received_at = 0;
  std::optional<Millis> decided_at;
  std::optional<Id> decided_by;
  std::string decision;  // the moderator's explanation
};

// ---- Audit log --------------------------------------------------------------

// One append-only entry: who (or what) did what, when, citing which rule,
// and the status before and after. Decisions on comments, enforcement,
// appeal resolutions, notice decisions and rule changes all land here.
struct AuditEntry {
  Id id = 0;
  std::string site_id;
  std::optional<Id> actor_id;  // nullopt when automation acted
  std::string actor_name;
  bool automated = false;
  std::string action;  // "approve", "reject", "hold", "warn", "appeal_reversed", ...
  std::optional<Id> comment_id;
  std::optional<Id> user_id;  // the person affected
  std::string rule_id;
  std::string explanation;
  std::string legal_ground;
  std::string status_before;
  std::string status_after;
  std::optional<Id> appeal_id;
  std::optional<Id> notice_id;
  std::optional<Id> enforcement_id;
  Millis at = 0;
};

// ---- Decisions on comments ------------------------------------------------

enum class DecisionAction { kApprove, kReject, kFeature, kUnfeature };

std::string_view decision_action_name(DecisionAction action);
std::optional<DecisionAction> parse_decision_action(std::string_view name);

struct CommentDecision {
  Id comment_id = 0;
  DecisionAction action = DecisionAction::kApprove;
  std::optional<Id> actor_id;  // nullopt: automation
  std::string rule_id;
  std::string explanation;
  std::string legal_ground;
  std::optional<Id> notice_id;  // when deciding on an illegal-content notice
  Millis at = 0;
  Millis appeal_deadline = 0;  // for the author's statement of reasons
  Id audit_id = 0;
  Id notification_id = 0;
};

struct DecisionResult {
  Comment comment;
  bool changed = false;             // false: nothing to do, nothing recorded
  std::optional<AuditEntry> entry;  // when changed
};

// ---- Enforcement ladder -----------------------------------------------------

enum class EnforcementAction { kWarn, kPremod, kSuspend, kBan, kLift };

std::string_view enforcement_action_name(EnforcementAction action);
std::optional<EnforcementAction> parse_enforcement_action(std::string_view name);

struct Enforcement {
  Id id = 0;
  Id user_id = 0;
  std::optional<std::string> site_id;  // nullopt: all sites (bans only)
  EnforcementAction action = EnforcementAction::kWarn;
  std::string rule_id;
  std::string explanation;
  bool automated = false;
  std::optional<Id> actor_id;
  std::string actor_name;
  Millis created_at = 0;
  std::optional<Millis> until;  // suspensions end; others last until lifted
  std::optional<Millis> lifted_at;
  std::optional<Id> notification_id;      // the statement of reasons sent
  std::optional<Millis> acknowledged_at;  // warnings
};

struct NewEnforcement {
  Id id = 0;
  Id user_id = 0;
  std::optional<std::string> site_id;  // nullopt: all sites
  EnforcementAction action = EnforcementAction::kWarn;
  std::string rule_id;
  std::string explanation;
  bool automated = false;
  std::optional<Id> actor_id;
  std::optional<Millis> until;
  bool reject_comments = false;  // bans: reject every visible comment in scope
  Millis at = 0;
  Millis appeal_deadline = 0;
  Id audit_id = 0;
  Id notification_id = 0;
  // Ids for the comments a ban rejects get derived from audit_id; see store.
};

// A comment a ban rejected, for live updates of its story.
struct RejectedComment {
  Id comment_id = 0;
  Id story_id = 0;
  std::string site_id;
  bool was_visible = false;
};

struct EnforcementResult {
  Enforcement enforcement;
  std::vector<RejectedComment> rejected;  // bans with reject_comments
  std::int64_t lifted = 0;                // for kLift: how many restrictions ended
};

// What a reader may do on a site right now, from their active enforcement.
enum class StandingStatus { kOk, kWarned, kPremoderated, kSuspended, kBanned };

std::string_view standing_name(StandingStatus status);

struct Standing {
  StandingStatus status = StandingStatus::kOk;
  std::optional<Millis> until;
  std::optional<Id> notification_id;
  std::string rule_id;
  std::string explanation;
  std::optional<Id> enforcement_id;
};

// ---- Notifications (statements of reasons) ----------------------------------

// How long a decision or restriction can be appealed: six months.
inline constexpr Millis kAppealWindow = 183 * kMillisPerDay;

struct Notification {
  Id id = 0;
  Id user_id = 0;
  std::string site_id;
  std::string kind;    // "comment_rejected", "account_suspended", ... (api-moderation.md)
  std::string action;  // "reject", "suspend", ...
  std::string scope;   // "comment", "site", "all_sites"
  std::optional<Millis> until;
  std::string rule_id;
  std::string explanation;
  std::string legal_ground;
  bool automated = false;
  std::optional<Id> comment_id;
  std::optional<Id> enforcement_id;
  std::optional<Id> audit_id;   // the decision this states the reasons for
  std::optional<Id> notice_id;  // legal notice (for notifiers)
  bool requires_acknowledgement = false;
  std::optional<Millis> acknowledged_at;
  std::optional<Millis> appeal_deadline;  // set when the decision can be appealed
  Millis created_at = 0;
  std::optional<Millis> read_at;
  // Filled when reading: the appeal lodged against it, if any.
  std::optional<Id> appeal_id;
  std::string appeal_status;
};

// ---- Appeals ----------------------------------------------------------------

enum class AppealStatus { kOpen, kUpheld, kReversed };

std::string_view appeal_status_name(AppealStatus status);
std::optional<AppealStatus> parse_appeal_status(std::string_view name);

struct Appeal {
  Id id = 0;
  Id notification_id = 0;
  Id user_id = 0;
  std::string user_name;
  std::string site_id;
  std::string text;
  AppealStatus status = AppealStatus::kOpen;
  std::optional<Id> decided_by;  // the moderator whose decision is appealed
  std::string decided_by_name;
  std::optional<Id> resolver_id;
  std::string resolution;
  Millis created_at = 0;
  std::optional<Millis> resolved_at;
};

struct NewAppeal {
  Id id = 0;
  Id notification_id = 0;
  Id user_id = 0;
  std::string text;
  Millis at = 0;
};

struct AppealResolution {
  Id appeal_id = 0;
  Id resolver_id = 0;
  bool reverse = false;
  std::string explanation;
  Millis at = 0;
  Id audit_id = 0;
  Id notification_id = 0;            // tells the appellant
  Id moderator_notification_id = 0;  // tells the moderator whose decision it was
};

// ---- Queues -----------------------------------------------------------------

enum class Queue { kPending, kReported, kUnmoderated, kApproved, kRejected, kAppeals, kNotices };

std::string_view queue_name(Queue queue);
std::optional<Queue> parse_queue(std::string_view name);

struct QueueQuery {
  Queue queue = Queue::kPending;
  std::string site_id;
  std::optional<Id> story_id;
  bool oldest_first = false;
  int limit = 25;
  std::optional<Id> after;  // the last id of the previous page
};

// One comment in a queue with why it is there.
struct QueueComment {
  Comment comment;
  std::vector<Report> reports;  // open reports, oldest first
  std::optional<Comment> parent;
  // What held or flagged it: automatic checks and report holds, oldest first.
  std::vector<AutomatedReason> reasons;
};

struct QueueItem {
  std::optional<QueueComment> comment;  // comment queues; also notices/appeals about a comment
  std::optional<Appeal> appeal;
  std::optional<Notification> notification;  // the decision an appeal is against
  std::optional<LegalNotice> notice;
};

struct QueuePage {
  std::vector<QueueItem> items;
  std::optional<Id> next;
};

struct QueueCounts {
  std::int64_t pending = 0;
  std::int64_t reported = 0;
  std::int64_t unmoderated = 0;
  std::int64_t approved = 0;
  std::int64_t rejected = 0;
  std::int64_t appeals = 0;
  std::int64_t notices = 0;
};

// ---- Moderator insight ------------------------------------------------------

struct ModeratorNote {
  Id id = 0;
  Id user_id = 0;
  std::string site_id;
  Id author_id = 0;
  std::string author_name;
  std::string body;
  Millis created_at = 0;
};

struct UserHistory {
  User user;
  std::int64_t comments = 0;
  std::int64_t rejected = 0;
  ReporterRecord reports;
  std::vector<Enforcement> enforcements;  // newest first, in scope
  std::vector<ModeratorNote> notes;       // newest first
  std::vector<Comment> recent_comments;   // newest first
};

struct AuditQuery {
  std::string site_id;
  std::optional<Id> comment_id;
  std::optional<Id> user_id;
  int limit = 50;
  std::optional<Id> before;  // newest first: ids below this
};

// ---- Automatic checks -------------------------------------------------------

enum class WordListKind { kBanned, kSuspect };

std::string_view word_list_kind_name(WordListKind kind);
std::optional<WordListKind> parse_word_list_kind(std::string_view name);

// What the trust and links checks need to know about a comment's author on
// a site, read just before the checks run. The read must stay cheap for a
// prolific author, so it counts only what the checks ask: standing comments
// up to the number that makes a reader trusted, and the author's latest
// kAuthorRecordCap decided comments in the window.
inline constexpr int kAuthorRecordCap = 100;

struct AuthorRecord {
  std::int64_t approved = 0;           // comments a moderator approved (counted up to the limit asked)
  std::int64_t standing_comments = 0;  // approved, or published and left standing (ditto)
  Standing restriction;                // the author's active restriction on the site now
  std::int64_t decided_recently = 0;   // approved or rejected, created since the window start
  std::int64_t rejected_recently = 0;
};

// ---- Transparency -----------------------------------------------------------

struct TransparencyReport {
  std::string site_id;
  Millis from = 0;
  Millis to = 0;
  std::vector<std::pair<std::string, std::int64_t>> decisions_by_action;
  std::vector<std::pair<std::string, std::int64_t>> decisions_by_rule;
  std::int64_t decisions_automated = 0;
  std::int64_t decisions_human = 0;
  std::int64_t reports_received = 0;
  std::int64_t reports_upheld = 0;
  std::int64_t reports_dismissed = 0;
  std::int64_t notices_received = 0;
  std::int64_t notices_actioned = 0;
  std::int64_t notices_rejected = 0;
  std::int64_t notices_open = 0;
  std::optional<std::int64_t> median_millis_report_to_decision;
  std::int64_t appeals_received = 0;
  std::int64_t appeals_upheld = 0;
  std::int64_t appeals_reversed = 0;
  std::int64_t appeals_open = 0;
  std::vector<std::pair<std::string, std::int64_t>> enforcement_by_action;
};

}  // namespace townhall::core
