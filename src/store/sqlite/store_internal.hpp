// Internal to store/sqlite: the SqliteStore's implementation state and the
// row helpers shared by its translation units (sqlite_store.cpp for sites,
// stories, users and comments; moderation_store.cpp for moderation).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/moderation.hpp"
#include "core/result.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/read_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store/sqlite/writer.hpp"

namespace townhall::store {

struct SqliteStore::Impl {
  SqliteOptions options;
  // Destroyed in reverse: readers close first, so the writer's connection is
  // the last one and checkpoints the WAL into the main file on close.
  std::unique_ptr<sqlite::Writer> writer;
  std::unique_ptr<sqlite::ReadPool> readers;

  // Runs `fn` on the writer in the next group commit; its result is returned
  // only once the batch is durable.
  template <typename T, typename F>
  core::Result<T> write(F&& fn) {
    std::optional<core::Result<T>> out;
    core::Status status = writer->run([&](sqlite::Connection& db) -> core::Status {
      out.emplace(fn(db));
      if (!out->ok()) return out->error();
      return {};
    });
    if (!status.ok()) return status.error();
    return std::move(*out);
  }

  // write() without waiting: `done` gets the result on the writer thread
  // once the batch is durable (Writer::submit says what it may do there).
  // `fn` is kept until it runs, so it must own what it uses.
  template <typename T, typename F>
  void write_async(F fn, std::function<void(core::Result<T>)> done) {
    auto out = std::make_shared<std::optional<core::Result<T>>>();
    writer->submit(
        [out, fn = std::move(fn)](sqlite::Connection& db) mutable -> core::Status {
          out->emplace(fn(db));
          if (!(*out)->ok()) return (*out)->error();
          return {};
        },
        [out, done = std::move(done)](core::Status status) {
          if (!status.ok()) {
            done(status.error());
          } else {
            done(std::move(**out));
          }
        });
  }

  template <typename F>
  core::Status write_status(F&& fn) {
    return writer->run([&](sqlite::Connection& db) { return fn(db); });
  }

  template <typename F>
  auto read(F&& fn) {
    auto lease = readers->acquire();
    return fn(*lease);
  }
};

namespace sqlite::rows {

core::Error not_found(std::string code, std::string message);
// Replaces the generic code of a uniqueness violation with the method's own.
core::Error conflict_as(core::Error error, std::string code, std::string message);
core::Error unprocessable(std::string code, std::string message);
std::string lower_ascii(std::string_view text);
// +1 when a comment becomes publicly visible, -1 when it stops, else 0.
int visibility_delta(core::CommentStatus from, core::CommentStatus to);
core::CommentStatus status_from(const std::string& text);
core::Role role_from(const std::string& text);

inline constexpr char kSiteColumns[] =
    "id, name, edit_window_seconds, max_body_chars, auto_close_days, created_at, report_threshold, premoderation, "
    "link_policy, max_links, new_commenter_approvals, rejection_rate_threshold, rejection_window_days, "
    "spam_threshold";
core::Site site_from_row(const Statement& row);
inline constexpr char kStoryColumns[] =
    "id, site_id, key, title, url, closed, created_at, comment_count, premoderated, featured_count";
core::Story story_from_row(const Statement& row);
inline constexpr char kUserColumns[] = "u.id, u.email, u.name, u.role, u.created_at";
inline constexpr int kUserColumnCount = 5;
core::User user_from_row(const Statement& row, int first = 0);

core::Result<core::Site> load_site(Connection& db, std::string_view site_id);
// Replaces the site's origins and link allow/deny domains.
core::Status store_origins(Connection& db, const core::Site& site);
// Binds the settings columns after id and name (?3..?13) for INSERT/UPDATE.
void bind_settings(Statement& stmt, const core::SiteSettings& settings);
core::Result<core::Story> load_story(Connection& db, core::Id story_id);
core::Result<core::Story> load_story_by_key(Connection& db, std::string_view site_id, std::string_view key);
// With the user's moderated sites.
core::Result<core::User> load_user(Connection& db, core::Id user_id);
core::Status load_moderated_sites(Connection& db, core::User& user);
core::Result<bool> user_exists(Connection& db, core::Id user_id);
core::Result<core::Comment> load_comment(Connection& db, core::Id comment_id);

// What the counters of a comment's status change depend on.
struct CommentState {
  core::Id story_id = 0;
  std::optional<core::Id> parent_id;
  core::CommentStatus status = core::CommentStatus::kPublished;
  std::string body_markdown;
  core::Millis created_at = 0;
};
core::Result<CommentState> load_comment_state(Connection& db, core::Id comment_id);
// The same, from a comment already loaded.
CommentState state_of(const core::Comment& comment);

// Keeps story.comment_count and the parent's reply_count equal to the number
// of visible comments/direct replies when one comment becomes (in)visible.
core::Status adjust_visible_counts(Connection& db, core::Id story_id, std::optional<core::Id> parent_id, int delta);
core::Status record_status_change(Connection& db, core::Id comment_id, std::optional<core::CommentStatus> from,
                                  core::CommentStatus to, std::optional<core::Id> actor_id, std::string_view reason,
                                  core::Millis at);
core::Status insert_revision(Connection& db, core::Id comment_id, int revision, std::string_view body, core::Millis at);
// Sets the status (and reason) with its history row and the visible counters.
core::Status change_comment_status(Connection& db, core::Id comment_id, const CommentState& state,
                                   core::CommentStatus to, std::optional<core::Id> actor_id, std::string_view reason,
                                   core::Millis at);
core::Status append_audit(Connection& db, const core::AuditEntry& entry);
core::Status insert_notification(Connection& db, const core::Notification& notification);
// The audit entry of an automatic hold or rejection and, for a rejection,
// the author's statement of reasons. `comment` is as stored, after.
core::Status record_automated_outcome(Connection& db, const core::Comment& comment, core::CommentStatus from,
                                      const core::AutomatedOutcome& outcome, core::Millis at);
// Keeps what the automatic steps found for a comment's current text.
core::Status insert_reasons(Connection& db, core::Id comment_id, const std::vector<core::AutomatedReason>& reasons);
// ModerationStore::enforce() inside the caller's transaction.
core::Result<core::EnforcementResult> apply_enforcement(Connection& db, const core::NewEnforcement& e);
// ModerationStore::author_record() inside the caller's transaction
// (moderation_store.cpp).
core::Result<core::AuthorRecord> load_author_record(Connection& db, core::Id author_id, std::string_view site_id,
                                                    core::Millis now, core::Millis since, std::int64_t enough_standing);

}  // namespace sqlite::rows

}  // namespace townhall::store
