#include "store/sqlite/comment_sql.hpp"
#include "store/sqlite/store_internal.hpp"

namespace townhall::store::sqlite::rows {

using core::Comment;
using core::CommentStatus;
using core::ErrorKind;

core::Error not_found(std::string code, std::string message) {
  return core::make_error(ErrorKind::kNotFound, std::move(code), std::move(message));
}

core::Error unprocessable(std::string code, std::string message) {
  return core::make_error(ErrorKind::kUnprocessable, std::move(code), std::move(message));
}

core::Error conflict_as(core::Error error, std::string code, std::string message) {
  if (error.kind != ErrorKind::kConflict) return error;
  return core::make_error(ErrorKind::kConflict, std::move(code), std::move(message));
}

// Emails compare case-insensitively. Only ASCII is folded: the domain part is
// ASCII (or punycode) in practice, and folding the local part beyond ASCII
// would need locale rules the store should not guess.
std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

int visibility_delta(CommentStatus from, CommentStatus to) {
  return static_cast<int>(core::is_publicly_visible(to)) - static_cast<int>(core::is_publicly_visible(from));
}

// Unknown names cannot come from this store (CHECK constraints); if a
// hand-edited row has one, fall back to the least visible, least privileged.
CommentStatus status_from(const std::string& text) {
  return core::parse_status(text).value_or(CommentStatus::kPending);
}
core::Role role_from(const std::string& text) { return core::parse_role(text).value_or(core::Role::kCommenter); }

// ---- Row mapping ------------------------------------------------------------

core::Site site_from_row(const Statement& row) {
  core::Site site;
  site.id = row.text(0);
  site.name = row.text(1);
  site.settings.edit_window_seconds = row.int64(2);
  site.settings.max_body_chars = row.int64(3);
  site.settings.auto_close_days = row.int64(4);
  site.created_at = row.int64(5);
  site.settings.report_threshold = row.real(6);
  site.settings.premoderation = core::parse_premoderation(row.text(7)).value_or(core::Premoderation::kOff);
  site.settings.links = core::parse_link_policy(row.text(8)).value_or(core::LinkPolicy::kAllow);
  site.settings.max_links = row.int64(9);
  site.settings.new_commenter_approvals = row.int64(10);
  site.settings.rejection_rate_threshold = row.real(11);
  site.settings.rejection_window_days = row.int64(12);
  site.settings.spam_threshold = row.real(13);
  return site;
}

void bind_settings(Statement& stmt, const core::SiteSettings& s) {
  stmt.bind_one(3, s.edit_window_seconds)
      .bind_one(4, s.max_body_chars)
      .bind_one(5, s.auto_close_days)
      .bind_one(6, s.report_threshold)
      .bind_one(7, core::premoderation_name(s.premoderation))
      .bind_one(8, core::link_policy_name(s.links))
      .bind_one(9, s.max_links)
      .bind_one(10, s.new_commenter_approvals)
      .bind_one(11, s.rejection_rate_threshold)
      .bind_one(12, s.rejection_window_days)
      .bind_one(13, s.spam_threshold);
}

core::Story story_from_row(const Statement& row) {
  core::Story story;
  story.id = row.id(0);
  story.site_id = row.text(1);
  story.key = row.text(2);
  story.title = row.text(3);
  story.url = row.text(4);
  story.closed = row.int64(5) != 0;
  story.created_at = row.int64(6);
  story.comment_count = row.int64(7);
  story.premoderated = row.int64(8) != 0;
  story.featured_count = row.int64(9);
  return story;
}

core::User user_from_row(const Statement& row, int first) {
  core::User user;
  user.id = row.id(first);
  user.email = row.text(first + 1);
  user.name = row.text(first + 2);
  user.role = role_from(row.text(first + 3));
  user.created_at = row.int64(first + 4);
  return user;
}

// ---- Loaders shared by reads and writes -------------------------------------

core::Result<core::Site> load_site(Connection& db, std::string_view site_id) {
  auto stmt = db.prepare(std::string("SELECT ") + kSiteColumns + " FROM sites WHERE id = ?1");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->bind(site_id).step();
  if (!row.ok()) return row.error();
  if (!*row) return not_found("site_not_found", "no such site");
  core::Site site = site_from_row(*stmt);

  auto origins = db.prepare("SELECT origin FROM site_origins WHERE site_id = ?1 ORDER BY position");
  if (!origins.ok()) return origins.error();
  origins->bind(site_id);
  for (;;) {
    auto next = origins->step();
    if (!next.ok()) return next.error();
    if (!*next) break;
    site.allowed_origins.push_back(origins->text(0));
  }
  auto domains = db.prepare("SELECT list, domain FROM site_link_domains WHERE site_id = ?1 ORDER BY list, domain");
  if (!domains.ok()) return domains.error();
  domains->bind(site_id);
  for (;;) {
    auto next = domains->step();
    if (!next.ok()) return next.error();
    if (!*next) break;
    (domains->text(0) == "allow" ? site.settings.link_allow_domains : site.settings.link_deny_domains)
        .push_back(domains->text(1));
  }
  return site;
}

core::Status store_origins(Connection& db, const core::Site& site) {
  auto clear = db.prepare("DELETE FROM site_origins WHERE site_id = ?1");
  if (!clear.ok()) return clear.error();
  if (auto s = clear->bind(site.id).exec(); !s.ok()) return s;
  auto insert = db.prepare("INSERT INTO site_origins (site_id, position, origin) VALUES (?1, ?2, ?3)");
  if (!insert.ok()) return insert.error();
  std::int64_t position = 0;
  for (const std::string& origin : site.allowed_origins) {
    insert->reset();
    if (auto s = insert->bind(site.id, position++, origin).exec(); !s.ok()) return s;
  }
  auto clear_domains = db.prepare("DELETE FROM site_link_domains WHERE site_id = ?1");
  if (!clear_domains.ok()) return clear_domains.error();
  if (auto s = clear_domains->bind(site.id).exec(); !s.ok()) return s;
  auto domain = db.prepare("INSERT OR IGNORE INTO site_link_domains (site_id, list, domain) VALUES (?1, ?2, ?3)");
  if (!domain.ok()) return domain.error();
  for (const auto* list : {&site.settings.link_allow_domains, &site.settings.link_deny_domains}) {
    const char* name = list == &site.settings.link_allow_domains ? "allow" : "deny";
    for (const std::string& d : *list) {
      domain->reset();
      if (auto s = domain->bind(site.id, name, d).exec(); !s.ok()) return s;
    }
  }
  return {};
}

core::Result<core::Story> load_story(Connection& db, core::Id story_id) {
  auto stmt = db.prepare(std::string("SELECT ") + kStoryColumns + " FROM stories WHERE id = ?1");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->bind(story_id).step();
  if (!row.ok()) return row.error();
  if (!*row) return not_found("story_not_found", "no such story");
  return story_from_row(*stmt);
}

core::Result<core::Story> load_story_by_key(Connection& db, std::string_view site_id, std::string_view key) {
  auto stmt = db.prepare(std::string("SELECT ") + kStoryColumns + " FROM stories WHERE site_id = ?1 AND key = ?2");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->bind(site_id, key).step();
  if (!row.ok()) return row.error();
  if (!*row) return not_found("story_not_found", "no such story");
  return story_from_row(*stmt);
}

core::Result<core::User> load_user(Connection& db, core::Id user_id) {
  auto stmt = db.prepare(std::string("SELECT ") + kUserColumns + " FROM users u WHERE u.id = ?1");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->bind(user_id).step();
  if (!row.ok()) return row.error();
  if (!*row) return not_found("user_not_found", "no such user");
  core::User user = user_from_row(*stmt);
  if (auto s = load_moderated_sites(db, user); !s.ok()) return s.error();
  return user;
}

core::Status load_moderated_sites(Connection& db, core::User& user) {
  user.moderated_sites.clear();
  if (user.role != core::Role::kModerator) return {};
  auto stmt = db.prepare("SELECT site_id FROM moderator_sites WHERE user_id = ?1 ORDER BY site_id");
  if (!stmt.ok()) return stmt.error();
  stmt->bind(user.id);
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) return {};
    user.moderated_sites.push_back(stmt->text(0));
  }
}

