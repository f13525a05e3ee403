// SqliteStore: the Store on one SQLite database file (the default backend).
//
// One writer thread owns the only read-write connection and commits
// concurrent writes together (group commit, see store/sqlite/writer.hpp);
// reads run on a pool of read-only connections, concurrently with each other
// and with the writer thanks to WAL. When a mutating method returns ok its
// transaction has been committed with synchronous=FULL: it survives kill -9
// and a power cut.
//
// Thread safety: all Store methods may be called from any thread. Destroying
// the store while calls are in flight is a bug.
//
// Several processes may open the same file (e.g. `townhall backup` beside a
// running server); SQLite's locks serialize their writes, and busy_timeout_ms
// bounds how long one waits for another.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "store/store.hpp"

namespace townhall::store {

struct SqliteOptions {
  // The database file, created (and migrated) if missing. Must be a file:
  // ":memory:" is refused because WAL and the reader pool need one.
  std::string path;

  // Read-only connections serving reads in parallel. Default 4: reads are
  // short and CPU-bound, so more than the number of cores gains little, while
  // each connection costs up to cache_size_kib of memory.
  int reader_connections = 4;

  // How long a statement waits for a lock held by another process (a
  // migration, a backup, a second server) before failing with Unavailable.
  int busy_timeout_ms = 5000;

  // Page cache per connection, in KiB (SQLite's default is 2 MiB). Larger
  // keeps more of the hot threads in memory; it is paid per connection.
  int cache_size_kib = 16 * 1024;

  // Writes waiting for the writer beyond this many are refused with
  // Unavailable ("store_overloaded") instead of queueing without bound.
  std::size_t max_queued_writes = 10000;

  // Writes committed together at most. Larger batches mean fewer fsyncs under
  // load but a longer wait for the first caller in the batch.
  std::size_t max_batch_size = 256;
};

class SqliteStore final : public Store {
 public:
  // Opens the database, applies pending migrations and starts the writer.
  // Errors: InvalidArgument ("invalid_path") for an empty path or
  // ":memory:"; Internal ("not_a_database") if the file is not an SQLite
  // database, ("schema_too_new") if a newer Townhall migrated it, and
  // Internal/Unavailable for I/O failures and locks held too long.
  static core::Result<std::unique_ptr<Store>> open(const SqliteOptions& options);

  // Applies pending migrations without starting a store (`townhall
  // migrate`). Returns the schema version afterwards.
  static core::Result<int> migrate(const SqliteOptions& options);

  // The schema version of the database at `path` (0 if never migrated),
  // read without changing anything. NotFound ("database_not_found") if there
  // is no such file.
  static core::Result<int> schema_version(const std::string& path);

  // The version this binary's migrations bring a database to.
  static int latest_schema_version();

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // ---- Store ----
  Result<core::Site> create_site(const core::Site& site) override;
  Result<core::Site> get_site(std::string_view site_id) override;
  Result<std::vector<core::Site>> list_sites() override;
  Result<core::Site> update_site(const core::Site& site) override;

  Result<core::Story> get_story(std::string_view site_id, std::string_view key) override;
  Result<core::Story> get_story_by_id(Id story_id) override;
  Result<core::Story> ensure_story(const core::NewStory& story) override;
  Result<core::Story> update_story(Id story_id, const core::StoryUpdate& update) override;
  Result<std::vector<core::StoryCount>> comment_counts(std::string_view site_id,
                                                       const std::vector<std::string>& keys) override;

  Result<core::User> create_user(const core::NewUser& user) override;
  Result<core::User> get_user(Id user_id) override;
  Result<core::Credentials> find_credentials(std::string_view email) override;
  Status set_role(Id user_id, core::Role role) override;
  Status set_password_hash(Id user_id, std::string_view password_hash) override;

  Status create_session(const core::NewSession& session) override;
  Result<core::User> session_user(std::string_view token_hash, core::Millis now) override;
  Status delete_session(std::string_view token_hash) override;

