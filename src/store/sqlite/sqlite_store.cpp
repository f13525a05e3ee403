#include "store/sqlite/sqlite_store.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "store/sqlite/comment_sql.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/migrations.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/store_internal.hpp"
#include "store/sqlite/writer.hpp"

namespace townhall::store {

using core::Comment;
using core::CommentStatus;
using core::ErrorKind;
using sqlite::Blob;
using sqlite::comment_from_row;
using sqlite::Connection;
using sqlite::ReadTransaction;
using sqlite::Statement;
using namespace sqlite::rows;  // NOLINT(google-build-using-namespace): the row helpers

namespace {

// Bounds on what one read_thread call loads, whatever the caller asks for:
// the page size also bounds the number of terms in the replies query.
constexpr int kMaxThreadPageSize = 100;
constexpr int kMaxRepliesPerRoot = 1000;

constexpr char kMemoryPath[] = ":memory:";
constexpr std::int64_t kWalSizeLimitBytes = std::int64_t{64} * 1024 * 1024;

// ---- Thread queries -----------------------------------------------------------

bool sorts_by_count(core::ThreadSort sort) {
  return sort == core::ThreadSort::kReactions || sort == core::ThreadSort::kReplies;
}

// The Featured tab: featured comments of any depth, without replies. The
// page key's count is the time it was featured.
core::Result<core::ThreadPage> read_featured(Connection& db, const core::ThreadQuery& query, int limit) {
  core::ThreadPage page;
  auto stmt = db.prepare(sqlite::featured_page_sql(query.after.has_value()));
  if (!stmt.ok()) return stmt.error();
  if (query.after) {
    stmt->bind(query.story_id, query.after->count, query.after->id, limit + 1);
  } else {
    stmt->bind(query.story_id, limit + 1);
  }
  for (;;) {
    auto row = stmt->step();
    if (!row.ok()) return row.error();
    if (!*row) break;
    page.top_level.push_back(comment_from_row(*stmt));
  }
  if (page.top_level.size() > static_cast<std::size_t>(limit)) {
    page.top_level.pop_back();
    auto last = db.prepare("SELECT featured_at FROM comments WHERE id = ?1");
    if (!last.ok()) return last.error();
    auto row = last->bind(page.top_level.back().id).step();
    if (!row.ok()) return row.error();
    page.next = core::PageKey{*row ? last->int64(0) : 0, page.top_level.back().id};
  }
  page.replies.resize(page.top_level.size());
  page.replies_truncated.assign(page.top_level.size(), false);
  return page;
}

core::PageKey page_key(core::ThreadSort sort, const Comment& c) {
  std::int64_t count = 0;
  if (sort == core::ThreadSort::kReactions) count = c.reaction_count;
  if (sort == core::ThreadSort::kReplies) count = c.reply_count;
  return core::PageKey{count, c.id};
}

}  // namespace

namespace {

sqlite::ConnectionSettings settings_from(const SqliteOptions& options) {
  return sqlite::ConnectionSettings{options.busy_timeout_ms, options.cache_size_kib};
}

core::Status validate(const SqliteOptions& options) {
  if (options.path.empty() || options.path == kMemoryPath) {
    return core::make_error(ErrorKind::kInvalidArgument, "invalid_path", "the store needs a database file path");
  }
  return {};
}

// The read-write connection, in WAL mode and migrated.
core::Result<std::unique_ptr<Connection>> open_writer_connection(const SqliteOptions& options) {
  if (auto s = validate(options); !s.ok()) return s.error();
  auto db = Connection::open(options.path, Connection::Mode::kReadWrite, settings_from(options));
  if (!db.ok()) return db.error();
  Connection& connection = **db;

  // journal_mode answers with the mode in effect; a file system without
  // shared memory support keeps the old one, and then readers would block
  // the writer, which this design does not allow for.
  {
    auto wal = connection.prepare("PRAGMA journal_mode = WAL");
    if (!wal.ok()) return wal.error();
    auto row = wal->step();
    if (!row.ok()) return row.error();
    if (!*row || wal->text(0) != "wal") {
      return core::make_error(ErrorKind::kInternal, "wal_unavailable", "cannot put the database in WAL mode");
    }
  }  // the lease ends here: a statement left mid-rows would block COMMIT below
  // synchronous=FULL: WAL is fsynced at every commit, so an acknowledged write
  // survives a power cut, not just a crash. temp_store=MEMORY: the
  // per-job savepoints keep their undo pages in memory rather than in a
  // temporary file opened and removed for each one. journal_size_limit: after a burst
  // of writes the WAL file shrinks back once checkpointed instead of keeping
  // its peak size on disk.
  if (auto s =
          connection.exec_script("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY; "
                                 "PRAGMA journal_size_limit = " +
                                 std::to_string(kWalSizeLimitBytes));
      !s.ok()) {
    return s.error();
  }
  auto version = sqlite::apply_migrations(connection, core::now_millis());
  if (!version.ok()) return version.error();
  return std::move(*db);
}

}  // namespace

core::Result<std::unique_ptr<Store>> SqliteStore::open(const SqliteOptions& options) {
  auto write_connection = open_writer_connection(options);
  if (!write_connection.ok()) return write_connection.error();

  const int reader_count = std::max(1, options.reader_connections);
  std::vector<std::unique_ptr<Connection>> read_connections;
  for (int i = 0; i < reader_count; ++i) {
    auto reader = Connection::open(options.path, Connection::Mode::kReadOnly, settings_from(options));
    if (!reader.ok()) return reader.error();
    read_connections.push_back(std::move(*reader));
  }

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->writer = std::make_unique<sqlite::Writer>(
      std::move(*write_connection), sqlite::WriterOptions{std::max<std::size_t>(1, options.max_queued_writes),
                                                          std::max<std::size_t>(1, options.max_batch_size)});
  impl->readers = std::make_unique<sqlite::ReadPool>(std::move(read_connections));
  return std::unique_ptr<Store>(new SqliteStore(std::move(impl)));
}

core::Result<int> SqliteStore::migrate(const SqliteOptions& options) {
  auto db = open_writer_connection(options);
  if (!db.ok()) return db.error();
  return sqlite::applied_schema_version(**db);
}

core::Result<int> SqliteStore::schema_version(const std::string& path) {
  std::error_code ec;
  if (path.empty() || path == kMemoryPath || !std::filesystem::exists(path, ec)) {
    return not_found("database_not_found", "no database file at " + path);
  }
  auto db = Connection::open(path, Connection::Mode::kReadOnly, sqlite::ConnectionSettings{});
  if (!db.ok()) return db.error();
  return sqlite::applied_schema_version(**db);
}

int SqliteStore::latest_schema_version() { return sqlite::latest_schema_version(); }

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteStore::~SqliteStore() = default;

// ---- Sites ----------------------------------------------------------------------

Result<core::Site> SqliteStore::create_site(const core::Site& site) {
  return impl_->write<core::Site>([&](Connection& db) -> Result<core::Site> {
    auto stmt = db.prepare(
        "INSERT INTO sites (id, name, edit_window_seconds, max_body_chars, auto_close_days, report_threshold, "
        "premoderation, link_policy, max_links, new_commenter_approvals, rejection_rate_threshold, "
        "rejection_window_days, spam_threshold, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(site.id, site.name);
    bind_settings(*stmt, site.settings);
    auto inserted = stmt->bind_one(14, site.created_at).exec();
    if (!inserted.ok()) return conflict_as(inserted.error(), "site_exists", "a site with this id exists");
    if (auto s = store_origins(db, site); !s.ok()) return s.error();
    return load_site(db, site.id);
  });
}

Result<core::Site> SqliteStore::get_site(std::string_view site_id) {
  return impl_->read([&](Connection& db) { return load_site(db, site_id); });
}

Result<std::vector<core::Site>> SqliteStore::list_sites() {
  return impl_->read([&](Connection& db) -> Result<std::vector<core::Site>> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    std::vector<core::Site> sites;
    std::unordered_map<std::string, std::size_t> index;
    {
      auto stmt = db.prepare(std::string("SELECT ") + kSiteColumns + " FROM sites ORDER BY id");
      if (!stmt.ok()) return stmt.error();
      for (;;) {
        auto row = stmt->step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        sites.push_back(site_from_row(*stmt));
        index.emplace(sites.back().id, sites.size() - 1);
      }
    }
    auto origins = db.prepare("SELECT site_id, origin FROM site_origins ORDER BY site_id, position");
    if (!origins.ok()) return origins.error();
    for (;;) {
      auto row = origins->step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      auto it = index.find(origins->text(0));
      if (it != index.end()) sites[it->second].allowed_origins.push_back(origins->text(1));
    }
    auto domains = db.prepare("SELECT site_id, list, domain FROM site_link_domains ORDER BY site_id, list, domain");
    if (!domains.ok()) return domains.error();
    for (;;) {
      auto row = domains->step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      auto it = index.find(domains->text(0));
      if (it == index.end()) continue;
      auto& settings = sites[it->second].settings;
      (domains->text(1) == "allow" ? settings.link_allow_domains : settings.link_deny_domains)
          .push_back(domains->text(2));
    }
    return sites;
  });
}

Result<core::Site> SqliteStore::update_site(const core::Site& site) {
  return impl_->write<core::Site>([&](Connection& db) -> Result<core::Site> {
    auto stmt = db.prepare(
        "UPDATE sites SET name = ?2, edit_window_seconds = ?3, max_body_chars = ?4, auto_close_days = ?5, "
        "report_threshold = ?6, premoderation = ?7, link_policy = ?8, max_links = ?9, new_commenter_approvals = ?10, "
        "rejection_rate_threshold = ?11, rejection_window_days = ?12, spam_threshold = ?13 WHERE id = ?1");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(site.id, site.name);
    bind_settings(*stmt, site.settings);
    auto updated = stmt->exec();
    if (!updated.ok()) return updated.error();
    if (db.changes() == 0) return not_found("site_not_found", "no such site");
    if (auto s = store_origins(db, site); !s.ok()) return s.error();
    return load_site(db, site.id);
  });
}

// ---- Stories ----------------------------------------------------------------------

Result<core::Story> SqliteStore::get_story(std::string_view site_id, std::string_view key) {
  return impl_->read([&](Connection& db) { return load_story_by_key(db, site_id, key); });
}

Result<core::Story> SqliteStore::get_story_by_id(Id story_id) {
  return impl_->read([&](Connection& db) { return load_story(db, story_id); });
}

Result<core::Story> SqliteStore::ensure_story(const core::NewStory& story) {
  // Most calls find the story; answering those from a reader keeps them out
  // of the writer's queue. The insert below still settles races atomically.
  auto existing = get_story(story.site_id, story.key);
  if (existing.ok() || existing.error().kind != ErrorKind::kNotFound) return existing;

  return impl_->write<core::Story>([&](Connection& db) -> Result<core::Story> {
    auto site = db.prepare("SELECT 1 FROM sites WHERE id = ?1");
    if (!site.ok()) return site.error();
    auto site_row = site->bind(story.site_id).step();
    if (!site_row.ok()) return site_row.error();
    if (!*site_row) return not_found("site_not_found", "no such site");

    auto insert = db.prepare(
        "INSERT INTO stories (id, site_id, key, title, url, closed, created_at, comment_count) "
        "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, 0) ON CONFLICT (site_id, key) DO NOTHING");
    if (!insert.ok()) return insert.error();
    auto inserted = insert->bind(story.id, story.site_id, story.key, story.title, story.url, story.created_at).exec();
    if (!inserted.ok()) return conflict_as(inserted.error(), "story_id_taken", "another story has this id");
    return load_story_by_key(db, story.site_id, story.key);
  });
}

Result<core::Story> SqliteStore::update_story(Id story_id, const core::StoryUpdate& update) {
  return impl_->write<core::Story>([&](Connection& db) -> Result<core::Story> {
    auto stmt = db.prepare(
        "UPDATE stories SET title = COALESCE(?2, title), url = COALESCE(?3, url), closed = COALESCE(?4, closed), "
        "premoderated = COALESCE(?5, premoderated) "
        "WHERE id = ?1");
    if (!stmt.ok()) return stmt.error();
    if (auto s = stmt->bind(story_id, update.title, update.url, update.closed, update.premoderated).exec(); !s.ok()) {
      return s.error();
    }
    if (db.changes() == 0) return not_found("story_not_found", "no such story");
    return load_story(db, story_id);
  });
}

Result<std::vector<core::StoryCount>> SqliteStore::comment_counts(std::string_view site_id,
                                                                  const std::vector<std::string>& keys) {
  return impl_->read([&](Connection& db) -> Result<std::vector<core::StoryCount>> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    // Point lookups on the (site_id, key) index: a few microseconds each, and
    // one cached statement whatever the number of keys.
    auto stmt = db.prepare("SELECT comment_count FROM stories WHERE site_id = ?1 AND key = ?2");
    if (!stmt.ok()) return stmt.error();
    std::vector<core::StoryCount> counts;
    counts.reserve(keys.size());
    for (const std::string& key : keys) {
      stmt->reset();
      auto row = stmt->bind(site_id, key).step();
      if (!row.ok()) return row.error();
      counts.push_back(core::StoryCount{key, *row ? stmt->int64(0) : 0});
    }
    return counts;
  });
}

