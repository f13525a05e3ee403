#include "store/sqlite/migrations.hpp"

#include <array>
#include <string>

namespace townhall::store::sqlite {

namespace {

// Ids are stored as INTEGER holding the signed bit pattern of the unsigned
// 64-bit id (see Statement::bind_one(Id)). Times are Unix milliseconds.
//
// The thread indexes are partial: only comments that can appear in the public
// thread ("listed": visible, or hidden with visible replies) are indexed, so
// a story flooded with rejected spam still pages in a few index steps. The
// thread queries in sqlite_store.cpp must repeat the WHERE terms word for
// word or SQLite will not use these indexes (a test checks the query plans).
constexpr char kInitialSchema[] = R"sql(
CREATE TABLE sites (
  id                   TEXT PRIMARY KEY,
  name                 TEXT NOT NULL,
  edit_window_seconds  INTEGER NOT NULL,
  max_body_chars       INTEGER NOT NULL,
  auto_close_days      INTEGER NOT NULL,
  created_at           INTEGER NOT NULL
) STRICT;

CREATE TABLE site_origins (
  site_id   TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  origin    TEXT NOT NULL,
  PRIMARY KEY (site_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE stories (
  id             INTEGER PRIMARY KEY,
  site_id        TEXT NOT NULL REFERENCES sites (id),
  key            TEXT NOT NULL,
  title          TEXT NOT NULL,
  url            TEXT NOT NULL,
  closed         INTEGER NOT NULL DEFAULT 0,
  created_at     INTEGER NOT NULL,
  comment_count  INTEGER NOT NULL DEFAULT 0,
  UNIQUE (site_id, key)
) STRICT;

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  email          TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  password_hash  TEXT NOT NULL,
  role           TEXT NOT NULL CHECK (role IN ('commenter', 'staff', 'moderator', 'admin')),
  created_at     INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  token_hash  BLOB PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE comments (
  id              INTEGER PRIMARY KEY,
  story_id        INTEGER NOT NULL REFERENCES stories (id),
  site_id         TEXT NOT NULL REFERENCES sites (id),
  parent_id       INTEGER REFERENCES comments (id),
  root_id         INTEGER NOT NULL,
  depth           INTEGER NOT NULL,
  author_id       INTEGER NOT NULL REFERENCES users (id),
  body_markdown   TEXT NOT NULL,
  body_html       TEXT NOT NULL,
  status          TEXT NOT NULL
                  CHECK (status IN ('published', 'pending', 'approved', 'rejected', 'deleted')),
  status_reason   TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  edited_at       INTEGER,
  reaction_count  INTEGER NOT NULL DEFAULT 0,
  reply_count     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Top-level comments of a story, one index per thread sort.
CREATE INDEX comments_top_by_id ON comments (story_id, id)
  WHERE depth = 0 AND (status IN ('published', 'approved') OR reply_count > 0);
CREATE INDEX comments_top_by_reactions ON comments (story_id, reaction_count, id)
  WHERE depth = 0 AND (status IN ('published', 'approved') OR reply_count > 0);
CREATE INDEX comments_top_by_replies ON comments (story_id, reply_count, id)
  WHERE depth = 0 AND (status IN ('published', 'approved') OR reply_count > 0);
-- Replies under a top-level comment, oldest first.
CREATE INDEX comments_replies ON comments (root_id, id)
  WHERE depth > 0 AND (status IN ('published', 'approved') OR reply_count > 0);
-- A commenter's history (moderation) and foreign-key checks on user removal.
CREATE INDEX comments_by_author ON comments (author_id, id);
-- Foreign-key checks and lookups of direct children.
CREATE INDEX comments_by_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;

-- The full text history: revision 1 is the original, the highest the current.
CREATE TABLE comment_revisions (
  comment_id     INTEGER NOT NULL REFERENCES comments (id),
  revision       INTEGER NOT NULL,
  body_markdown  TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  PRIMARY KEY (comment_id, revision)
) STRICT, WITHOUT ROWID;

-- Every status a comment has had, who or what set it and why. from_status is
-- NULL for the status a comment was created with; actor_id NULL means
-- automation decided.
CREATE TABLE comment_status_changes (
  id           INTEGER PRIMARY KEY,
  comment_id   INTEGER NOT NULL REFERENCES comments (id),
  from_status  TEXT,
  to_status    TEXT NOT NULL,
  actor_id     INTEGER REFERENCES users (id),
  reason       TEXT NOT NULL,
  at           INTEGER NOT NULL
) STRICT;
CREATE INDEX comment_status_changes_by_comment ON comment_status_changes (comment_id, id);

CREATE TABLE reactions (
  comment_id  INTEGER NOT NULL REFERENCES comments (id),
  user_id     INTEGER NOT NULL REFERENCES users (id),
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (comment_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX reactions_by_user ON reactions (user_id, comment_id);
)sql";

// Moderation (docs/moderation.md). Counters the queues need at a glance are
// kept by triggers, so no write path can forget them: queue_counts holds,
// per site, the comments in each status and those with open reports;
// stories.featured_count the visible featured comments. The audit log is
// append-only: triggers refuse UPDATE and DELETE.
constexpr char kModerationSchema[] = R"sql(
ALTER TABLE sites ADD COLUMN report_threshold REAL NOT NULL DEFAULT 3;
ALTER TABLE sites ADD COLUMN premoderation TEXT NOT NULL DEFAULT 'off'
  CHECK (premoderation IN ('off', 'new_commenters', 'all'));
ALTER TABLE stories ADD COLUMN premoderated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stories ADD COLUMN featured_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN reports_upheld INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN reports_dismissed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN featured_at INTEGER;
ALTER TABLE comments ADD COLUMN open_reports INTEGER NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN report_weight REAL NOT NULL DEFAULT 0;

CREATE TABLE moderator_sites (
  user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  site_id  TEXT NOT NULL REFERENCES sites (id),
  PRIMARY KEY (user_id, site_id)
) STRICT, WITHOUT ROWID;

-- position is NULL for archived rules.
CREATE TABLE rules (
  site_id        TEXT NOT NULL REFERENCES sites (id),
  id             TEXT NOT NULL,
  position       INTEGER,
  title          TEXT NOT NULL,
  body_markdown  TEXT NOT NULL,
  body_html      TEXT NOT NULL,
  updated_at     INTEGER NOT NULL,
  PRIMARY KEY (site_id, id)
) STRICT, WITHOUT ROWID;

-- Queues: by site and by story, in id (= time) order.
CREATE INDEX comments_by_site_status ON comments (site_id, status, id);
CREATE INDEX comments_by_story_status ON comments (story_id, status, id);
CREATE INDEX comments_reported ON comments (site_id, id) WHERE open_reports > 0;
CREATE INDEX comments_featured ON comments (story_id, featured_at, id) WHERE featured_at IS NOT NULL;

-- What the automatic steps found on each text of a comment.
CREATE TABLE comment_reasons (
  id             INTEGER PRIMARY KEY,
  comment_id     INTEGER NOT NULL REFERENCES comments (id),
  phase          TEXT NOT NULL,
  code           TEXT NOT NULL,
  action         TEXT NOT NULL CHECK (action IN ('publish', 'hold', 'reject')),
  message        TEXT NOT NULL,
  evidence_json  TEXT NOT NULL,
  at             INTEGER NOT NULL
) STRICT;
CREATE INDEX comment_reasons_by_comment ON comment_reasons (comment_id, id);

CREATE TABLE reports (
  id           INTEGER PRIMARY KEY,
  comment_id   INTEGER NOT NULL REFERENCES comments (id),
  site_id      TEXT NOT NULL REFERENCES sites (id),
  reporter_id  INTEGER NOT NULL REFERENCES users (id),
  rule_id      TEXT NOT NULL,
  details      TEXT NOT NULL,
  weight       REAL NOT NULL,
  outcome      TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'upheld', 'dismissed', 'withdrawn')),
  created_at   INTEGER NOT NULL,
  resolved_at  INTEGER,
  UNIQUE (comment_id, reporter_id)
) STRICT;
CREATE INDEX reports_by_reporter ON reports (reporter_id, id);
CREATE INDEX reports_by_site_time ON reports (site_id, created_at);

CREATE TABLE legal_notices (
  id              INTEGER PRIMARY KEY,
  comment_id      INTEGER NOT NULL REFERENCES comments (id),
  site_id         TEXT NOT NULL REFERENCES sites (id),
  law             TEXT NOT NULL,
  details         TEXT NOT NULL,
  notifier_name   TEXT NOT NULL,
  notifier_email  TEXT NOT NULL,
  notifier_id     INTEGER REFERENCES users (id),
  receipt_hash    BLOB NOT NULL,
  status          TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'actioned', 'rejected')),
  received_at     INTEGER NOT NULL,
  decided_at      INTEGER,
  decided_by      INTEGER REFERENCES users (id),
  decision        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX legal_notices_by_site ON legal_notices (site_id, status, id);

CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  site_id         TEXT NOT NULL,
  actor_id        INTEGER REFERENCES users (id),
  automated       INTEGER NOT NULL,
  action          TEXT NOT NULL,
  comment_id      INTEGER,
  user_id         INTEGER,
  rule_id         TEXT NOT NULL DEFAULT '',
  explanation     TEXT NOT NULL DEFAULT '',
  legal_ground    TEXT NOT NULL DEFAULT '',
  status_before   TEXT NOT NULL DEFAULT '',
  status_after    TEXT NOT NULL DEFAULT '',
  appeal_id       INTEGER,
  notice_id       INTEGER,
  enforcement_id  INTEGER,
  at              INTEGER NOT NULL
) STRICT;
CREATE INDEX audit_by_site ON audit_log (site_id, id);
CREATE INDEX audit_by_site_time ON audit_log (site_id, at);
CREATE INDEX audit_by_comment ON audit_log (comment_id, id) WHERE comment_id IS NOT NULL;
CREATE INDEX audit_by_user ON audit_log (user_id, id) WHERE user_id IS NOT NULL;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- site_id NULL: every site (bans only).
CREATE TABLE enforcements (
  id               INTEGER PRIMARY KEY,
  user_id          INTEGER NOT NULL REFERENCES users (id),
  site_id          TEXT REFERENCES sites (id),
  action           TEXT NOT NULL CHECK (action IN ('warn', 'premod', 'suspend', 'ban')),
  rule_id          TEXT NOT NULL,
  explanation      TEXT NOT NULL,
  automated        INTEGER NOT NULL,
  actor_id         INTEGER REFERENCES users (id),
  created_at       INTEGER NOT NULL,
  until            INTEGER,
  lifted_at        INTEGER,
  notification_id  INTEGER,
  acknowledged_at  INTEGER
) STRICT;
CREATE INDEX enforcements_by_user ON enforcements (user_id, id);
CREATE INDEX enforcements_by_site_time ON enforcements (site_id, created_at);

CREATE TABLE notifications (
  id                        INTEGER PRIMARY KEY,
  user_id                   INTEGER NOT NULL REFERENCES users (id),
  site_id                   TEXT NOT NULL,
  kind                      TEXT NOT NULL,
  action                    TEXT NOT NULL,
  scope                     TEXT NOT NULL,
  until                     INTEGER,
  rule_id                   TEXT NOT NULL,
  explanation               TEXT NOT NULL,
  legal_ground              TEXT NOT NULL,
  automated                 INTEGER NOT NULL,
  comment_id                INTEGER,
  enforcement_id            INTEGER,
  audit_id                  INTEGER,
  notice_id                 INTEGER,
  requires_acknowledgement  INTEGER NOT NULL,
  acknowledged_at           INTEGER,
  appeal_deadline           INTEGER,
  created_at                INTEGER NOT NULL,
  read_at                   INTEGER
) STRICT;
CREATE INDEX notifications_by_user ON notifications (user_id, id);

-- One appeal per decision: notification_id is unique.
CREATE TABLE appeals (
  id               INTEGER PRIMARY KEY,
  notification_id  INTEGER NOT NULL UNIQUE REFERENCES notifications (id),
  user_id          INTEGER NOT NULL REFERENCES users (id),
  site_id          TEXT NOT NULL,
  text             TEXT NOT NULL,
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'reversed')),
  decided_by       INTEGER REFERENCES users (id),
  resolver_id      INTEGER REFERENCES users (id),
  resolution       TEXT NOT NULL DEFAULT '',
  created_at       INTEGER NOT NULL,
  resolved_at      INTEGER
) STRICT;
CREATE INDEX appeals_by_site ON appeals (site_id, status, id);
CREATE INDEX appeals_by_site_time ON appeals (site_id, created_at);