core::Result<bool> user_exists(Connection& db, core::Id user_id) {
  auto stmt = db.prepare("SELECT 1 FROM users WHERE id = ?1");
  if (!stmt.ok()) return stmt.error();
  return stmt->bind(user_id).step();
}

core::Result<Comment> load_comment(Connection& db, core::Id comment_id) {
  auto stmt = db.prepare(sqlite::comment_select() + "WHERE c.id = ?1");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->bind(comment_id).step();
  if (!row.ok()) return row.error();
  if (!*row) return not_found("comment_not_found", "no such comment");
  return comment_from_row(*stmt);
}

core::Result<CommentState> load_comment_state(Connection& db, core::Id comment_id) {
  auto stmt = db.prepare("SELECT story_id, parent_id, status, body_markdown, created_at FROM comments WHERE id = ?1");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->bind(comment_id).step();
  if (!row.ok()) return row.error();
  if (!*row) return not_found("comment_not_found", "no such comment");
  return CommentState{stmt->id(0), stmt->optional_id(1), status_from(stmt->text(2)), stmt->text(3), stmt->int64(4)};
}

// Keeps story.comment_count and the parent's reply_count equal to the number
// of visible comments/direct replies when one comment becomes (in)visible.
CommentState state_of(const core::Comment& comment) {
  return CommentState{comment.story_id, comment.parent_id, comment.status, comment.body_markdown, comment.created_at};
}