  void submit_comment(core::NewComment comment, CommentGate gate,
                      std::function<void(Result<core::Comment>)> done) override;
  Result<core::Comment> get_comment(Id comment_id) override;
  Result<core::Comment> edit_comment(Id comment_id, const core::CommentEdit& edit) override;
  Result<core::Comment> set_comment_status(Id comment_id, const core::StatusChange& change) override;
  Result<std::vector<core::CommentRevision>> comment_revisions(Id comment_id) override;
  Result<core::ThreadPage> read_thread(const core::ThreadQuery& query) override;
  Result<core::ReactionResult> set_reaction(Id comment_id, Id user_id, bool on, core::Millis at) override;
  Result<std::vector<Id>> reacted_comments(Id user_id, const std::vector<Id>& comment_ids) override;
  Result<std::vector<Id>> reactions_in_story(Id user_id, Id story_id) override;
  Result<std::vector<core::Comment>> own_hidden_comments(Id user_id, Id story_id, int limit) override;

  Status backup(const std::string& path) override;

  // ---- ModerationStore (moderation_store.cpp) ----
  Result<std::vector<core::Rule>> list_rules(std::string_view site_id, bool include_archived) override;
  Result<std::vector<core::Rule>> replace_rules(std::string_view site_id, const std::vector<core::Rule>& rules,
                                                std::optional<Id> actor_id, Id audit_id, core::Millis at) override;
  Result<core::ReporterRecord> reporter_record(Id user_id) override;
  Result<core::ReportResult> create_report(const core::NewReport& report) override;
  Result<core::LegalNotice> create_legal_notice(const core::LegalNotice& notice) override;
  Result<core::LegalNotice> get_legal_notice(Id notice_id) override;
  Result<core::LegalNotice> decide_legal_notice(const NoticeDecision& decision) override;
  Result<core::DecisionResult> decide_comment(const core::CommentDecision& decision) override;
  Result<core::QueuePage> read_queue(const core::QueueQuery& query) override;
  Result<core::QueueCounts> queue_counts(std::string_view site_id, std::optional<Id> story_id) override;
  Result<core::EnforcementResult> enforce(const core::NewEnforcement& enforcement) override;
  Result<core::Standing> standing(Id user_id, std::string_view site_id, core::Millis now) override;
  Result<std::vector<core::Notification>> notifications(Id user_id, int limit, std::optional<Id> before) override;
  Result<core::Notification> get_notification(Id notification_id) override;
  Result<std::int64_t> unread_notifications(Id user_id) override;
  Status mark_notifications_read(Id user_id, core::Millis at) override;
  Result<core::Notification> acknowledge_notification(Id user_id, Id notification_id, core::Millis at) override;
  Status add_notification(const core::Notification& notification) override;
  Result<core::Appeal> create_appeal(const core::NewAppeal& appeal) override;
  Result<core::Appeal> get_appeal(Id appeal_id) override;
  Result<core::Appeal> resolve_appeal(const core::AppealResolution& resolution) override;
  Result<core::UserHistory> user_history(Id user_id, std::optional<std::string> site_id, int recent_comments) override;
  Result<core::ModeratorNote> add_note(const core::ModeratorNote& note) override;
  Result<std::vector<core::AuditEntry>> read_audit(const core::AuditQuery& query) override;
  Result<core::TransparencyReport> transparency(std::string_view site_id, core::Millis from, core::Millis to) override;
  Result<std::string> word_list(std::string_view site_id, core::WordListKind kind) override;
  Status set_word_list(std::string_view site_id, core::WordListKind kind, std::string_view text, Id actor_id,
                       Id audit_id, core::Millis at) override;
  Result<std::optional<std::string>> spam_model(std::string_view site_id) override;
  Status save_spam_model(std::string_view site_id, std::string_view bytes, core::Millis at) override;
  Result<core::AuthorRecord> author_record(Id author_id, std::string_view site_id, core::Millis now, core::Millis since,
                                           std::int64_t enough_standing) override;
  Status set_moderated_sites(Id user_id, const std::vector<std::string>& site_ids) override;

 private:
  struct Impl;  // keeps sqlite3.h and the connection types out of this header

  explicit SqliteStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace townhall::store