// ---- Users ----------------------------------------------------------------------

Result<core::User> SqliteStore::create_user(const core::NewUser& user) {
  const std::string email = lower_ascii(user.email);
  return impl_->write<core::User>([&](Connection& db) -> Result<core::User> {
    auto taken = db.prepare("SELECT 1 FROM users WHERE email = ?1");
    if (!taken.ok()) return taken.error();
    auto row = taken->bind(email).step();
    if (!row.ok()) return row.error();
    if (*row) return core::make_error(ErrorKind::kConflict, "email_taken", "this email is registered");

    auto insert = db.prepare(
        "INSERT INTO users (id, email, name, password_hash, role, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!insert.ok()) return insert.error();
    auto inserted =
        insert->bind(user.id, email, user.name, user.password_hash, core::role_name(user.role), user.created_at).exec();
    if (!inserted.ok()) return conflict_as(inserted.error(), "user_exists", "a user with this id exists");
    return load_user(db, user.id);
  });
}

Result<core::User> SqliteStore::get_user(Id user_id) {
  return impl_->read([&](Connection& db) { return load_user(db, user_id); });
}

Result<core::Credentials> SqliteStore::find_credentials(std::string_view email) {
  const std::string lowered = lower_ascii(email);
  return impl_->read([&](Connection& db) -> Result<core::Credentials> {
    auto stmt = db.prepare(std::string("SELECT ") + kUserColumns + ", u.password_hash FROM users u WHERE u.email = ?1");
    if (!stmt.ok()) return stmt.error();
    auto row = stmt->bind(lowered).step();
    if (!row.ok()) return row.error();
    if (!*row) return not_found("user_not_found", "no user has this email");
    return core::Credentials{user_from_row(*stmt), stmt->text(kUserColumnCount)};
  });
}

Status SqliteStore::set_role(Id user_id, core::Role role) {
  return impl_->write_status([&](Connection& db) -> Status {
    auto stmt = db.prepare("UPDATE users SET role = ?2 WHERE id = ?1");
    if (!stmt.ok()) return stmt.error();
    if (auto s = stmt->bind(user_id, core::role_name(role)).exec(); !s.ok()) return s;
    if (db.changes() == 0) return not_found("user_not_found", "no such user");
    return {};
  });
}

Status SqliteStore::set_password_hash(Id user_id, std::string_view password_hash) {
  return impl_->write_status([&](Connection& db) -> Status {
    auto stmt = db.prepare("UPDATE users SET password_hash = ?2 WHERE id = ?1");
    if (!stmt.ok()) return stmt.error();
    if (auto s = stmt->bind(user_id, password_hash).exec(); !s.ok()) return s;
    if (db.changes() == 0) return not_found("user_not_found", "no such user");
    return {};
  });
}

// ---- Sessions ----------------------------------------------------------------------

Status SqliteStore::create_session(const core::NewSession& session) {
  return impl_->write_status([&](Connection& db) -> Status {
    auto exists = user_exists(db, session.user_id);
    if (!exists.ok()) return exists.error();
    if (!*exists) return not_found("user_not_found", "no such user");
    auto stmt =
        db.prepare("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt.ok()) return stmt.error();
    auto inserted =
        stmt->bind(Blob{session.token_hash}, session.user_id, session.created_at, session.expires_at).exec();
    if (!inserted.ok()) return conflict_as(inserted.error(), "session_exists", "this token is in use");
    return {};
  });
}

Result<core::User> SqliteStore::session_user(std::string_view token_hash, core::Millis now) {
  return impl_->read([&](Connection& db) -> Result<core::User> {
    auto stmt = db.prepare(std::string("SELECT ") + kUserColumns +
                           ", s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?1");
    if (!stmt.ok()) return stmt.error();
    auto row = stmt->bind(Blob{token_hash}).step();
    if (!row.ok()) return row.error();
    if (!*row) return core::make_error(ErrorKind::kUnauthenticated, "invalid_token", "unknown session");
    // A session is valid strictly before its expiry instant.
    if (stmt->int64(kUserColumnCount) <= now) {
      return core::make_error(ErrorKind::kUnauthenticated, "token_expired", "the session has expired");
    }
    core::User user = user_from_row(*stmt);
    if (auto s = load_moderated_sites(db, user); !s.ok()) return s.error();
    return user;
  });
}

Status SqliteStore::delete_session(std::string_view token_hash) {
  return impl_->write_status([&](Connection& db) -> Status {
    auto stmt = db.prepare("DELETE FROM sessions WHERE token_hash = ?1");
    if (!stmt.ok()) return stmt.error();
    return stmt->bind(Blob{token_hash}).exec();
  });
}

// ---- Comments ----------------------------------------------------------------------

void SqliteStore::submit_comment(core::NewComment comment, CommentGate gate,
                                 std::function<void(Result<Comment>)> done) {
  auto job = [comment = std::move(comment), gate = std::move(gate)](Connection& db) mutable -> Result<Comment> {
    auto story = load_story(db, comment.story_id);
    if (!story.ok()) return story.error();
    const std::string& site_id = story->site_id;

    auto author = db.prepare("SELECT name FROM users WHERE id = ?1");
    if (!author.ok()) return author.error();
    auto author_row = author->bind(comment.author_id).step();
    if (!author_row.ok()) return author_row.error();
    if (!*author_row) return not_found("user_not_found", "no such user");

    Id root_id = comment.id;
    int depth = 0;
    std::optional<CommentStatus> parent_status;
    if (comment.parent_id) {
      auto parent = db.prepare("SELECT story_id, root_id, depth, status FROM comments WHERE id = ?1");
      if (!parent.ok()) return parent.error();
      auto parent_row = parent->bind(*comment.parent_id).step();
      if (!parent_row.ok()) return parent_row.error();
      if (!*parent_row) return not_found("parent_not_found", "no such parent comment");
      if (parent->id(0) != comment.story_id) {
        return core::make_error(ErrorKind::kUnprocessable, "parent_in_other_story",
                                "the parent comment belongs to another story");
      }
      root_id = parent->id(1);
      depth = parent->integer(2) + 1;
      parent_status = status_from(parent->text(3));
    }

    // The gate decides on what this transaction sees; a refusal rolls back
    // nothing because nothing is written yet.
    PostingDecision decision{comment, std::nullopt};
    if (gate.decide) {
      auto record = load_author_record(db, comment.author_id, site_id, gate.now, gate.since, gate.enough_standing);
      if (!record.ok()) return record.error();
      if (auto s = gate.decide(PostingContext{*story, *record, parent_status}, decision); !s.ok()) return s.error();
    }

    auto insert = db.prepare(
        "INSERT INTO comments (id, story_id, site_id, parent_id, root_id, depth, author_id, body_markdown, "
        "body_html, status, status_reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!insert.ok()) return insert.error();
    auto inserted = insert
                        ->bind(comment.id, comment.story_id, site_id, comment.parent_id, root_id, depth,
                               comment.author_id, comment.body_markdown, comment.body_html,
                               core::status_name(comment.status), comment.status_reason, comment.created_at)
                        .exec();
    if (!inserted.ok()) return conflict_as(inserted.error(), "comment_exists", "a comment with this id exists");

    // No revision row: the text is in the comment, and the first edit
    // keeps it as revision 1 (edit_comment). Every write here is one the
    // hot path of posting pays for.
    if (auto s = insert_reasons(db, comment.id, comment.reasons); !s.ok()) return s.error();
    // A held or rejected start is history worth a row, with the check's
    // reason; a published one is implied by the comment itself (and by the
    // from_status of its first change). The pipeline decided, hence no actor.
    if (comment.status != CommentStatus::kPublished) {
      if (auto s = record_status_change(db, comment.id, std::nullopt, comment.status, std::nullopt,
                                        comment.status_reason, comment.created_at);
          !s.ok()) {
        return s.error();
      }
    }
    const int delta = core::is_publicly_visible(comment.status) ? 1 : 0;
    if (auto s = adjust_visible_counts(db, comment.story_id, comment.parent_id, delta); !s.ok()) return s.error();

    // The stored row is what was just inserted, with the defaults of a new
    // comment; no need to read it back.
    Comment stored;
    stored.id = comment.id;
    stored.story_id = comment.story_id;
    stored.site_id = site_id;
    stored.parent_id = comment.parent_id;
    stored.root_id = root_id;
    stored.depth = depth;
    stored.author_id = comment.author_id;
    stored.author_name = author->text(0);
    stored.body_markdown = comment.body_markdown;
    stored.body_html = comment.body_html;
    stored.status = comment.status;
    stored.status_reason = comment.status_reason;
    stored.created_at = comment.created_at;
    if (comment.automated && comment.status != CommentStatus::kPublished) {
      if (auto s =
              record_automated_outcome(db, stored, CommentStatus::kPublished, *comment.automated, comment.created_at);
          !s.ok()) {
        return s.error();
      }
    }
    if (decision.author_restriction) {
      if (auto s = apply_enforcement(db, *decision.author_restriction); !s.ok()) return s.error();
    }
    return stored;
  };
  impl_->write_async<Comment>(std::move(job), std::move(done));
}

Result<Comment> SqliteStore::get_comment(Id comment_id) {
  return impl_->read([&](Connection& db) { return load_comment(db, comment_id); });
}

Result<Comment> SqliteStore::edit_comment(Id comment_id, const core::CommentEdit& edit) {
  return impl_->write<Comment>([&](Connection& db) -> Result<Comment> {
    auto state = load_comment_state(db, comment_id);
    if (!state.ok()) return state.error();

    auto last = db.prepare("SELECT COALESCE(MAX(revision), 0) FROM comment_revisions WHERE comment_id = ?1");
    if (!last.ok()) return last.error();
    auto last_row = last->bind(comment_id).step();
    if (!last_row.ok()) return last_row.error();
    int revision = *last_row ? last->integer(0) : 0;
    if (revision == 0) {
      // The first edit: the current text is the original.
      if (auto s = insert_revision(db, comment_id, 1, state->body_markdown, state->created_at); !s.ok()) {
        return s.error();
      }
      revision = 1;
    }
    if (auto s = insert_revision(db, comment_id, revision + 1, edit.body_markdown, edit.edited_at); !s.ok()) {
      return s.error();
    }
    if (auto s = insert_reasons(db, comment_id, edit.reasons); !s.ok()) return s.error();

    auto update = db.prepare(
        "UPDATE comments SET body_markdown = ?2, body_html = ?3, edited_at = ?4, status = ?5, status_reason = ?6 "
        "WHERE id = ?1");
    if (!update.ok()) return update.error();
    if (auto s = update
                     ->bind(comment_id, edit.body_markdown, edit.body_html, edit.edited_at,
                            core::status_name(edit.status), edit.status_reason)
                     .exec();
        !s.ok()) {
      return s.error();
    }
    if (edit.status != state->status) {
      // The pipeline re-ran on the new text and decided the new status.
      if (auto s = record_status_change(db, comment_id, state->status, edit.status, std::nullopt, edit.status_reason,
                                        edit.edited_at);
          !s.ok()) {
        return s.error();
      }
    }
    if (auto s =
            adjust_visible_counts(db, state->story_id, state->parent_id, visibility_delta(state->status, edit.status));
        !s.ok()) {
      return s.error();
    }
    auto stored = load_comment(db, comment_id);
    if (!stored.ok()) return stored.error();
    if (edit.automated && edit.status != state->status) {
      if (auto s = record_automated_outcome(db, *stored, state->status, *edit.automated, edit.edited_at); !s.ok()) {
        return s.error();
      }
    }
    return stored;
  });
}

Result<Comment> SqliteStore::set_comment_status(Id comment_id, const core::StatusChange& change) {
  return impl_->write<Comment>([&](Connection& db) -> Result<Comment> {
    auto state = load_comment_state(db, comment_id);
    if (!state.ok()) return state.error();
    if (change.actor_id) {
      auto actor = user_exists(db, *change.actor_id);
      if (!actor.ok()) return actor.error();
      if (!*actor) return not_found("actor_not_found", "no such user");
    }
    if (auto s = change_comment_status(db, comment_id, *state, change.to, change.actor_id, change.reason, change.at);
        !s.ok()) {
      return s.error();
    }
    return load_comment(db, comment_id);
  });
}

Result<std::vector<core::CommentRevision>> SqliteStore::comment_revisions(Id comment_id) {
  return impl_->read([&](Connection& db) -> Result<std::vector<core::CommentRevision>> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    auto state = load_comment_state(db, comment_id);
    if (!state.ok()) return state.error();
    auto stmt = db.prepare(
        "SELECT revision, body_markdown, created_at FROM comment_revisions WHERE comment_id = ?1 ORDER BY revision");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(comment_id);
    std::vector<core::CommentRevision> revisions;
    for (;;) {
      auto row = stmt->step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      revisions.push_back(core::CommentRevision{comment_id, stmt->integer(0), stmt->text(1), stmt->int64(2)});
    }
    // Never edited: its text is the original and only revision.
    if (revisions.empty())
      revisions.push_back(core::CommentRevision{comment_id, 1, state->body_markdown, state->created_at});
    return revisions;
  });
}

Result<core::ThreadPage> SqliteStore::read_thread(const core::ThreadQuery& query) {
  const int limit = std::clamp(query.limit, 1, kMaxThreadPageSize);
  const int max_replies = std::clamp(query.max_replies_per_root, 0, kMaxRepliesPerRoot);
  return impl_->read([&](Connection& db) -> Result<core::ThreadPage> {
    // One snapshot for both queries, so replies match the page.
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    {
      auto story = db.prepare("SELECT 1 FROM stories WHERE id = ?1");
      if (!story.ok()) return story.error();
      auto row = story->bind(query.story_id).step();
      if (!row.ok()) return row.error();
      if (!*row) return not_found("story_not_found", "no such story");
    }

    core::ThreadPage page;
    if (query.featured_only) return read_featured(db, query, limit);
    {
      auto stmt = db.prepare(sqlite::thread_page_sql(query.sort, query.after.has_value()));
      if (!stmt.ok()) return stmt.error();
      // One more than asked for tells whether another page exists.
      const int fetch = limit + 1;
      if (!query.after) {
        stmt->bind(query.story_id, fetch);
      } else if (sorts_by_count(query.sort)) {
        stmt->bind(query.story_id, query.after->count, query.after->id, fetch);
      } else {
        stmt->bind(query.story_id, query.after->id, fetch);
      }
      for (;;) {
        auto row = stmt->step();
        if (!row.ok()) return row.error();
        if (!*row) break;
        page.top_level.push_back(comment_from_row(*stmt));
      }
    }
    if (page.top_level.size() > static_cast<std::size_t>(limit)) {
      page.top_level.pop_back();
      page.next = page_key(query.sort, page.top_level.back());
    }
    page.replies.resize(page.top_level.size());
    page.replies_truncated.assign(page.top_level.size(), false);
    if (page.top_level.empty()) return page;

    std::unordered_map<Id, std::size_t> slot_of;
    for (std::size_t i = 0; i < page.top_level.size(); ++i) slot_of.emplace(page.top_level[i].id, i);
    const int slots = sqlite::thread_replies_slots(page.top_level.size());
    auto stmt = db.prepare(sqlite::thread_replies_sql(slots));
    if (!stmt.ok()) return stmt.error();
    stmt->bind_one(1, max_replies + 1);
    for (int i = 0; i < slots; ++i) {
      if (static_cast<std::size_t>(i) < page.top_level.size()) {
        stmt->bind_one(i + 2, page.top_level[i].id);
      } else {
        stmt->bind_one(i + 2, nullptr);
      }
    }
    for (;;) {
      auto row = stmt->step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      Comment reply = comment_from_row(*stmt);
      auto it = slot_of.find(reply.root_id);
      if (it == slot_of.end()) continue;
      auto& replies = page.replies[it->second];
      if (replies.size() < static_cast<std::size_t>(max_replies)) {
        replies.push_back(std::move(reply));
      } else {
        page.replies_truncated[it->second] = true;
      }
    }
    for (auto& replies : page.replies) {
      std::sort(replies.begin(), replies.end(), [](const Comment& a, const Comment& b) { return a.id < b.id; });
    }
    return page;
  });
}

Result<core::ReactionResult> SqliteStore::set_reaction(Id comment_id, Id user_id, bool on, core::Millis at) {
  return impl_->write<core::ReactionResult>([&](Connection& db) -> Result<core::ReactionResult> {
    auto state = load_comment_state(db, comment_id);
    if (!state.ok()) return state.error();
    auto user = user_exists(db, user_id);
    if (!user.ok()) return user.error();
    if (!*user) return not_found("user_not_found", "no such user");

    auto change = db.prepare(on ? "INSERT INTO reactions (comment_id, user_id, created_at) VALUES (?1, ?2, ?3) "
                                  "ON CONFLICT (comment_id, user_id) DO NOTHING"
                                : "DELETE FROM reactions WHERE comment_id = ?1 AND user_id = ?2");
    if (!change.ok()) return change.error();
    if (on) {
      change->bind(comment_id, user_id, at);
    } else {
      change->bind(comment_id, user_id);
    }
    if (auto s = change->exec(); !s.ok()) return s.error();
    // Only a reaction actually added or removed moves the count: that is
    // what makes repeating the call harmless.
    if (db.changes() > 0) {
      auto adjust = db.prepare("UPDATE comments SET reaction_count = reaction_count + ?2 WHERE id = ?1");
      if (!adjust.ok()) return adjust.error();
      if (auto s = adjust->bind(comment_id, on ? 1 : -1).exec(); !s.ok()) return s.error();
    }
    auto count = db.prepare("SELECT reaction_count FROM comments WHERE id = ?1");
    if (!count.ok()) return count.error();
    auto row = count->bind(comment_id).step();
    if (!row.ok()) return row.error();
    return core::ReactionResult{on, *row ? count->int64(0) : 0};
  });
}

Result<std::vector<Id>> SqliteStore::reacted_comments(Id user_id, const std::vector<Id>& comment_ids) {
  return impl_->read([&](Connection& db) -> Result<std::vector<Id>> {
    auto tx = ReadTransaction::begin(db);
    if (!tx.ok()) return tx.error();
    auto stmt = db.prepare("SELECT 1 FROM reactions WHERE comment_id = ?1 AND user_id = ?2");
    if (!stmt.ok()) return stmt.error();
    std::vector<Id> reacted;
    std::unordered_set<Id> seen;
    for (Id comment_id : comment_ids) {
      if (!seen.insert(comment_id).second) continue;
      stmt->reset();
      auto row = stmt->bind(comment_id, user_id).step();
      if (!row.ok()) return row.error();
      if (*row) reacted.push_back(comment_id);
    }
    return reacted;
  });
}

Result<std::vector<Id>> SqliteStore::reactions_in_story(Id user_id, Id story_id) {
  return impl_->read([&](Connection& db) -> Result<std::vector<Id>> {
    auto stmt = db.prepare(
        "SELECT r.comment_id FROM reactions r JOIN comments c ON c.id = r.comment_id "
        "WHERE r.user_id = ?1 AND c.story_id = ?2 ORDER BY r.comment_id");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(user_id, story_id);
    std::vector<Id> ids;
    for (;;) {
      auto row = stmt->step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      ids.push_back(stmt->id(0));
    }
    return ids;
  });
}

Result<std::vector<core::Comment>> SqliteStore::own_hidden_comments(Id user_id, Id story_id, int limit) {
  return impl_->read([&](Connection& db) -> Result<std::vector<core::Comment>> {
    auto stmt = db.prepare(sqlite::comment_select() +
                           "WHERE c.author_id = ?1 AND c.story_id = ?2 AND c.status IN ('pending', 'rejected') "
                           "ORDER BY c.id DESC LIMIT ?3");
    if (!stmt.ok()) return stmt.error();
    stmt->bind(user_id, story_id, std::max(0, limit));
    std::vector<core::Comment> comments;
    for (;;) {
      auto row = stmt->step();
      if (!row.ok()) return row.error();
      if (!*row) break;
      comments.push_back(comment_from_row(*stmt));
    }
    return comments;
  });
}

// ---- Operations ----------------------------------------------------------------------

Status SqliteStore::backup(const std::string& path) {
  if (path.empty() || path == kMemoryPath || path == impl_->options.path) {
    return core::make_error(ErrorKind::kInvalidArgument, "invalid_path", "backup needs another file path");
  }
  // Written beside the target and renamed into place, so `path` holds either
  // the previous backup or a complete new one, never half of one.
  const std::string partial = path + ".partial";
  std::error_code ec;
  std::filesystem::remove(partial, ec);

  // Separate connections: the backup reads one snapshot (a WAL read
  // transaction) while the writer and readers keep serving.
  auto source = Connection::open(impl_->options.path, Connection::Mode::kReadOnly, settings_from(impl_->options));
  if (!source.ok()) return source.error();
  {
    auto dest = Connection::open(partial, Connection::Mode::kReadWrite, settings_from(impl_->options));
    if (!dest.ok()) return dest.error();
    sqlite3_backup* backup = sqlite3_backup_init((*dest)->handle(), "main", (*source)->handle(), "main");
    if (backup == nullptr) {
      const int rc = sqlite3_extended_errcode((*dest)->handle());
      return sqlite::sqlite_error(rc, sqlite3_errmsg((*dest)->handle()), "backup");
    }
    // -1 copies every page in one step, hence from one snapshot.
    const int stepped = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE) return sqlite::sqlite_error(stepped, sqlite3_errstr(stepped), "backup");
    if (finished != SQLITE_OK) return sqlite::sqlite_error(finished, sqlite3_errstr(finished), "backup");
    // A self-contained single file: no -wal beside it to copy along.
    if (auto s = (*dest)->exec_script("PRAGMA journal_mode = DELETE"); !s.ok()) return s;
  }
  std::filesystem::rename(partial, path, ec);
  if (ec) {
    std::filesystem::remove(partial, ec);
    return core::make_error(ErrorKind::kInternal, "backup_failed", "cannot move the backup into place");
  }
  return {};
}

}  // namespace townhall::store