core::Status adjust_visible_counts(Connection& db, core::Id story_id, std::optional<core::Id> parent_id, int delta) {
  if (delta == 0) return {};
  auto story = db.prepare("UPDATE stories SET comment_count = comment_count + ?2 WHERE id = ?1");
  if (!story.ok()) return story.error();
  if (auto s = story->bind(story_id, delta).exec(); !s.ok()) return s;
  if (!parent_id) return {};
  auto parent = db.prepare("UPDATE comments SET reply_count = reply_count + ?2 WHERE id = ?1");
  if (!parent.ok()) return parent.error();
  return parent->bind(*parent_id, delta).exec();
}

core::Status record_status_change(Connection& db, core::Id comment_id, std::optional<CommentStatus> from,
                                  CommentStatus to, std::optional<core::Id> actor_id, std::string_view reason,
                                  core::Millis at) {
  auto stmt = db.prepare(
      "INSERT INTO comment_status_changes (comment_id, from_status, to_status, actor_id, reason, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt.ok()) return stmt.error();
  std::optional<std::string_view> from_name;
  if (from) from_name = core::status_name(*from);
  return stmt->bind(comment_id, from_name, core::status_name(to), actor_id, reason, at).exec();
}

core::Status insert_revision(Connection& db, core::Id comment_id, int revision, std::string_view body,
                             core::Millis at) {
  auto stmt = db.prepare(
      "INSERT INTO comment_revisions (comment_id, revision, body_markdown, created_at) VALUES (?1, ?2, ?3, ?4)");
  if (!stmt.ok()) return stmt.error();
  return stmt->bind(comment_id, revision, body, at).exec();
}

}  // namespace townhall::store::sqlite::rows

