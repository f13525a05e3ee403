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

constexpr std::array<Migration, 1> kMigrations{{
    {1, "initial schema", kInitialSchema},
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