CREATE TABLE moderator_notes (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  site_id     TEXT NOT NULL REFERENCES sites (id),
  author_id   INTEGER NOT NULL REFERENCES users (id),
  body        TEXT NOT NULL,
  created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX moderator_notes_by_user ON moderator_notes (user_id, id);

-- Per site: comments in each status (queue = status, 'published' is the
-- unmoderated queue) and '#reported' for comments with open reports.
CREATE TABLE queue_counts (
  site_id  TEXT NOT NULL,
  queue    TEXT NOT NULL,
  count    INTEGER NOT NULL,
  PRIMARY KEY (site_id, queue)
) STRICT, WITHOUT ROWID;
INSERT INTO queue_counts (site_id, queue, count)
  SELECT site_id, status, COUNT(*) FROM comments GROUP BY site_id, status;

CREATE TRIGGER comments_count_insert AFTER INSERT ON comments
BEGIN
  INSERT INTO queue_counts (site_id, queue, count) VALUES (NEW.site_id, NEW.status, 1)
    ON CONFLICT (site_id, queue) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER comments_count_status AFTER UPDATE OF status ON comments WHEN OLD.status <> NEW.status
BEGIN
  UPDATE queue_counts SET count = count - 1 WHERE site_id = OLD.site_id AND queue = OLD.status;
  INSERT INTO queue_counts (site_id, queue, count) VALUES (NEW.site_id, NEW.status, 1)
    ON CONFLICT (site_id, queue) DO UPDATE SET count = count + 1;
END;
CREATE TRIGGER comments_count_reported AFTER UPDATE OF open_reports ON comments
  WHEN (OLD.open_reports > 0) <> (NEW.open_reports > 0)
BEGIN
  INSERT INTO queue_counts (site_id, queue, count)
    VALUES (NEW.site_id, '#reported', CASE WHEN NEW.open_reports > 0 THEN 1 ELSE -1 END)
    ON CONFLICT (site_id, queue) DO UPDATE SET count = count + excluded.count;
END;
CREATE TRIGGER comments_featured_count AFTER UPDATE OF status, featured_at ON comments
  WHEN (OLD.featured_at IS NOT NULL AND OLD.status IN ('published', 'approved'))
    <> (NEW.featured_at IS NOT NULL AND NEW.status IN ('published', 'approved'))
BEGIN
  UPDATE stories SET featured_count = featured_count +
    CASE WHEN NEW.featured_at IS NOT NULL AND NEW.status IN ('published', 'approved') THEN 1 ELSE -1 END
  WHERE id = NEW.story_id;
END;
)sql";