namespace townhall::store::sqlite::rows {

core::Status change_comment_status(Connection& db, core::Id comment_id, const CommentState& state,
                                   core::CommentStatus to, std::optional<core::Id> actor_id, std::string_view reason,
                                   core::Millis at) {
  auto update = db.prepare("UPDATE comments SET status = ?2, status_reason = ?3 WHERE id = ?1");
  if (!update.ok()) return update.error();
  if (auto s = update->bind(comment_id, core::status_name(to), reason).exec(); !s.ok()) return s;
  if (auto s = record_status_change(db, comment_id, state.status, to, actor_id, reason, at); !s.ok()) return s;
  if (to == core::CommentStatus::kDeleted) {
    // Nothing left to decide: the author withdrew the comment.
    auto reports = db.prepare(
        "UPDATE reports SET outcome = 'withdrawn', resolved_at = ?2 WHERE comment_id = ?1 AND outcome = 'open'");
    if (!reports.ok()) return reports.error();
    if (auto s = reports->bind(comment_id, at).exec(); !s.ok()) return s;
    auto open =
        db.prepare("UPDATE comments SET open_reports = 0, report_weight = 0 WHERE id = ?1 AND open_reports > 0");
    if (!open.ok()) return open.error();
    if (auto s = open->bind(comment_id).exec(); !s.ok()) return s;
  }
  return adjust_visible_counts(db, state.story_id, state.parent_id, visibility_delta(state.status, to));
}

core::Status insert_reasons(Connection& db, core::Id comment_id, const std::vector<core::AutomatedReason>& reasons) {
  if (reasons.empty()) return {};
  auto stmt = db.prepare(
      "INSERT INTO comment_reasons (comment_id, phase, code, action, message, evidence_json, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt.ok()) return stmt.error();
  for (const core::AutomatedReason& reason : reasons) {
    stmt->reset();
    const std::string& evidence = reason.evidence_json.empty() ? std::string("[]") : reason.evidence_json;
    if (auto s = stmt->bind(comment_id, reason.phase, reason.code, reason.action, reason.message, evidence, reason.at)
                     .exec();
        !s.ok()) {
      return s;
    }
  }
  return {};
}

}  // namespace townhall::store::sqlite::rows

namespace townhall::store::sqlite::rows {

core::Status append_audit(Connection& db, const core::AuditEntry& e) {
  auto stmt = db.prepare(
      "INSERT INTO audit_log (id, site_id, actor_id, automated, action, comment_id, user_id, rule_id, explanation, "
      "legal_ground, status_before, status_after, appeal_id, notice_id, enforcement_id, at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
  if (!stmt.ok()) return stmt.error();
  return stmt
      ->bind(e.id, e.site_id, e.actor_id, e.automated, e.action, e.comment_id, e.user_id, e.rule_id, e.explanation,
             e.legal_ground, e.status_before, e.status_after, e.appeal_id, e.notice_id, e.enforcement_id, e.at)
      .exec();
}

core::Status insert_notification(Connection& db, const core::Notification& n) {
  auto stmt = db.prepare(
      "INSERT INTO notifications (id, user_id, site_id, kind, action, scope, until, rule_id, explanation, "
      "legal_ground, automated, comment_id, enforcement_id, audit_id, notice_id, requires_acknowledgement, "
      "appeal_deadline, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
      "?17, ?18)");
  if (!stmt.ok()) return stmt.error();
  return stmt
      ->bind(n.id, n.user_id, n.site_id, n.kind, n.action, n.scope, n.until, n.rule_id, n.explanation, n.legal_ground,
             n.automated, n.comment_id, n.enforcement_id, n.audit_id, n.notice_id, n.requires_acknowledgement,
             n.appeal_deadline, n.created_at)
      .exec();
}

core::Status record_automated_outcome(Connection& db, const core::Comment& comment, core::CommentStatus from,
                                      const core::AutomatedOutcome& outcome, core::Millis at) {
  const bool rejected = comment.status == core::CommentStatus::kRejected;
  core::AuditEntry entry;
  entry.id = outcome.audit_id;
  entry.site_id = comment.site_id;
  entry.automated = true;
  entry.action = rejected ? "reject" : "hold";
  entry.comment_id = comment.id;
  entry.user_id = comment.author_id;
  entry.explanation = outcome.explanation;
  entry.status_before = std::string(core::status_name(from));
  entry.status_after = std::string(core::status_name(comment.status));
  entry.at = at;
  if (auto s = append_audit(db, entry); !s.ok()) return s;
  if (!rejected) return {};
  core::Notification n;
  n.id = outcome.notification_id;
  n.user_id = comment.author_id;
  n.site_id = comment.site_id;
  n.kind = "comment_rejected";
  n.action = "reject";
  n.scope = "comment";
  n.explanation = outcome.explanation;
  n.automated = true;
  n.comment_id = comment.id;
  n.audit_id = outcome.audit_id;
  n.appeal_deadline = outcome.appeal_deadline;
  n.created_at = at;
  return insert_notification(db, n);
}

}  // namespace townhall::store::sqlite::rows
