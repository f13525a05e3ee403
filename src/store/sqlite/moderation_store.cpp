// The ModerationStore half of SqliteStore: rules, reports, notices,
// decisions, queues, enforcement, notifications, appeals, the audit log and
// the transparency figures. Each mutating method is one writer transaction.
#include <algorithm>
#include <cstdio>
#include <utility>

#include "store/sqlite/comment_sql.hpp"
#include "store/sqlite/store_internal.hpp"

namespace townhall::store {

using core::AuditEntry;
using core::Comment;
using core::CommentStatus;
using core::ErrorKind;
using core::Notification;
using sqlite::Blob;
using sqlite::comment_from_row;
using sqlite::Connection;
using sqlite::ReadTransaction;
using sqlite::Statement;
using namespace sqlite::rows;  // NOLINT(google-build-using-namespace): the row helpers

namespace {

constexpr int kMaxQueuePage = 100;
constexpr int kMaxAuditPage = 200;
constexpr int kMaxNotificationsPage = 100;
// Reasons shown on a card: the latest findings are the relevant ones.
constexpr int kMaxReasonsPerComment = 20;

// Calls fn(row) for every row; stops at the first error.
template <typename F>
core::Status each_row(Statement& stmt, F&& fn) {
  for (;;) {
    auto row = stmt.step();
    if (!row.ok()) return row.error();
    if (!*row) return {};
    fn(stmt);
  }
}

// Runs a statement expected to return one integer (COUNT, MAX...).
core::Result<std::int64_t> scalar(Statement& stmt) {
  auto row = stmt.step();
  if (!row.ok()) return row.error();
  return *row ? stmt.int64(0) : 0;
}

// The row `sql` selects with ?1 = id, mapped by `from_row`; NotFound with
// `code` when there is none.
template <typename FromRow>
auto load_one(Connection& db, const std::string& sql, core::Id id, FromRow from_row, const char* code)
    -> core::Result<decltype(from_row(std::declval<const Statement&>()))> {
  auto stmt = db.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->bind(id).step();
  if (!row.ok()) return row.error();
  if (!*row) return not_found(code, "no such record");
  return from_row(*stmt);
}

// ---- Rules ------------------------------------------------------------------

constexpr char kRuleColumns[] = "site_id, id, position, title, body_markdown, body_html";

core::Rule rule_from_row(const Statement& row) {
  core::Rule rule;
  rule.site_id = row.text(0);
  rule.id = row.text(1);
  rule.archived = row.is_null(2);
  rule.number = rule.archived ? 0 : row.integer(2);
  rule.title = row.text(3);
  rule.body_markdown = row.text(4);
  rule.body_html = row.text(5);
  return rule;
}

core::Result<std::vector<core::Rule>> load_rules(Connection& db, std::string_view site_id, bool include_archived) {
  auto stmt = db.prepare(std::string("SELECT ") + kRuleColumns +
                         " FROM rules WHERE site_id = ?1 ORDER BY position IS NULL, position, id");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(site_id);
  std::vector<core::Rule> rules;
  auto s = each_row(*stmt, [&](const Statement& row) {
    core::Rule rule = rule_from_row(row);
    if (include_archived || !rule.archived) rules.push_back(std::move(rule));
  });
  if (!s.ok()) return s.error();
  return rules;
}

// Whether the site has this rule among its live (not archived) rules.
core::Status require_live_rule(Connection& db, std::string_view site_id, std::string_view rule_id) {
  auto stmt = db.prepare("SELECT 1 FROM rules WHERE site_id = ?1 AND id = ?2 AND position IS NOT NULL");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->bind(site_id, rule_id).step();
  if (!row.ok()) return row.error();
  if (!*row) return unprocessable("unknown_rule", "the site has no such rule");
  return {};
}

// ---- Audit log ----------------------------------------------------------------

constexpr char kAuditColumns[] =
    "a.id, a.site_id, a.actor_id, COALESCE(u.name, ''), a.automated, a.action, a.comment_id, a.user_id, a.rule_id, "
    "a.explanation, a.legal_ground, a.status_before, a.status_after, a.appeal_id, a.notice_id, a.enforcement_id, a.at";

AuditEntry audit_from_row(const Statement& row) {
  AuditEntry e;
  e.id = row.id(0);
  e.site_id = row.text(1);
  e.actor_id = row.optional_id(2);
  e.actor_name = row.text(3);
  e.automated = row.int64(4) != 0;
  e.action = row.text(5);
  e.comment_id = row.optional_id(6);
  e.user_id = row.optional_id(7);
  e.rule_id = row.text(8);
  e.explanation = row.text(9);
  e.legal_ground = row.text(10);
  e.status_before = row.text(11);
  e.status_after = row.text(12);
  e.appeal_id = row.optional_id(13);
  e.notice_id = row.optional_id(14);
  e.enforcement_id = row.optional_id(15);
  e.at = row.int64(16);
  return e;
}

// ---- Notifications ------------------------------------------------------------

constexpr char kNotificationSelect[] =
    "SELECT n.id, n.user_id, n.site_id, n.kind, n.action, n.scope, n.until, n.rule_id, n.explanation, "
    "n.legal_ground, n.automated, n.comment_id, n.enforcement_id, n.audit_id, n.notice_id, "
    "n.requires_acknowledgement, n.acknowledged_at, n.appeal_deadline, n.created_at, n.read_at, a.id, a.status "
    "FROM notifications n LEFT JOIN appeals a ON a.notification_id = n.id ";

Notification notification_from_row(const Statement& row) {
  Notification n;
  n.id = row.id(0);
  n.user_id = row.id(1);
  n.site_id = row.text(2);
  n.kind = row.text(3);
  n.action = row.text(4);
  n.scope = row.text(5);
  n.until = row.optional_int64(6);
  n.rule_id = row.text(7);
  n.explanation = row.text(8);
  n.legal_ground = row.text(9);
  n.automated = row.int64(10) != 0;
  n.comment_id = row.optional_id(11);
  n.enforcement_id = row.optional_id(12);
  n.audit_id = row.optional_id(13);
  n.notice_id = row.optional_id(14);
  n.requires_acknowledgement = row.int64(15) != 0;
  n.acknowledged_at = row.optional_int64(16);
  n.appeal_deadline = row.optional_int64(17);
  n.created_at = row.int64(18);
  n.read_at = row.optional_int64(19);
  n.appeal_id = row.optional_id(20);
  if (!row.is_null(21)) n.appeal_status = row.text(21);
  return n;
}

core::Result<Notification> load_notification(Connection& db, core::Id id) {
  return load_one(db, std::string(kNotificationSelect) + "WHERE n.id = ?1", id, notification_from_row,
                  "notification_not_found");
}

// ---- Reports ------------------------------------------------------------------

constexpr char kReportSelect[] =
    "SELECT r.id, r.comment_id, r.site_id, r.reporter_id, COALESCE(u.name, ''), r.rule_id, r.details, r.weight, "
    "r.outcome, r.created_at, r.resolved_at FROM reports r LEFT JOIN users u ON u.id = r.reporter_id ";

core::Report report_from_row(const Statement& row) {
  core::Report r;
  r.id = row.id(0);
  r.comment_id = row.id(1);
  r.site_id = row.text(2);
  r.reporter_id = row.id(3);
  r.reporter_name = row.text(4);
  r.rule_id = row.text(5);
  r.details = row.text(6);
  r.weight = row.real(7);
  const std::string outcome = row.text(8);
  r.outcome = outcome == "upheld"      ? core::ReportOutcome::kUpheld
              : outcome == "dismissed" ? core::ReportOutcome::kDismissed
              : outcome == "withdrawn" ? core::ReportOutcome::kWithdrawn
                                       : core::ReportOutcome::kOpen;
  r.created_at = row.int64(9);
  r.resolved_at = row.optional_int64(10);
  return r;
}

// Closes the comment's open reports as upheld or dismissed and moves each
// reporter's track record accordingly.
core::Status resolve_reports(Connection& db, core::Id comment_id, bool upheld, core::Millis at) {
  auto reporters =
      db.prepare(std::string("UPDATE users SET ") +
                 (upheld ? "reports_upheld = reports_upheld + 1" : "reports_dismissed = reports_dismissed + 1") +
                 " WHERE id IN (SELECT reporter_id FROM reports WHERE comment_id = ?1 AND outcome = 'open')");
  if (!reporters.ok()) return reporters.error();
  if (auto s = reporters->bind(comment_id).exec(); !s.ok()) return s;
  auto reports =
      db.prepare("UPDATE reports SET outcome = ?2, resolved_at = ?3 WHERE comment_id = ?1 AND outcome = 'open'");
  if (!reports.ok()) return reports.error();
  if (auto s = reports->bind(comment_id, upheld ? "upheld" : "dismissed", at).exec(); !s.ok()) return s;
  auto comment =
      db.prepare("UPDATE comments SET open_reports = 0, report_weight = 0 WHERE id = ?1 AND open_reports > 0");
  if (!comment.ok()) return comment.error();
  return comment->bind(comment_id).exec();
}

// ---- Decisions ----------------------------------------------------------------

// A rejected comment's author may appeal; the statement says so.
Notification comment_notification(const core::CommentDecision& d, const Comment& c, std::string kind) {
  Notification n;
  n.id = d.notification_id;
  n.user_id = c.author_id;
  n.site_id = c.site_id;
  n.kind = std::move(kind);
  n.action = std::string(core::decision_action_name(d.action));
  n.scope = "comment";
  n.rule_id = d.rule_id;
  n.explanation = d.explanation;
  n.legal_ground = d.legal_ground;
  n.automated = !d.actor_id.has_value();
  n.comment_id = c.id;
  n.audit_id = d.audit_id;
  n.notice_id = d.notice_id;
  n.created_at = d.at;
  return n;
}

core::Result<core::DecisionResult> apply_decision(Connection& db, const core::CommentDecision& d) {
  auto loaded = load_comment(db, d.comment_id);
  if (!loaded.ok()) return loaded.error();
  const Comment before = std::move(*loaded);
  if (before.status == CommentStatus::kDeleted) {
    return core::make_error(ErrorKind::kConflict, "comment_deleted", "its author deleted this comment");
  }
  if (!d.rule_id.empty()) {
    if (auto s = require_live_rule(db, before.site_id, d.rule_id); !s.ok()) return s.error();
  }
  const CommentState state = state_of(before);

  const bool visible = core::is_publicly_visible(before.status);
  std::optional<CommentStatus> to;  // a status change, if any
  bool changed = false;
  using core::DecisionAction;
  switch (d.action) {
    case DecisionAction::kApprove:
      changed = before.status != CommentStatus::kApproved || before.open_reports > 0;
      if (before.status != CommentStatus::kApproved) to = CommentStatus::kApproved;
      break;
    case DecisionAction::kReject:
      changed = before.status != CommentStatus::kRejected || before.open_reports > 0;
      if (before.status != CommentStatus::kRejected) to = CommentStatus::kRejected;
      break;
    case DecisionAction::kFeature:
      if (!visible && before.status != CommentStatus::kPending) {
        return unprocessable("not_visible", "only a visible or pending comment can be featured");
      }
      changed = !before.featured;
      // Featuring is a moderator's approval too.
      if (changed && before.status != CommentStatus::kApproved) to = CommentStatus::kApproved;
      break;
    case DecisionAction::kUnfeature: changed = before.featured; break;
  }
  if (!changed) return core::DecisionResult{before, false, std::nullopt};

  const std::string reason = d.action == DecisionAction::kReject ? "rule" : "";
  if (to) {
    if (auto s = change_comment_status(db, d.comment_id, state, *to, d.actor_id, reason, d.at); !s.ok()) {
      return s.error();
    }
  }
  if (d.action == DecisionAction::kApprove || d.action == DecisionAction::kReject) {
    if (auto s = resolve_reports(db, d.comment_id, d.action == DecisionAction::kReject, d.at); !s.ok()) {
      return s.error();
    }
  }
  if (d.action == DecisionAction::kFeature || d.action == DecisionAction::kUnfeature ||
      (d.action == DecisionAction::kReject && before.featured)) {
    auto feature = db.prepare("UPDATE comments SET featured_at = ?2 WHERE id = ?1");
    if (!feature.ok()) return feature.error();
    std::optional<core::Millis> featured_at;
    if (d.action == DecisionAction::kFeature) featured_at = d.at;
    if (auto s = feature->bind(d.comment_id, featured_at).exec(); !s.ok()) return s.error();
  }

  AuditEntry entry;
  entry.id = d.audit_id;
  entry.site_id = before.site_id;
  entry.actor_id = d.actor_id;
  entry.automated = !d.actor_id.has_value();
  entry.action = std::string(core::decision_action_name(d.action));
  entry.comment_id = d.comment_id;
  entry.user_id = before.author_id;
  entry.rule_id = d.rule_id;
  entry.explanation = d.explanation;
  entry.legal_ground = d.legal_ground;
  entry.status_before = std::string(core::status_name(before.status));
  entry.status_after = std::string(core::status_name(to.value_or(before.status)));
  entry.notice_id = d.notice_id;
  entry.at = d.at;
  if (auto s = append_audit(db, entry); !s.ok()) return s.error();

  // The author is told of a removal (with the way to appeal) and of a
  // restoration; approving an unreviewed comment needs no statement.
  if (d.action == DecisionAction::kReject) {
    Notification n = comment_notification(d, before, "comment_rejected");
    n.appeal_deadline = d.appeal_deadline;
    if (auto s = insert_notification(db, n); !s.ok()) return s.error();
  } else if (d.action == DecisionAction::kApprove && before.status == CommentStatus::kRejected) {
    if (auto s = insert_notification(db, comment_notification(d, before, "comment_restored")); !s.ok()) {
      return s.error();
    }
  }

  auto after = load_comment(db, d.comment_id);
  if (!after.ok()) return after.error();
  return core::DecisionResult{std::move(*after), true, std::move(entry)};
}

// ---- Legal notices ------------------------------------------------------------

constexpr char kNoticeColumns[] =
    "id, comment_id, site_id, law, details, notifier_name, notifier_email, notifier_id, receipt_hash, status, "
    "received_at, decided_at, decided_by, decision";

core::LegalNotice notice_from_row(const Statement& row) {
  core::LegalNotice n;
  n.id = row.id(0);
  n.comment_id = row.id(1);
  n.site_id = row.text(2);
  n.law = row.text(3);
  n.details = row.text(4);
  n.notifier_name = row.text(5);
  n.notifier_email = row.text(6);
  n.notifier_id = row.optional_id(7);
  n.receipt_hash = row.blob(8);
  n.status = core::parse_notice_status(row.text(9)).value_or(core::NoticeStatus::kReceived);
  n.received_at = row.int64(10);
  n.decided_at = row.optional_int64(11);
  n.decided_by = row.optional_id(12);
  n.decision = row.text(13);
  return n;
}

core::Result<core::LegalNotice> load_notice(Connection& db, core::Id id) {
  return load_one(db, std::string("SELECT ") + kNoticeColumns + " FROM legal_notices WHERE id = ?1", id,
                  notice_from_row, "notice_not_found");
}

// ---- Enforcement --------------------------------------------------------------

constexpr char kEnforcementSelect[] =
    "SELECT e.id, e.user_id, e.site_id, e.action, e.rule_id, e.explanation, e.automated, e.actor_id, "
    "COALESCE(u.name, ''), e.created_at, e.until, e.lifted_at, e.notification_id, e.acknowledged_at "
    "FROM enforcements e LEFT JOIN users u ON u.id = e.actor_id ";

core::Enforcement enforcement_from_row(const Statement& row) {
  core::Enforcement e;
  e.id = row.id(0);
  e.user_id = row.id(1);
  if (!row.is_null(2)) e.site_id = row.text(2);
  e.action = core::parse_enforcement_action(row.text(3)).value_or(core::EnforcementAction::kWarn);
  e.rule_id = row.text(4);
  e.explanation = row.text(5);
  e.automated = row.int64(6) != 0;
  e.actor_id = row.optional_id(7);
  e.actor_name = row.text(8);
  e.created_at = row.int64(9);
  e.until = row.optional_int64(10);
  e.lifted_at = row.optional_int64(11);
  e.notification_id = row.optional_id(12);
  e.acknowledged_at = row.optional_int64(13);
  return e;
}

std::string enforcement_kind(core::EnforcementAction action) {
  switch (action) {
    case core::EnforcementAction::kWarn: return "account_warned";
    case core::EnforcementAction::kPremod: return "account_premoderated";
    case core::EnforcementAction::kSuspend: return "account_suspended";
    case core::EnforcementAction::kBan: return "account_banned";
    case core::EnforcementAction::kLift: return "restriction_lifted";
  }
  return "restriction_lifted";
}

// Active at `now`: not lifted, not expired.
constexpr char kActive[] = "e.lifted_at IS NULL AND (e.until IS NULL OR e.until > ?3)";

core::Result<std::vector<core::Enforcement>> active_enforcements(Connection& db, core::Id user_id,
                                                                 std::string_view site_id, core::Millis now) {
  // Built once: every comment posted runs this.
  static const std::string sql = std::string(kEnforcementSelect) +
                                 "WHERE e.user_id = ?1 AND (e.site_id = ?2 OR e.site_id IS NULL) AND " + kActive +
                                 " ORDER BY e.id DESC";
  auto stmt = db.prepare(sql);
  if (!stmt.ok()) return stmt.error();
  stmt->bind(user_id, site_id, now);
  std::vector<core::Enforcement> out;
  auto s = each_row(*stmt, [&](const Statement& row) { out.push_back(enforcement_from_row(row)); });
  if (!s.ok()) return s.error();
  return out;
}

core::Standing standing_from(const std::vector<core::Enforcement>& active) {
  // Strictest first: a ban outranks a suspension, which outranks an
  // unacknowledged warning, which outranks pre-moderation.
  auto rank = [](const core::Enforcement& e) {
    switch (e.action) {
      case core::EnforcementAction::kBan: return 4;
      case core::EnforcementAction::kSuspend: return 3;
      case core::EnforcementAction::kWarn: return e.acknowledged_at ? 0 : 2;
      case core::EnforcementAction::kPremod: return 1;
      case core::EnforcementAction::kLift: return 0;
    }
    return 0;
  };
  const core::Enforcement* strictest = nullptr;
  for (const auto& e : active) {
    if (rank(e) > 0 && (strictest == nullptr || rank(e) > rank(*strictest))) strictest = &e;
  }
  core::Standing standing;
  if (strictest == nullptr) return standing;
  switch (strictest->action) {
    case core::EnforcementAction::kBan: standing.status = core::StandingStatus::kBanned; break;
    case core::EnforcementAction::kSuspend: standing.status = core::StandingStatus::kSuspended; break;
    case core::EnforcementAction::kWarn: standing.status = core::StandingStatus::kWarned; break;
    default: standing.status = core::StandingStatus::kPremoderated; break;
  }
  standing.until = strictest->until;
  standing.notification_id = strictest->notification_id;
  standing.rule_id = strictest->rule_id;
  standing.explanation = strictest->explanation;
  standing.enforcement_id = strictest->id;
  return standing;
}

// ---- Appeals ------------------------------------------------------------------

constexpr char kAppealSelect[] =
    "SELECT a.id, a.notification_id, a.user_id, COALESCE(u.name, ''), a.site_id, a.text, a.status, a.decided_by, "
    "COALESCE(d.name, ''), a.resolver_id, a.resolution, a.created_at, a.resolved_at FROM appeals a "
    "LEFT JOIN users u ON u.id = a.user_id LEFT JOIN users d ON d.id = a.decided_by ";

core::Appeal appeal_from_row(const Statement& row) {
  core::Appeal a;
  a.id = row.id(0);
  a.notification_id = row.id(1);
  a.user_id = row.id(2);
  a.user_name = row.text(3);
  a.site_id = row.text(4);
  a.text = row.text(5);
  a.status = core::parse_appeal_status(row.text(6)).value_or(core::AppealStatus::kOpen);
  a.decided_by = row.optional_id(7);
  a.decided_by_name = row.text(8);
  a.resolver_id = row.optional_id(9);
  a.resolution = row.text(10);
  a.created_at = row.int64(11);
  a.resolved_at = row.optional_int64(12);
  return a;
}

core::Result<core::Appeal> load_appeal(Connection& db, core::Id id) {
  return load_one(db, std::string(kAppealSelect) + "WHERE a.id = ?1", id, appeal_from_row, "appeal_not_found");
}

// ---- Queues -------------------------------------------------------------------

core::Result<std::vector<core::Report>> open_reports(Connection& db, core::Id comment_id) {
  auto stmt = db.prepare(std::string(kReportSelect) + "WHERE r.comment_id = ?1 AND r.outcome = 'open' ORDER BY r.id");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(comment_id);
  std::vector<core::Report> out;
  auto s = each_row(*stmt, [&](const Statement& row) { out.push_back(report_from_row(row)); });
  if (!s.ok()) return s.error();
  return out;
}

core::Result<std::vector<core::AutomatedReason>> comment_reasons(Connection& db, core::Id comment_id) {
  auto stmt = db.prepare(
      "SELECT phase, code, action, message, evidence_json, at FROM (SELECT * FROM comment_reasons "
      "WHERE comment_id = ?1 ORDER BY id DESC LIMIT ?2) ORDER BY id");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(comment_id, kMaxReasonsPerComment);
  std::vector<core::AutomatedReason> out;
  auto s = each_row(*stmt, [&](const Statement& row) {
    out.push_back(core::AutomatedReason{row.text(0), row.text(1), row.text(2), row.text(3), row.text(4), row.int64(5)});
  });
  if (!s.ok()) return s.error();
  return out;
}

// A comment with everything its card shows.
core::Result<core::QueueComment> queue_comment(Connection& db, Comment comment) {
  core::QueueComment item;
  auto reports = open_reports(db, comment.id);
  if (!reports.ok()) return reports.error();
  item.reports = std::move(*reports);
  auto reasons = comment_reasons(db, comment.id);
  if (!reasons.ok()) return reasons.error();
  item.reasons = std::move(*reasons);
  if (comment.parent_id) {
    auto parent = load_comment(db, *comment.parent_id);
    if (parent.ok()) item.parent = std::move(*parent);
  }
  item.comment = std::move(comment);
  return item;
}

// The WHERE terms of a comment queue; ?1 is the site (or story) id.
std::string comment_queue_filter(core::Queue queue, bool by_story) {
  const std::string scope = by_story ? "c.story_id = ?1" : "c.site_id = ?1";
  switch (queue) {
    case core::Queue::kPending: return scope + " AND c.status = 'pending'";
    case core::Queue::kUnmoderated: return scope + " AND c.status = 'published'";
    case core::Queue::kApproved: return scope + " AND c.status = 'approved'";
    case core::Queue::kRejected: return scope + " AND c.status = 'rejected'";
    // The partial index comments_reported is (site_id, id) WHERE open_reports > 0.
    case core::Queue::kReported: return scope + " AND c.open_reports > 0";
    default: return scope;
  }
}

std::string page_terms(const core::QueueQuery& q, std::string_view id_column) {
  std::string sql;
  if (q.after) sql += std::string(" AND ") + std::string(id_column) + (q.oldest_first ? " > ?2" : " < ?2");
  sql += std::string(" ORDER BY ") + std::string(id_column) + (q.oldest_first ? " ASC" : " DESC") + " LIMIT ?3";
  return sql;
}

}  // namespace

namespace sqlite::rows {

core::Result<core::AuthorRecord> load_author_record(Connection& db, core::Id author_id, std::string_view site_id,
                                                    core::Millis now, core::Millis since,
                                                    std::int64_t enough_standing) {
  core::AuthorRecord record;
  auto active = active_enforcements(db, author_id, site_id, now);
  if (!active.ok()) return active.error();
  record.restriction = standing_from(*active);
  // One statement, four counts, each an equality seek in comments_by_author
  // (author_id, site_id, status, id) answered from the index and bounded by
  // its LIMIT: standing comments (approved, published) up to what the caller
  // needs, and the decisions (approved, rejected) in the window up to the
  // cap. Never `status IN (...)`: SQLite builds a temporary b-tree of the
  // list on every run, and this runs for every comment posted. Ids are
  // time-ordered, so the window is an id range; created_at decides for
  // comments whose id came from elsewhere (imports).
  const std::int64_t limit = std::clamp<std::int64_t>(enough_standing, 0, core::kAuthorRecordCap);
  const Id window_start = core::IdGenerator::lower_bound_at(since);
  auto counts = db.prepare(
      "SELECT "
      "(SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE author_id = ?1 AND site_id = ?2 AND status = 'approved' "
      "LIMIT ?3)), "
      "(SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE author_id = ?1 AND site_id = ?2 AND status = 'published' "
      "LIMIT ?3)), "
      "(SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE author_id = ?1 AND site_id = ?2 AND status = 'approved' "
      "AND id >= ?4 AND created_at >= ?5 LIMIT ?6)), "
      "(SELECT COUNT(*) FROM (SELECT 1 FROM comments WHERE author_id = ?1 AND site_id = ?2 AND status = 'rejected' "
      "AND id >= ?4 AND created_at >= ?5 LIMIT ?6))");
  if (!counts.ok()) return counts.error();
  auto row = counts->bind(author_id, site_id, limit, window_start, since, core::kAuthorRecordCap).step();
  if (!row.ok()) return row.error();
  if (!*row) return core::make_error(core::ErrorKind::kInternal, "store_error", "the author record query gave no row");
  record.approved = counts->int64(0);
  record.standing_comments = std::min(record.approved + counts->int64(1), limit);
  const std::int64_t approved_recently = counts->int64(2);
  const std::int64_t rejected_recently = counts->int64(3);
  if (approved_recently + rejected_recently <= core::kAuthorRecordCap) {
    record.decided_recently = approved_recently + rejected_recently;
    record.rejected_recently = rejected_recently;
    return record;
  }

  // More decisions in the window than the cap: weigh the latest ones, from
  // the newest ids of each decision (ordered seeks, merged here; one query
  // over both statuses would need a sort).
  auto latest = [&](std::string_view status) -> Result<std::vector<Id>> {
    auto stmt = db.prepare(
        "SELECT id FROM comments WHERE author_id = ?1 AND site_id = ?2 AND status = ?3 AND id >= ?4 "
        "AND created_at >= ?5 ORDER BY id DESC LIMIT ?6");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(author_id, site_id, status, window_start, since, core::kAuthorRecordCap);
    std::vector<Id> ids;
    auto s = each_row(*stmt, [&](const Statement& row) { ids.push_back(row.id(0)); });
    if (!s.ok()) return s.error();
    return ids;
  };
  auto approved = latest("approved");
  if (!approved.ok()) return approved.error();
  auto rejected = latest("rejected");
  if (!rejected.ok()) return rejected.error();
  std::size_t a = 0;
  std::size_t r = 0;
  while (a + r < static_cast<std::size_t>(core::kAuthorRecordCap) && (a < approved->size() || r < rejected->size())) {
    if (r == rejected->size() || (a < approved->size() && (*approved)[a] > (*rejected)[r])) {
      ++a;
    } else {
      ++r;
    }
  }
  record.decided_recently = static_cast<std::int64_t>(a + r);
  record.rejected_recently = static_cast<std::int64_t>(r);
  return record;
}

core::Result<core::EnforcementResult> apply_enforcement(Connection& db, const core::NewEnforcement& e) {
  auto user = load_user(db, e.user_id);
  if (!user.ok()) return user.error();
  const std::string site = e.site_id.value_or("");
  if (!site.empty()) {
    auto s = load_site(db, site);
    if (!s.ok()) return s.error();
  }
  if (!e.rule_id.empty() && !site.empty()) {
    if (auto s = require_live_rule(db, site, e.rule_id); !s.ok()) return s.error();
  }
  core::EnforcementResult result;

  Notification n;
  n.id = e.notification_id;
  n.user_id = e.user_id;
  n.site_id = site;
  n.kind = enforcement_kind(e.action);
  n.action = std::string(core::enforcement_action_name(e.action));
  n.scope = e.site_id ? "site" : "all_sites";
  n.until = e.until;
  n.rule_id = e.rule_id;
  n.explanation = e.explanation;
  n.automated = e.automated;
  n.audit_id = e.audit_id;
  n.created_at = e.at;

  AuditEntry entry;
  entry.id = e.audit_id;
  entry.site_id = site;
  entry.actor_id = e.actor_id;
  entry.automated = e.automated;
  entry.action = n.action;
  entry.user_id = e.user_id;
  entry.rule_id = e.rule_id;
  entry.explanation = e.explanation;
  entry.at = e.at;

  if (e.action == core::EnforcementAction::kLift) {
    // Lifting on a site ends that site's restrictions; lifting everywhere
    // (no site) also ends bans on all sites.
    auto lift = db.prepare(std::string("UPDATE enforcements AS e SET lifted_at = ?3 WHERE e.user_id = ?1 AND "
                                       "(?2 IS NULL OR e.site_id = ?2) AND ") +
                           kActive);
    if (!lift.ok()) return lift.error();
    if (auto s = lift->bind(e.user_id, e.site_id, e.at).exec(); !s.ok()) return s.error();
    result.lifted = db.changes();
    if (result.lifted == 0) return unprocessable("nothing_to_lift", "the user has no active restriction here");
    result.enforcement =
        core::Enforcement{e.id,       e.user_id, e.site_id, e.action,     e.rule_id, e.explanation,     e.automated,
                          e.actor_id, {},        e.at,      std::nullopt, e.at,      e.notification_id, std::nullopt};
    if (auto s = append_audit(db, entry); !s.ok()) return s.error();
    if (auto s = insert_notification(db, n); !s.ok()) return s.error();
    return result;
  }

  n.requires_acknowledgement = e.action == core::EnforcementAction::kWarn;
  n.appeal_deadline = e.appeal_deadline;
  n.enforcement_id = e.id;
  entry.enforcement_id = e.id;
  auto insert = db.prepare(
      "INSERT INTO enforcements (id, user_id, site_id, action, rule_id, explanation, automated, actor_id, "
      "created_at, until, notification_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!insert.ok()) return insert.error();
  if (auto s = insert
                   ->bind(e.id, e.user_id, e.site_id, n.action, e.rule_id, e.explanation, e.automated, e.actor_id, e.at,
                          e.until, e.notification_id)
                   .exec();
      !s.ok()) {
    return s.error();
  }

  if (e.action == core::EnforcementAction::kBan && e.reject_comments) {
    std::string sql =
        "SELECT id, site_id FROM comments WHERE author_id = ?1 AND status IN ('published', 'approved', 'pending')";
    if (e.site_id) sql += " AND site_id = ?2";
    auto visible = db.prepare(sql);
    if (!visible.ok()) return visible.error();
    if (e.site_id) {
      visible->bind(e.user_id, *e.site_id);
    } else {
      visible->bind(e.user_id);
    }
    std::vector<std::pair<Id, std::string>> ids;
    if (auto s = each_row(*visible, [&](const Statement& row) { ids.emplace_back(row.id(0), row.text(1)); }); !s.ok()) {
      return s.error();
    }
    for (const auto& [id, comment_site] : ids) {
      auto state = load_comment_state(db, id);
      if (!state.ok()) return state.error();
      if (auto s = change_comment_status(db, id, *state, CommentStatus::kRejected, e.actor_id, "author_banned", e.at);
          !s.ok()) {
        return s.error();
      }
      result.rejected.push_back(
          core::RejectedComment{id, state->story_id, comment_site, core::is_publicly_visible(state->status)});
      if (auto s = resolve_reports(db, id, true, e.at); !s.ok()) return s.error();
    }
    if (!ids.empty()) entry.status_after = "rejected " + std::to_string(ids.size()) + " comments";
  }
  if (auto s = append_audit(db, entry); !s.ok()) return s.error();
  if (auto s = insert_notification(db, n); !s.ok()) return s.error();

  auto stored = load_one(db, std::string(kEnforcementSelect) + "WHERE e.id = ?1", e.id, enforcement_from_row,
                         "enforcement_not_found");
  if (!stored.ok()) return stored.error();
  result.enforcement = std::move(*stored);
  return result;
}

}  // namespace sqlite::rows

// ---- Rules ----------------------------------------------------------------------

Result<std::vector<core::Rule>> SqliteStore::list_rules(std::string_view site_id, bool include_archived) {
  return impl_->read([&](Connection& db) -> Result<std::vector<core::Rule>> {
    auto site = load_site(db, site_id);
    if (!site.ok()) return site.error();
    return load_rules(db, site_id, include_archived);
  });
}

Result<std::vector<core::Rule>> SqliteStore::replace_rules(std::string_view site_id,
                                                           const std::vector<core::Rule>& rules,
                                                           std::optional<Id> actor_id, Id audit_id, core::Millis at) {
  return impl_->write<std::vector<core::Rule>>([&](Connection& db) -> Result<std::vector<core::Rule>> {
    auto site = load_site(db, site_id);
    if (!site.ok()) return site.error();
    auto archive = db.prepare("UPDATE rules SET position = NULL WHERE site_id = ?1");
    if (!archive.ok()) return archive.error();
    if (auto s = archive->bind(site_id).exec(); !s.ok()) return s.error();
    auto upsert = db.prepare(
        "INSERT INTO rules (site_id, id, position, title, body_markdown, body_html, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (site_id, id) DO UPDATE SET position = excluded.position, "
        "title = excluded.title, body_markdown = excluded.body_markdown, body_html = excluded.body_html, "
        "updated_at = excluded.updated_at");
    if (!upsert.ok()) return upsert.error();
    int position = 0;
    for (const core::Rule& rule : rules) {
      upsert->reset();
      if (auto s =
              upsert->bind(site_id, rule.id, ++position, rule.title, rule.body_markdown, rule.body_html, at).exec();
          !s.ok()) {
        return s.error();
      }
    }
    if (actor_id) {
      AuditEntry entry;
      entry.id = audit_id;
      entry.site_id = std::string(site_id);
      entry.actor_id = actor_id;
      entry.action = "rules_changed";
      entry.at = at;
      if (auto s = append_audit(db, entry); !s.ok()) return s.error();
    }
    return load_rules(db, site_id, false);
  });
}

// ---- Reports ----------------------------------------------------------------------

Result<core::ReporterRecord> SqliteStore::reporter_record(Id user_id) {
  return impl_->read([&](Connection& db) -> Result<core::ReporterRecord> {
    auto stmt = db.prepare(
        "SELECT reports_upheld, reports_dismissed, (SELECT COUNT(*) FROM reports WHERE reporter_id = ?1 AND "
        "outcome = 'open') FROM users WHERE id = ?1");
    if (!stmt.ok()) return stmt.error();
    auto row = stmt->bind(user_id).step();
    if (!row.ok()) return row.error();
    if (!*row) return not_found("user_not_found", "no such user");
    return core::ReporterRecord{stmt->int64(0), stmt->int64(1), stmt->int64(2)};
  });
}

Result<core::ReportResult> SqliteStore::create_report(const core::NewReport& report) {
  return impl_->write<core::ReportResult>([&](Connection& db) -> Result<core::ReportResult> {
    auto comment = load_comment(db, report.comment_id);
    if (!comment.ok()) return comment.error();
    if (!core::is_publicly_visible(comment->status)) return not_found("comment_not_found", "no such comment");
    if (comment->author_id == report.reporter_id) {
      return core::make_error(ErrorKind::kForbidden, "own_comment", "you cannot report your own comment");
    }
    if (auto s = require_live_rule(db, comment->site_id, report.rule_id); !s.ok()) return s.error();

    auto insert = db.prepare(
        "INSERT INTO reports (id, comment_id, site_id, reporter_id, rule_id, details, weight, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (!insert.ok()) return insert.error();
    auto inserted = insert
                        ->bind(report.id, report.comment_id, comment->site_id, report.reporter_id, report.rule_id,
                               report.details, report.weight, report.at)
                        .exec();
    if (!inserted.ok()) {
      return conflict_as(inserted.error(), "already_reported", "you have already reported this comment");
    }
    auto weigh = db.prepare(
        "UPDATE comments SET open_reports = open_reports + 1, report_weight = report_weight + ?2 WHERE id = ?1");
    if (!weigh.ok()) return weigh.error();
    if (auto s = weigh->bind(report.comment_id, report.weight).exec(); !s.ok()) return s.error();

    const double weight = comment->report_weight + report.weight;
    // Only unreviewed comments hide on reports: once a moderator approved a
    // comment, further reports queue it for another look but do not hide it.
    const bool hide = comment->status == CommentStatus::kPublished && weight >= report.hide_threshold;
    if (hide) {
      if (auto s = change_comment_status(db, report.comment_id, state_of(*comment), CommentStatus::kPending,
                                         std::nullopt, "reported", report.at);
          !s.ok()) {
        return s.error();
      }
      char message[96];
      std::snprintf(message, sizeof message, "reports weigh %.2f (threshold %.2f)", weight, report.hide_threshold);
      if (auto s = insert_reasons(db, report.comment_id,
                                  {core::AutomatedReason{"reports", "reported", "hold", message, "[]", report.at}});
          !s.ok()) {
        return s.error();
      }
      AuditEntry entry;
      entry.id = report.audit_id;
      entry.site_id = comment->site_id;
      entry.automated = true;
      entry.action = "hold";
      entry.comment_id = report.comment_id;
      entry.user_id = comment->author_id;
      entry.explanation = message;
      entry.status_before = std::string(core::status_name(comment->status));
      entry.status_after = std::string(core::status_name(CommentStatus::kPending));
      entry.at = report.at;
      if (auto s = append_audit(db, entry); !s.ok()) return s.error();
      Notification n;
      n.id = report.notification_id;
      n.user_id = comment->author_id;
      n.site_id = comment->site_id;
      n.kind = "comment_held";
      n.action = "hold";
      n.scope = "comment";
      n.automated = true;
      n.explanation = "Readers reported this comment; it is hidden until a moderator reviews it.";
      n.comment_id = report.comment_id;
      n.audit_id = report.audit_id;
      n.created_at = report.at;
      if (auto s = insert_notification(db, n); !s.ok()) return s.error();
    }

    auto stored =
        load_one(db, std::string(kReportSelect) + "WHERE r.id = ?1", report.id, report_from_row, "report_not_found");
    if (!stored.ok()) return stored.error();
    auto after = load_comment(db, report.comment_id);
    if (!after.ok()) return after.error();
    return core::ReportResult{std::move(*stored), std::move(*after), hide};
  });
}

// ---- Legal notices ------------------------------------------------------------------

Result<core::LegalNotice> SqliteStore::create_legal_notice(const core::LegalNotice& notice) {
  return impl_->write<core::LegalNotice>([&](Connection& db) -> Result<core::LegalNotice> {
    auto comment = load_comment(db, notice.comment_id);
    if (!comment.ok()) return comment.error();
    auto insert = db.prepare(
        "INSERT INTO legal_notices (id, comment_id, site_id, law, details, notifier_name, notifier_email, "
        "notifier_id, receipt_hash, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    if (!insert.ok()) return insert.error();
    if (auto s =
            insert
                ->bind(notice.id, notice.comment_id, comment->site_id, notice.law, notice.details, notice.notifier_name,
                       notice.notifier_email, notice.notifier_id, Blob{notice.receipt_hash}, notice.received_at)
                .exec();
        !s.ok()) {
      return s.error();
    }
    return load_notice(db, notice.id);
  });
}

Result<core::LegalNotice> SqliteStore::get_legal_notice(Id notice_id) {
  return impl_->read([&](Connection& db) { return load_notice(db, notice_id); });
}

Result<core::LegalNotice> SqliteStore::decide_legal_notice(const NoticeDecision& d) {
  return impl_->write<core::LegalNotice>([&](Connection& db) -> Result<core::LegalNotice> {
    auto notice = load_notice(db, d.notice_id);
    if (!notice.ok()) return notice.error();
    if (notice->status != core::NoticeStatus::kReceived) {
      return core::make_error(ErrorKind::kConflict, "notice_decided", "this notice has been decided already");
    }
    if (d.remove) {
      core::CommentDecision reject;
      reject.comment_id = notice->comment_id;
      reject.action = core::DecisionAction::kReject;
      reject.actor_id = d.actor_id;
      reject.rule_id = std::string(core::kIllegalRuleId);
      reject.explanation = d.explanation;
      reject.legal_ground = d.legal_ground;
      reject.notice_id = d.notice_id;
      reject.at = d.at;
      reject.appeal_deadline = d.appeal_deadline;
      reject.audit_id = d.comment_audit_id;
      reject.notification_id = d.notification_id;
      auto applied = apply_decision(db, reject);
      // A comment its author deleted meanwhile is gone already: the notice
      // is still actioned.
      if (!applied.ok() && applied.error().code != "comment_deleted") return applied.error();
    }
    const std::string_view status =
        core::notice_status_name(d.remove ? core::NoticeStatus::kActioned : core::NoticeStatus::kRejected);
    auto update = db.prepare(
        "UPDATE legal_notices SET status = ?2, decided_at = ?3, decided_by = ?4, decision = ?5 WHERE id = ?1");
    if (!update.ok()) return update.error();
    if (auto s = update->bind(d.notice_id, status, d.at, d.actor_id, d.explanation).exec(); !s.ok()) return s.error();

    AuditEntry entry;
    entry.id = d.audit_id;
    entry.site_id = notice->site_id;
    entry.actor_id = d.actor_id;
    entry.action = d.remove ? "notice_actioned" : "notice_rejected";
    entry.comment_id = notice->comment_id;
    entry.rule_id = std::string(core::kIllegalRuleId);
    entry.explanation = d.explanation;
    entry.legal_ground = d.legal_ground;
    entry.notice_id = d.notice_id;
    entry.at = d.at;
    if (auto s = append_audit(db, entry); !s.ok()) return s.error();

    if (notice->notifier_id) {
      Notification n;
      n.id = d.notifier_notification_id;
      n.user_id = *notice->notifier_id;
      n.site_id = notice->site_id;
      n.kind = "notice_decided";
      n.action = d.remove ? "remove" : "keep";
      n.scope = "comment";
      n.rule_id = std::string(core::kIllegalRuleId);
      n.explanation = d.explanation;
      n.legal_ground = d.legal_ground;
      n.comment_id = notice->comment_id;
      n.notice_id = d.notice_id;
      n.audit_id = d.audit_id;
      n.created_at = d.at;
      if (auto s = insert_notification(db, n); !s.ok()) return s.error();
    }
    return load_notice(db, d.notice_id);
  });
}

// ---- Decisions ----------------------------------------------------------------------

Result<core::DecisionResult> SqliteStore::decide_comment(const core::CommentDecision& decision) {
  return impl_->write<core::DecisionResult>([&](Connection& db) { return apply_decision(db, decision); });
}

// ---- Queues -------------------------------------------------------------------------

Result<core::QueuePage> SqliteStore::read_queue(const core::QueueQuery& q) {
  const int limit = std::clamp(q.limit, 1, kMaxQueuePage);
  return impl_->read([&](Connection& db) -> Result<core::QueuePage> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    core::QueuePage page;
    const bool by_story = q.story_id.has_value();
    const std::int64_t after = q.after ? static_cast<std::int64_t>(*q.after) : 0;
    switch (q.queue) {
      case core::Queue::kAppeals: {
        auto stmt = db.prepare(std::string(kAppealSelect) + "WHERE a.site_id = ?1 AND a.status = 'open'" +
                               page_terms(q, "a.id"));
        if (!stmt.ok()) return stmt.error();
        stmt->bind(q.site_id, after, limit + 1);
        std::vector<core::Appeal> appeals;
        if (auto s = each_row(*stmt, [&](const Statement& row) { appeals.push_back(appeal_from_row(row)); }); !s.ok()) {
          return s.error();
        }
        for (auto& appeal : appeals) {
          core::QueueItem item;
          auto n = load_notification(db, appeal.notification_id);
          if (!n.ok()) return n.error();
          if (n->comment_id) {
            auto c = load_comment(db, *n->comment_id);
            if (c.ok()) {
              auto qc = queue_comment(db, std::move(*c));
              if (!qc.ok()) return qc.error();
              item.comment = std::move(*qc);
            }
          }
          item.notification = std::move(*n);
          item.appeal = std::move(appeal);
          page.items.push_back(std::move(item));
        }
        break;
      }
      case core::Queue::kNotices: {
        std::string sql =
            std::string("SELECT ") + kNoticeColumns + " FROM legal_notices WHERE site_id = ?1 AND status = 'received'";
        if (by_story) sql += " AND comment_id IN (SELECT id FROM comments WHERE story_id = ?4)";
        sql += page_terms(q, "id");
        auto stmt = db.prepare(sql);
        if (!stmt.ok()) return stmt.error();
        stmt->bind(q.site_id, after, limit + 1);
        if (by_story) stmt->bind_one(4, *q.story_id);
        std::vector<core::LegalNotice> notices;
        if (auto s = each_row(*stmt, [&](const Statement& row) { notices.push_back(notice_from_row(row)); }); !s.ok()) {
          return s.error();
        }
        for (auto& notice : notices) {
          core::QueueItem item;
          auto c = load_comment(db, notice.comment_id);
          if (c.ok()) {
            auto qc = queue_comment(db, std::move(*c));
            if (!qc.ok()) return qc.error();
            item.comment = std::move(*qc);
          }
          item.notice = std::move(notice);
          page.items.push_back(std::move(item));
        }
        break;
      }
      default: {
        auto stmt = db.prepare(sqlite::comment_select() + "WHERE " + comment_queue_filter(q.queue, by_story) +
                               page_terms(q, "c.id"));
        if (!stmt.ok()) return stmt.error();
        if (by_story) {
          stmt->bind(*q.story_id, after, limit + 1);
        } else {
          stmt->bind(q.site_id, after, limit + 1);
        }
        std::vector<Comment> comments;
        if (auto s = each_row(*stmt, [&](const Statement& row) { comments.push_back(comment_from_row(row)); });
            !s.ok()) {
          return s.error();
        }
        for (auto& comment : comments) {
          auto qc = queue_comment(db, std::move(comment));
          if (!qc.ok()) return qc.error();
          core::QueueItem item;
          item.comment = std::move(*qc);
          page.items.push_back(std::move(item));
        }
        break;
      }
    }
    if (page.items.size() > static_cast<std::size_t>(limit)) {
      page.items.pop_back();
      const core::QueueItem& last = page.items.back();
      if (last.appeal) {
        page.next = last.appeal->id;
      } else if (last.notice) {
        page.next = last.notice->id;
      } else {
        page.next = last.comment->comment.id;
      }
    }
    return page;
  });
}

Result<core::QueueCounts> SqliteStore::queue_counts(std::string_view site_id, std::optional<Id> story_id) {
  return impl_->read([&](Connection& db) -> Result<core::QueueCounts> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    core::QueueCounts counts;
    auto assign = [&](const std::string& queue, std::int64_t n) {
      if (queue == "pending") counts.pending = n;
      if (queue == "published") counts.unmoderated = n;
      if (queue == "approved") counts.approved = n;
      if (queue == "rejected") counts.rejected = n;
      if (queue == "#reported") counts.reported = n;
    };
    if (story_id) {
      // A story's comments are few enough to count through its index.
      auto stmt = db.prepare(
          "SELECT status, COUNT(*) FROM comments WHERE story_id = ?1 GROUP BY status UNION ALL "
          "SELECT '#reported', COUNT(*) FROM comments WHERE story_id = ?1 AND open_reports > 0");
      if (!stmt.ok()) return stmt.error();
      stmt->bind(*story_id);
      if (auto s = each_row(*stmt, [&](const Statement& row) { assign(row.text(0), row.int64(1)); }); !s.ok()) {
        return s.error();
      }
      auto notices = db.prepare(
          "SELECT COUNT(*) FROM legal_notices WHERE site_id = ?1 AND status = 'received' AND comment_id IN "
          "(SELECT id FROM comments WHERE story_id = ?2)");
      if (!notices.ok()) return notices.error();
      notices->bind(site_id, *story_id);
      auto n = scalar(*notices);
      if (!n.ok()) return n.error();
      counts.notices = *n;
    } else {
      // Kept by triggers (migration 2): constant time however large the site.
      auto stmt = db.prepare("SELECT queue, count FROM queue_counts WHERE site_id = ?1");
      if (!stmt.ok()) return stmt.error();
      stmt->bind(site_id);
      if (auto s = each_row(*stmt, [&](const Statement& row) { assign(row.text(0), row.int64(1)); }); !s.ok()) {
        return s.error();
      }
      auto notices = db.prepare("SELECT COUNT(*) FROM legal_notices WHERE site_id = ?1 AND status = 'received'");
      if (!notices.ok()) return notices.error();
      notices->bind(site_id);
      auto n = scalar(*notices);
      if (!n.ok()) return n.error();
      counts.notices = *n;
    }
    auto appeals = db.prepare("SELECT COUNT(*) FROM appeals WHERE site_id = ?1 AND status = 'open'");
    if (!appeals.ok()) return appeals.error();
    appeals->bind(site_id);
    auto a = scalar(*appeals);
    if (!a.ok()) return a.error();
    counts.appeals = *a;
    return counts;
  });
}

// ---- Enforcement --------------------------------------------------------------------

Result<core::EnforcementResult> SqliteStore::enforce(const core::NewEnforcement& e) {
  return impl_->write<core::EnforcementResult>([&](Connection& db) { return apply_enforcement(db, e); });
}

Result<core::Standing> SqliteStore::standing(Id user_id, std::string_view site_id, core::Millis now) {
  return impl_->read([&](Connection& db) -> Result<core::Standing> {
    auto active = active_enforcements(db, user_id, site_id, now);
    if (!active.ok()) return active.error();
    return standing_from(*active);
  });
}

// ---- Notifications ------------------------------------------------------------------

Result<std::vector<Notification>> SqliteStore::notifications(Id user_id, int limit, std::optional<Id> before) {
  const int n = std::clamp(limit, 1, kMaxNotificationsPage);
  return impl_->read([&](Connection& db) -> Result<std::vector<Notification>> {
    std::string sql = std::string(kNotificationSelect) + "WHERE n.user_id = ?1";
    if (before) sql += " AND n.id < ?3";
    sql += " ORDER BY n.id DESC LIMIT ?2";
    auto stmt = db.prepare(sql);
    if (!stmt.ok()) return stmt.error();
    stmt->bind(user_id, n);
    if (before) stmt->bind_one(3, *before);
    std::vector<Notification> out;
    if (auto s = each_row(*stmt, [&](const Statement& row) { out.push_back(notification_from_row(row)); }); !s.ok()) {
      return s.error();
    }
    return out;
  });
}

Result<Notification> SqliteStore::get_notification(Id notification_id) {
  return impl_->read([&](Connection& db) { return load_notification(db, notification_id); });
}

Result<std::int64_t> SqliteStore::unread_notifications(Id user_id) {
  return impl_->read([&](Connection& db) -> Result<std::int64_t> {
    auto stmt = db.prepare("SELECT COUNT(*) FROM notifications WHERE user_id = ?1 AND read_at IS NULL");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(user_id);
    return scalar(*stmt);
  });
}

Status SqliteStore::mark_notifications_read(Id user_id, core::Millis at) {
  return impl_->write_status([&](Connection& db) -> Status {
    auto stmt = db.prepare("UPDATE notifications SET read_at = ?2 WHERE user_id = ?1 AND read_at IS NULL");
    if (!stmt.ok()) return stmt.error();
    return stmt->bind(user_id, at).exec();
  });
}

Result<Notification> SqliteStore::acknowledge_notification(Id user_id, Id notification_id, core::Millis at) {
  return impl_->write<Notification>([&](Connection& db) -> Result<Notification> {
    auto n = load_notification(db, notification_id);
    if (!n.ok()) return n.error();
    if (n->user_id != user_id) return not_found("notification_not_found", "no such notification");
    if (!n->requires_acknowledgement) {
      return unprocessable("nothing_to_acknowledge", "this notification needs no acknowledgement");
    }
    if (n->acknowledged_at) return n;  // a second click changes nothing
    auto ack =
        db.prepare("UPDATE notifications SET acknowledged_at = ?2, read_at = COALESCE(read_at, ?2) WHERE id = ?1");
    if (!ack.ok()) return ack.error();
    if (auto s = ack->bind(notification_id, at).exec(); !s.ok()) return s.error();
    if (n->enforcement_id) {
      auto e = db.prepare("UPDATE enforcements SET acknowledged_at = ?2 WHERE id = ?1");
      if (!e.ok()) return e.error();
      if (auto s = e->bind(*n->enforcement_id, at).exec(); !s.ok()) return s.error();
    }
    return load_notification(db, notification_id);
  });
}

Status SqliteStore::add_notification(const Notification& notification) {
  return impl_->write_status([&](Connection& db) { return insert_notification(db, notification); });
}

// ---- Appeals --------------------------------------------------------------------------

Result<core::Appeal> SqliteStore::create_appeal(const core::NewAppeal& appeal) {
  return impl_->write<core::Appeal>([&](Connection& db) -> Result<core::Appeal> {
    auto n = load_notification(db, appeal.notification_id);
    if (!n.ok()) {
      if (n.error().kind == ErrorKind::kNotFound) return not_found("notice_not_found", "no such notice");
      return n.error();
    }
    if (n->user_id != appeal.user_id) return not_found("notice_not_found", "no such notice");
    if (!n->appeal_deadline) return unprocessable("not_appealable", "this notice is not a decision one can appeal");
    if (n->appeal_id) {
      return core::make_error(ErrorKind::kConflict, "already_appealed", "this decision has been appealed already");
    }
    if (appeal.at > *n->appeal_deadline) {
      return unprocessable("appeal_window_closed", "decisions can be appealed for six months");
    }
    // Who decided: the audit entry's actor (none when automation decided).
    std::optional<Id> decided_by;
    if (n->audit_id) {
      auto actor = db.prepare("SELECT actor_id FROM audit_log WHERE id = ?1");
      if (!actor.ok()) return actor.error();
      auto row = actor->bind(*n->audit_id).step();
      if (!row.ok()) return row.error();
      if (*row) decided_by = actor->optional_id(0);
    }
    auto insert = db.prepare(
        "INSERT INTO appeals (id, notification_id, user_id, site_id, text, decided_by, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!insert.ok()) return insert.error();
    auto inserted =
        insert->bind(appeal.id, appeal.notification_id, appeal.user_id, n->site_id, appeal.text, decided_by, appeal.at)
            .exec();
    if (!inserted.ok()) {
      return conflict_as(inserted.error(), "already_appealed", "this decision has been appealed already");
    }
    return load_appeal(db, appeal.id);
  });
}

Result<core::Appeal> SqliteStore::get_appeal(Id appeal_id) {
  return impl_->read([&](Connection& db) { return load_appeal(db, appeal_id); });
}

Result<core::Appeal> SqliteStore::resolve_appeal(const core::AppealResolution& r) {
  return impl_->write<core::Appeal>([&](Connection& db) -> Result<core::Appeal> {
    auto appeal = load_appeal(db, r.appeal_id);
    if (!appeal.ok()) return appeal.error();
    if (appeal->status != core::AppealStatus::kOpen) {
      return core::make_error(ErrorKind::kConflict, "appeal_resolved", "this appeal has been resolved already");
    }
    if (appeal->decided_by && *appeal->decided_by == r.resolver_id) {
      return core::make_error(ErrorKind::kForbidden, "own_decision",
                              "another moderator must resolve an appeal against your decision");
    }
    auto n = load_notification(db, appeal->notification_id);
    if (!n.ok()) return n.error();

    AuditEntry entry;
    entry.id = r.audit_id;
    entry.site_id = appeal->site_id;
    entry.actor_id = r.resolver_id;
    entry.action = r.reverse ? "appeal_reversed" : "appeal_upheld";
    entry.user_id = appeal->user_id;
    entry.comment_id = n->comment_id;
    entry.rule_id = n->rule_id;
    entry.explanation = r.explanation;
    entry.appeal_id = r.appeal_id;
    entry.enforcement_id = n->enforcement_id;
    entry.at = r.at;

    if (r.reverse && n->comment_id) {
      auto state = load_comment_state(db, *n->comment_id);
      if (!state.ok()) return state.error();
      entry.status_before = std::string(core::status_name(state->status));
      entry.status_after = entry.status_before;
      if (state->status == CommentStatus::kRejected) {
        if (auto s = change_comment_status(db, *n->comment_id, *state, CommentStatus::kApproved, r.resolver_id,
                                           "appeal_reversed", r.at);
            !s.ok()) {
          return s.error();
        }
        entry.status_after = std::string(core::status_name(CommentStatus::kApproved));
      }
    }
    if (r.reverse && n->enforcement_id) {
      auto lift = db.prepare("UPDATE enforcements SET lifted_at = ?2 WHERE id = ?1 AND lifted_at IS NULL");
      if (!lift.ok()) return lift.error();
      if (auto s = lift->bind(*n->enforcement_id, r.at).exec(); !s.ok()) return s.error();
    }
    auto update =
        db.prepare("UPDATE appeals SET status = ?2, resolver_id = ?3, resolution = ?4, resolved_at = ?5 WHERE id = ?1");
    if (!update.ok()) return update.error();
    if (auto s = update
                     ->bind(r.appeal_id,
                            core::appeal_status_name(r.reverse ? core::AppealStatus::kReversed
                                                               : core::AppealStatus::kUpheld),
                            r.resolver_id, r.explanation, r.at)
                     .exec();
        !s.ok()) {
      return s.error();
    }
    if (auto s = append_audit(db, entry); !s.ok()) return s.error();

    Notification told;
    told.id = r.notification_id;
    told.user_id = appeal->user_id;
    told.site_id = appeal->site_id;
    told.kind = "appeal_decided";
    told.action = r.reverse ? "reverse" : "uphold";
    told.scope = n->scope;
    told.rule_id = n->rule_id;
    told.explanation = r.explanation;
    told.comment_id = n->comment_id;
    told.enforcement_id = n->enforcement_id;
    told.audit_id = r.audit_id;
    told.created_at = r.at;
    if (auto s = insert_notification(db, told); !s.ok()) return s.error();
    // Both sides are told: the moderator whose decision was appealed learns
    // how it ended (automation has no one to tell).
    if (appeal->decided_by && r.moderator_notification_id != 0) {
      Notification decider = told;
      decider.id = r.moderator_notification_id;
      decider.user_id = *appeal->decided_by;
      decider.kind = "appeal_on_your_decision";
      if (auto s = insert_notification(db, decider); !s.ok()) return s.error();
    }
    return load_appeal(db, r.appeal_id);
  });
}

// ---- Moderator insight ----------------------------------------------------------------

Result<core::UserHistory> SqliteStore::user_history(Id user_id, std::optional<std::string> site_id,
                                                    int recent_comments) {
  return impl_->read([&](Connection& db) -> Result<core::UserHistory> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    core::UserHistory history;
    auto user = load_user(db, user_id);
    if (!user.ok()) return user.error();
    history.user = std::move(*user);
    const std::optional<std::string_view> site = site_id ? std::optional<std::string_view>(*site_id) : std::nullopt;

    auto counts = db.prepare(
        "SELECT COUNT(*), COALESCE(SUM(status = 'rejected'), 0) FROM comments WHERE author_id = ?1 AND "
        "(?2 IS NULL OR site_id = ?2)");
    if (!counts.ok()) return counts.error();
    auto row = counts->bind(user_id, site).step();
    if (!row.ok()) return row.error();
    if (*row) {
      history.comments = counts->int64(0);
      history.rejected = counts->int64(1);
    }
    auto record = db.prepare(
        "SELECT reports_upheld, reports_dismissed, (SELECT COUNT(*) FROM reports WHERE reporter_id = ?1 AND "
        "outcome = 'open') FROM users WHERE id = ?1");
    if (!record.ok()) return record.error();
    row = record->bind(user_id).step();
    if (!row.ok()) return row.error();
    if (*row) history.reports = core::ReporterRecord{record->int64(0), record->int64(1), record->int64(2)};

    auto enforcements = db.prepare(std::string(kEnforcementSelect) +
                                   "WHERE e.user_id = ?1 AND (?2 IS NULL OR e.site_id = ?2 OR e.site_id IS NULL) "
                                   "ORDER BY e.id DESC");
    if (!enforcements.ok()) return enforcements.error();
    enforcements->bind(user_id, site);
    if (auto s = each_row(*enforcements,
                          [&](const Statement& r) { history.enforcements.push_back(enforcement_from_row(r)); });
        !s.ok()) {
      return s.error();
    }
    auto notes = db.prepare(
        "SELECT n.id, n.user_id, n.site_id, n.author_id, COALESCE(u.name, ''), n.body, n.created_at "
        "FROM moderator_notes n LEFT JOIN users u ON u.id = n.author_id WHERE n.user_id = ?1 AND "
        "(?2 IS NULL OR n.site_id = ?2) ORDER BY n.id DESC");
    if (!notes.ok()) return notes.error();
    notes->bind(user_id, site);
    if (auto s = each_row(*notes,
                          [&](const Statement& r) {
                            history.notes.push_back(core::ModeratorNote{r.id(0), r.id(1), r.text(2), r.id(3), r.text(4),
                                                                        r.text(5), r.int64(6)});
                          });
        !s.ok()) {
      return s.error();
    }
    auto comments = db.prepare(sqlite::comment_select() +
                               "WHERE c.author_id = ?1 AND (?2 IS NULL OR c.site_id = ?2) ORDER BY c.id DESC LIMIT ?3");
    if (!comments.ok()) return comments.error();
    comments->bind(user_id, site, std::clamp(recent_comments, 0, kMaxQueuePage));
    if (auto s =
            each_row(*comments, [&](const Statement& r) { history.recent_comments.push_back(comment_from_row(r)); });
        !s.ok()) {
      return s.error();
    }
    return history;
  });
}

Result<core::ModeratorNote> SqliteStore::add_note(const core::ModeratorNote& note) {
  return impl_->write<core::ModeratorNote>([&](Connection& db) -> Result<core::ModeratorNote> {
    auto user = user_exists(db, note.user_id);
    if (!user.ok()) return user.error();
    if (!*user) return not_found("user_not_found", "no such user");
    auto insert = db.prepare(
        "INSERT INTO moderator_notes (id, user_id, site_id, author_id, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6)");
    if (!insert.ok()) return insert.error();
    if (auto s = insert->bind(note.id, note.user_id, note.site_id, note.author_id, note.body, note.created_at).exec();
        !s.ok()) {
      return s.error();
    }
    auto author = load_user(db, note.author_id);
    if (!author.ok()) return author.error();
    core::ModeratorNote stored = note;
    stored.author_name = author->name;
    return stored;
  });
}

Result<std::vector<AuditEntry>> SqliteStore::read_audit(const core::AuditQuery& q) {
  const int limit = std::clamp(q.limit, 1, kMaxAuditPage);
  return impl_->read([&](Connection& db) -> Result<std::vector<AuditEntry>> {
    std::string sql = std::string("SELECT ") + kAuditColumns +
                      " FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE a.site_id = ?1";
    if (q.comment_id) sql += " AND a.comment_id = ?3";
    if (q.user_id) sql += " AND a.user_id = ?4";
    if (q.before) sql += " AND a.id < ?5";
    sql += " ORDER BY a.id DESC LIMIT ?2";
    auto stmt = db.prepare(sql);
    if (!stmt.ok()) return stmt.error();
    stmt->bind(q.site_id, limit);
    if (q.comment_id) stmt->bind_one(3, *q.comment_id);
    if (q.user_id) stmt->bind_one(4, *q.user_id);
    if (q.before) stmt->bind_one(5, *q.before);
    std::vector<AuditEntry> out;
    if (auto s = each_row(*stmt, [&](const Statement& row) { out.push_back(audit_from_row(row)); }); !s.ok()) {
      return s.error();
    }
    return out;
  });
}

Result<core::TransparencyReport> SqliteStore::transparency(std::string_view site_id, core::Millis from,
                                                           core::Millis to) {
  return impl_->read([&](Connection& db) -> Result<core::TransparencyReport> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    auto site = load_site(db, site_id);
    if (!site.ok()) return site.error();
    core::TransparencyReport report;
    report.site_id = std::string(site_id);
    report.from = from;
    report.to = to;

    // Runs "SELECT key, COUNT(*) ... GROUP BY key" over [from, to).
    auto grouped = [&](const std::string& sql, std::vector<std::pair<std::string, std::int64_t>>& out) -> core::Status {
      auto stmt = db.prepare(sql);
      if (!stmt.ok()) return stmt.error();
      stmt->bind(site_id, from, to);
      return each_row(*stmt, [&](const Statement& row) { out.emplace_back(row.text(0), row.int64(1)); });
    };
    constexpr char kDecisionActions[] =
        "('approve', 'reject', 'feature', 'unfeature', 'hold', 'appeal_upheld', 'appeal_reversed', "
        "'notice_actioned', 'notice_rejected')";
    if (auto s = grouped(std::string("SELECT action, COUNT(*) FROM audit_log WHERE site_id = ?1 AND at >= ?2 AND "
                                     "at < ?3 AND action IN ") +
                             kDecisionActions + " GROUP BY action ORDER BY action",
                         report.decisions_by_action);
        !s.ok()) {
      return s.error();
    }
    if (auto s = grouped(std::string("SELECT rule_id, COUNT(*) FROM audit_log WHERE site_id = ?1 AND at >= ?2 AND "
                                     "at < ?3 AND rule_id <> '' AND action IN ('reject', 'warn', 'premod', "
                                     "'suspend', 'ban') GROUP BY rule_id ORDER BY rule_id"),
                         report.decisions_by_rule);
        !s.ok()) {
      return s.error();
    }
    std::vector<std::pair<std::string, std::int64_t>> by_automation;
    if (auto s = grouped(std::string("SELECT CASE automated WHEN 1 THEN 'automated' ELSE 'human' END, COUNT(*) FROM "
                                     "audit_log WHERE site_id = ?1 AND at >= ?2 AND at < ?3 AND action IN ") +
                             kDecisionActions + " GROUP BY 1",
                         by_automation);
        !s.ok()) {
      return s.error();
    }
    for (const auto& [key, n] : by_automation)
      (key == "automated" ? report.decisions_automated : report.decisions_human) = n;

    std::vector<std::pair<std::string, std::int64_t>> reports;
    if (auto s = grouped("SELECT outcome, COUNT(*) FROM reports WHERE site_id = ?1 AND created_at >= ?2 AND "
                         "created_at < ?3 GROUP BY outcome",
                         reports);
        !s.ok()) {
      return s.error();
    }
    for (const auto& [key, n] : reports) {
      report.reports_received += n;
      if (key == "upheld") report.reports_upheld = n;
      if (key == "dismissed") report.reports_dismissed = n;
    }
    std::vector<std::pair<std::string, std::int64_t>> notices;
    if (auto s = grouped("SELECT status, COUNT(*) FROM legal_notices WHERE site_id = ?1 AND received_at >= ?2 AND "
                         "received_at < ?3 GROUP BY status",
                         notices);
        !s.ok()) {
      return s.error();
    }
    for (const auto& [key, n] : notices) {
      report.notices_received += n;
      if (key == "actioned") report.notices_actioned = n;
      if (key == "rejected") report.notices_rejected = n;
      if (key == "received") report.notices_open = n;
    }
    std::vector<std::pair<std::string, std::int64_t>> appeals;
    if (auto s = grouped("SELECT status, COUNT(*) FROM appeals WHERE site_id = ?1 AND created_at >= ?2 AND "
                         "created_at < ?3 GROUP BY status",
                         appeals);
        !s.ok()) {
      return s.error();
    }
    for (const auto& [key, n] : appeals) {
      report.appeals_received += n;
      if (key == "upheld") report.appeals_upheld = n;
      if (key == "reversed") report.appeals_reversed = n;
      if (key == "open") report.appeals_open = n;
    }
    if (auto s = grouped("SELECT action, COUNT(*) FROM audit_log WHERE site_id = ?1 AND at >= ?2 AND at < ?3 AND "
                         "action IN ('warn', 'premod', 'suspend', 'ban', 'lift') GROUP BY action ORDER BY action",
                         report.enforcement_by_action);
        !s.ok()) {
      return s.error();
    }
    // Median time from the first report on a comment to the decision that
    // resolved its reports.
    auto waits = db.prepare(
        "SELECT MAX(resolved_at) - MIN(created_at) FROM reports WHERE site_id = ?1 AND resolved_at >= ?2 AND "
        "resolved_at < ?3 AND outcome IN ('upheld', 'dismissed') GROUP BY comment_id ORDER BY 1");
    if (!waits.ok()) return waits.error();
    waits->bind(site_id, from, to);
    std::vector<std::int64_t> durations;
    if (auto s = each_row(*waits, [&](const Statement& row) { durations.push_back(row.int64(0)); }); !s.ok()) {
      return s.error();
    }
    if (!durations.empty()) {
      const std::size_t mid = durations.size() / 2;
      report.median_millis_report_to_decision =
          durations.size() % 2 == 1 ? durations[mid] : (durations[mid - 1] + durations[mid]) / 2;
    }
    return report;
  });
}

// ---- Automatic checks -----------------------------------------------------------------

Result<std::string> SqliteStore::word_list(std::string_view site_id, core::WordListKind kind) {
  return impl_->read([&](Connection& db) -> Result<std::string> {
    auto site = load_site(db, site_id);
    if (!site.ok()) return site.error();
    auto stmt = db.prepare("SELECT text FROM word_lists WHERE site_id = ?1 AND kind = ?2");
    if (!stmt.ok()) return stmt.error();
    auto row = stmt->bind(site_id, core::word_list_kind_name(kind)).step();
    if (!row.ok()) return row.error();
    return *row ? stmt->text(0) : std::string();
  });
}

Status SqliteStore::set_word_list(std::string_view site_id, core::WordListKind kind, std::string_view text, Id actor_id,
                                  Id audit_id, core::Millis at) {
  return impl_->write_status([&](Connection& db) -> Status {
    auto site = load_site(db, site_id);
    if (!site.ok()) return site.error();
    auto stmt = db.prepare(
        "INSERT INTO word_lists (site_id, kind, text, updated_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (site_id, kind) DO UPDATE SET text = excluded.text, updated_at = excluded.updated_at");
    if (!stmt.ok()) return stmt.error();
    if (auto s = stmt->bind(site_id, core::word_list_kind_name(kind), text, at).exec(); !s.ok()) return s;
    AuditEntry entry;
    entry.id = audit_id;
    entry.site_id = std::string(site_id);
    entry.actor_id = actor_id;
    entry.action = "word_list_changed";
    entry.explanation = std::string(core::word_list_kind_name(kind));
    entry.at = at;
    return append_audit(db, entry);
  });
}

Result<std::optional<std::string>> SqliteStore::spam_model(std::string_view site_id) {
  return impl_->read([&](Connection& db) -> Result<std::optional<std::string>> {
    auto stmt = db.prepare("SELECT model FROM spam_models WHERE site_id = ?1");
    if (!stmt.ok()) return stmt.error();
    auto row = stmt->bind(site_id).step();
    if (!row.ok()) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(stmt->blob(0));
  });
}

Status SqliteStore::save_spam_model(std::string_view site_id, std::string_view bytes, core::Millis at) {
  return impl_->write_status([&](Connection& db) -> Status {
    auto stmt = db.prepare(
        "INSERT INTO spam_models (site_id, model, updated_at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT (site_id) DO UPDATE SET model = excluded.model, updated_at = excluded.updated_at");
    if (!stmt.ok()) return stmt.error();
    return stmt->bind(site_id, Blob{bytes}, at).exec();
  });
}

Result<core::AuthorRecord> SqliteStore::author_record(Id author_id, std::string_view site_id, core::Millis now,
                                                      core::Millis since, std::int64_t enough_standing) {
  return impl_->read([&](Connection& db) -> Result<core::AuthorRecord> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    return load_author_record(db, author_id, site_id, now, since, enough_standing);
  });
}

// ---- Moderators' sites ------------------------------------------------------------------

Status SqliteStore::set_moderated_sites(Id user_id, const std::vector<std::string>& site_ids) {
  return impl_->write_status([&](Connection& db) -> Status {
    auto user = user_exists(db, user_id);
    if (!user.ok()) return user.error();
    if (!*user) return not_found("user_not_found", "no such user");
    auto clear = db.prepare("DELETE FROM moderator_sites WHERE user_id = ?1");
    if (!clear.ok()) return clear.error();
    if (auto s = clear->bind(user_id).exec(); !s.ok()) return s;
    auto insert = db.prepare("INSERT OR IGNORE INTO moderator_sites (user_id, site_id) VALUES (?1, ?2)");
    if (!insert.ok()) return insert.error();
    for (const std::string& site : site_ids) {
      auto exists = load_site(db, site);
      if (!exists.ok()) return exists.error();
      insert->reset();
      if (auto s = insert->bind(user_id, site).exec(); !s.ok()) return s;
    }
    return {};
  });
}

}  // namespace townhall::store