// The automatic checks' settings and state (issue: automatic moderation).
constexpr char kAutomaticChecksSchema[] = R"sql(
ALTER TABLE sites ADD COLUMN link_policy TEXT NOT NULL DEFAULT 'hold_new_commenters'
  CHECK (link_policy IN ('allow', 'hold', 'hold_new_commenters'));
ALTER TABLE sites ADD COLUMN max_links INTEGER NOT NULL DEFAULT 3;
ALTER TABLE sites ADD COLUMN new_commenter_approvals INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sites ADD COLUMN rejection_rate_threshold REAL NOT NULL DEFAULT 0.3;
ALTER TABLE sites ADD COLUMN rejection_window_days INTEGER NOT NULL DEFAULT 7;
ALTER TABLE sites ADD COLUMN spam_threshold REAL NOT NULL DEFAULT 0.99;

CREATE TABLE site_link_domains (
  site_id  TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  list     TEXT NOT NULL CHECK (list IN ('allow', 'deny')),
  domain   TEXT NOT NULL,
  PRIMARY KEY (site_id, list, domain)
) STRICT, WITHOUT ROWID;

CREATE TABLE word_lists (
  site_id     TEXT NOT NULL REFERENCES sites (id),
  kind        TEXT NOT NULL CHECK (kind IN ('banned', 'suspect')),
  text        TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  PRIMARY KEY (site_id, kind)
) STRICT, WITHOUT ROWID;

-- The automatic checks read an author's record on every comment: this
-- covering index answers it from the index alone, and still serves the
-- moderators' user history and foreign-key checks by author.
DROP INDEX comments_by_author;
CREATE INDEX comments_by_author ON comments (author_id, site_id, status, id);

CREATE TABLE spam_models (
  site_id     TEXT PRIMARY KEY REFERENCES sites (id),
  model       BLOB NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql";

constexpr std::array<Migration, 3> kMigrations{{
    {1, "initial schema", kInitialSchema},
    {2, "moderation", kModerationSchema},
    {3, "automatic checks", kAutomaticChecksSchema},
}};

constexpr char kCreateMigrationsTable[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  applied_at  INTEGER NOT NULL
) STRICT;
)sql";

core::Result<bool> migrations_table_exists(Connection& connection) {
  auto stmt = connection.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'");
  if (!stmt.ok()) return stmt.error();
  return stmt->step();
}

core::Result<int> read_version(Connection& connection) {
  auto exists = migrations_table_exists(connection);
  if (!exists.ok()) return exists.error();
  if (!*exists) return 0;
  auto stmt = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!stmt.ok()) return stmt.error();
  auto row = stmt->step();
  if (!row.ok()) return row.error();
  return *row ? stmt->integer(0) : 0;
}

core::Result<int> migrate_in_transaction(Connection& connection, std::int64_t now_millis) {
  if (auto s = connection.exec_script(kCreateMigrationsTable); !s.ok()) return s.error();
  auto current = read_version(connection);
  if (!current.ok()) return current.error();
  if (*current > latest_schema_version()) {
    return core::make_error(core::ErrorKind::kInternal, "schema_too_new",
                            "the database has schema version " + std::to_string(*current) +
                                " but this Townhall knows only up to " + std::to_string(latest_schema_version()));
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= *current) continue;
    if (auto s = connection.exec_script(migration.sql); !s.ok()) return s.error();
    auto insert = connection.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)");
    if (!insert.ok()) return insert.error();
    if (auto s = insert->bind(migration.version, migration.name, now_millis).exec(); !s.ok()) return s.error();
  }
  return latest_schema_version();
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

core::Result<int> applied_schema_version(Connection& connection) { return read_version(connection); }

core::Result<int> apply_migrations(Connection& connection, std::int64_t now_millis) {
  // IMMEDIATE takes the write lock before reading the version, so a second
  // process migrating the same file waits and then finds nothing to do.
  if (auto s = connection.exec_script("BEGIN IMMEDIATE"); !s.ok()) return s.error();
  auto version = migrate_in_transaction(connection, now_millis);
  if (!version.ok()) {
    if (!connection.autocommit()) (void)connection.exec_script("ROLLBACK");
    return version.error();
  }
  if (auto s = connection.exec_script("COMMIT"); !s.ok()) {
    if (!connection.autocommit()) (void)connection.exec_script("ROLLBACK");
    return s.error();
  }
  return version;
}

}  // namespace townhall::store::sqlite
