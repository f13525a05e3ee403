// SqliteStore: the store contract on temporary database files, plus what is
// particular to SQLite (files, migrations, query plans, crash durability).
#include "store/sqlite/sqlite_store.hpp"

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "store/moderation_contract.hpp"
#include "store/sqlite/comment_sql.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/writer.hpp"

namespace townhall::store::testing {
namespace {

namespace fs = std::filesystem;
using core::CommentStatus;
using core::ErrorKind;

// One directory per test run, removed when the run ends.
class TempDir : public ::testing::Environment {
 public:
  static std::string new_path(const std::string& stem) {
    static std::atomic<int> counter{0};
    return (root() / (stem + std::to_string(counter++) + ".db")).string();
  }

  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root(), ec);
  }

 private:
  static const fs::path& root() {
    static const fs::path dir = [] {
      std::string pattern = (fs::path(::testing::TempDir()) / "townhall-store-XXXXXX").string();
      if (mkdtemp(pattern.data()) == nullptr) std::abort();  // a broken /tmp: nothing to test with
      return fs::path(pattern);
    }();
    return dir;
  }
};

[[maybe_unused]] auto* const kTempDir = ::testing::AddGlobalTestEnvironment(new TempDir);

std::unique_ptr<Store> open_store(const std::string& path) {
  SqliteOptions options;
  options.path = path;
  options.reader_connections = 2;
  options.cache_size_kib = 1024;
  auto store = SqliteStore::open(options);
  if (!store.ok()) {
    ADD_FAILURE() << "open " << path << ": " << store.error().code << ": " << store.error().message;
    return nullptr;
  }
  return std::move(store).value();
}

StoreBackend sqlite_backend() {
  return StoreBackend{
      "Sqlite",
      [] { return open_store(TempDir::new_path("contract")); },
      [] { return TempDir::new_path("backup"); },
      [](const std::string& path) { return open_store(path); },
  };
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest, ::testing::Values(sqlite_backend()), StoreBackendName{});
INSTANTIATE_TEST_SUITE_P(Sqlite, ModerationContractTest, ::testing::Values(sqlite_backend()), StoreBackendName{});

// Raw access to a database file, for checking what the Store does not expose.
class RawDb {
 public:
  explicit RawDb(const std::string& path) { sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr); }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // The first column of every row of `sql`, as text.
  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << " in " << sql;
      return out;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt, 0);
      out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "NULL");
    }
    sqlite3_finalize(stmt);
    return out;
  }

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      ADD_FAILURE() << (error != nullptr ? error : "?") << " in " << sql;
    }
    sqlite3_free(error);
  }

 private:
  sqlite3* db_ = nullptr;
};

// The contract fixture's helpers, on a file this test controls.
class SqliteStoreTest : public StoreContractTest {
 protected:
  void SetUp() override {
    path_ = TempDir::new_path("sqlite");
    store_ = open_store(path_);
    ASSERT_NE(store_, nullptr);
  }

  std::string path_;
};

TEST_F(SqliteStoreTest, ReopeningKeepsEverything) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::Comment root = post(story, ann);
  core::Comment reply = post(story, ann, root.id);
  must(store().set_reaction(root.id, ann.id, true, now()));
  must(store().create_session(core::NewSession{std::string(32, 'h'), ann.id, 0, 10}));
  store_.reset();

  store_ = open_store(path_);
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(must(store().get_site("courier")).allowed_origins.size(), 2u);
  EXPECT_EQ(story_count(story.id), 2);
  EXPECT_EQ(must(store().get_comment(reply.id)).parent_id, root.id);
  EXPECT_EQ(must(store().get_comment(root.id)).reaction_count, 1);
  EXPECT_EQ(must(store().session_user(std::string(32, 'h'), 5)).id, ann.id);
  // Closing the last connection checkpoints the WAL into the main file.
  store_.reset();
  EXPECT_FALSE(fs::exists(path_ + "-wal"));
}

TEST_F(SqliteStoreTest, MigrationsAreIdempotent) {
  const int latest = SqliteStore::latest_schema_version();
  EXPECT_GE(latest, 1);
  EXPECT_EQ(must(SqliteStore::schema_version(path_)), latest);
  add_site("courier");
  store_.reset();

  SqliteOptions options;
  options.path = path_;
  EXPECT_EQ(must(SqliteStore::migrate(options)), latest);
  EXPECT_EQ(must(SqliteStore::migrate(options)), latest);
  store_ = open_store(path_);
  ASSERT_NE(store_, nullptr);
  EXPECT_TRUE(store().get_site("courier").ok());
  store_.reset();

  RawDb raw(path_);
  EXPECT_EQ(raw.column("SELECT COUNT(*) FROM schema_migrations"), std::vector<std::string>{std::to_string(latest)});
}

TEST_F(SqliteStoreTest, SchemaVersionOfNewAndMissingFiles) {
  EXPECT_TRUE(failed_with(SqliteStore::schema_version(TempDir::new_path("missing")), ErrorKind::kNotFound,
                          "database_not_found"));
  const std::string empty = TempDir::new_path("empty");
  std::ofstream(empty).close();
  EXPECT_EQ(must(SqliteStore::schema_version(empty)), 0);
  // An empty file is an empty database: opening it migrates it.
  EXPECT_NE(open_store(empty), nullptr);
  EXPECT_EQ(must(SqliteStore::schema_version(empty)), SqliteStore::latest_schema_version());
}

TEST_F(SqliteStoreTest, RefusesASchemaFromANewerTownhall) {
  store_.reset();
  {
    RawDb raw(path_);
    raw.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)");
  }
  SqliteOptions options;
  options.path = path_;
  EXPECT_TRUE(failed_with(SqliteStore::open(options), ErrorKind::kInternal, "schema_too_new"));
  EXPECT_EQ(must(SqliteStore::schema_version(path_)), 9999);
}

TEST_F(SqliteStoreTest, GarbageFileIsAnErrorNotACrash) {
  const std::string garbage = TempDir::new_path("garbage");
  {
    std::ofstream out(garbage, std::ios::binary);
    for (int i = 0; i < 8192; ++i) out.put(static_cast<char>((i * 7919) % 251));
  }
  SqliteOptions options;
  options.path = garbage;
  EXPECT_TRUE(failed_with(SqliteStore::open(options), ErrorKind::kInternal, "not_a_database"));
  EXPECT_TRUE(failed_with(SqliteStore::migrate(options), ErrorKind::kInternal, "not_a_database"));
  EXPECT_FALSE(SqliteStore::schema_version(garbage).ok());
}

TEST_F(SqliteStoreTest, BadPathsAreRefused) {
  SqliteOptions options;
  EXPECT_TRUE(failed_with(SqliteStore::open(options), ErrorKind::kInvalidArgument, "invalid_path"));
  options.path = ":memory:";
  EXPECT_TRUE(failed_with(SqliteStore::open(options), ErrorKind::kInvalidArgument, "invalid_path"));
  options.path = "/nonexistent-directory/townhall.db";
  auto opened = SqliteStore::open(options);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().kind, ErrorKind::kInternal);
  EXPECT_FALSE(store().backup("").ok());
  EXPECT_FALSE(store().backup(path_).ok());  // never over the live database
  EXPECT_FALSE(store().backup("/nonexistent-directory/backup.db").ok());
}

TEST_F(SqliteStoreTest, EveryStatusChangeIsRecorded) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::User mod = add_user("mod");
  core::Comment c = post(story, ann, std::nullopt, CommentStatus::kPending);
  core::StatusChange approve{CommentStatus::kApproved, mod.id, "looks_fine", now()};
  must(store().set_comment_status(c.id, approve));
  core::CommentEdit edit{"edited", "<p>edited</p>", now(), CommentStatus::kPending, "suspect_word", {}, std::nullopt};
  must(store().edit_comment(c.id, edit));
  set_status(c.id, CommentStatus::kDeleted, "author_deleted");
  store_.reset();

  RawDb raw(path_);
  EXPECT_EQ(raw.column("SELECT COALESCE(from_status, 'NULL') || '>' || to_status || ':' || "
                       "COALESCE(actor_id, 'auto') || ':' || reason FROM comment_status_changes "
                       "WHERE comment_id = " +
                       std::to_string(c.id) + " ORDER BY id"),
            (std::vector<std::string>{
                "NULL>pending:auto:",
                "pending>approved:" + std::to_string(mod.id) + ":looks_fine",
                "approved>pending:auto:suspect_word",
                "pending>deleted:auto:author_deleted",
            }));
}

TEST_F(SqliteStoreTest, APublishedStartNeedsNoHistoryRowItsFirstChangeNamesIt) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  core::User mod = add_user("mod");
  core::Comment c = post(story, ann, std::nullopt, CommentStatus::kPublished);
  must(store().set_comment_status(c.id, core::StatusChange{CommentStatus::kRejected, mod.id, "civility", now()}));
  EXPECT_EQ(must(store().comment_revisions(c.id)).size(), 1u);  // the text it was posted with
  store_.reset();

  RawDb raw(path_);
  EXPECT_EQ(raw.column("SELECT COALESCE(from_status, 'NULL') || '>' || to_status FROM comment_status_changes "
                       "WHERE comment_id = " +
                       std::to_string(c.id) + " ORDER BY id"),
            (std::vector<std::string>{"published>rejected"}));
  EXPECT_EQ(raw.column("SELECT COUNT(*) FROM comment_revisions WHERE comment_id = " + std::to_string(c.id)),
            (std::vector<std::string>{"0"}));
}

TEST_F(SqliteStoreTest, ArbitraryBytesAndLargeBodiesRoundTrip) {
  add_site("courier");
  core::Story story = add_story("courier", "k\xff\xfe");
  EXPECT_EQ(story.key, "k\xff\xfe");
  core::User ann = add_user("ann");
  core::NewComment c = new_comment(story, ann);
  constexpr char kOddBytes[] = "nul\0inside \xc3\x28 invalid utf-8";
  c.body_markdown = std::string(kOddBytes, sizeof kOddBytes - 1);
  c.body_html = std::string(std::size_t{4} * 1024 * 1024, 'x');
  core::Comment stored = must(store().create_comment(c));
  EXPECT_EQ(stored.body_markdown, c.body_markdown);
  EXPECT_EQ(stored.body_html.size(), c.body_html.size());
  EXPECT_EQ(must(store().get_story("courier", "k\xff\xfe")).comment_count, 1);
}

// The thread queries must be driven by the partial indexes, in index order
// (no sort step); otherwise a story with many comments pages in O(n).
TEST_F(SqliteStoreTest, ThreadQueriesUseThePartialIndexes) {
  store_.reset();
  // The plan's rows are (id, parent, notused, detail).
  auto explain = [&](const std::string& sql) {
    std::string joined;
    sqlite3* db = nullptr;
    sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db);
    }
    while (stmt != nullptr && sqlite3_step(stmt) == SQLITE_ROW) {
      joined += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
      joined += "\n";
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return joined;
  };
  const std::pair<core::ThreadSort, const char*> sorts[] = {
      {core::ThreadSort::kNewest, "comments_top_by_id"},
      {core::ThreadSort::kOldest, "comments_top_by_id"},
      {core::ThreadSort::kReactions, "comments_top_by_reactions"},
      {core::ThreadSort::kReplies, "comments_top_by_replies"},
  };
  for (const auto& [sort, index] : sorts) {
    for (bool after : {false, true}) {
      const std::string detail = explain(sqlite::thread_page_sql(sort, after));
      EXPECT_NE(detail.find(std::string("USING INDEX ") + index), std::string::npos)
          << core::sort_name(sort) << (after ? " after" : "") << "\n"
          << detail;
      EXPECT_EQ(detail.find("TEMP B-TREE"), std::string::npos) << detail;
      EXPECT_EQ(detail.find("SCAN c"), std::string::npos) << detail;
    }
  }
  const std::string replies = explain(sqlite::thread_replies_sql(4));
  EXPECT_NE(replies.find("USING INDEX comments_replies (root_id=?)"), std::string::npos) << replies;
  EXPECT_EQ(replies.find("TEMP B-TREE"), std::string::npos) << replies;
}

TEST_F(SqliteStoreTest, BackupWhileWritingIsConsistent) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    core::IdGenerator ids(7);
    while (writing) {
      core::NewComment c = new_comment(story, ann);
      c.id = ids.next();
      if (!store().create_comment(c).ok()) ADD_FAILURE() << "write during backup failed";
    }
  });
  std::vector<std::string> backups;
  for (int i = 0; i < 3; ++i) {
    backups.push_back(TempDir::new_path("hot-backup"));
    must(store().backup(backups.back()));
  }
  writing = false;
  writer.join();

  for (const auto& path : backups) {
    RawDb raw(path);
    EXPECT_EQ(raw.column("PRAGMA integrity_check"), std::vector<std::string>{"ok"});
    // The counter and the rows come from one snapshot.
    EXPECT_EQ(raw.column("SELECT comment_count FROM stories"), raw.column("SELECT COUNT(*) FROM comments"));
  }
}

// An acknowledged write is committed before the caller hears of it: killing
// the process right after loses none of them.
TEST_F(SqliteStoreTest, AcknowledgedWritesSurviveKill9) {
  add_site("courier");
  core::Story story = add_story("courier", "k");
  core::User ann = add_user("ann");
  store_.reset();  // the child opens its own; no threads may run across fork()

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    std::unique_ptr<Store> store = open_store(path_);
    if (store == nullptr) _exit(1);
    core::IdGenerator ids(9);
    constexpr int kThreads = 4;
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        for (;;) {
          core::NewComment c;
          c.id = ids.next();
          c.story_id = story.id;
          c.author_id = ann.id;
          c.body_markdown = c.body_html = "x";
          if (!store->create_comment(c).ok()) _exit(2);
          if (write(fds[1], &c.id, sizeof c.id) != sizeof c.id) _exit(3);
        }
      });
    }
    for (auto& t : threads) t.join();
    _exit(0);
  }
  close(fds[1]);
  std::vector<core::Id> acknowledged;
  core::Id id = 0;
  while (acknowledged.size() < 200 && read(fds[0], &id, sizeof id) == sizeof id) acknowledged.push_back(id);
  kill(child, SIGKILL);
  while (read(fds[0], &id, sizeof id) == sizeof id) acknowledged.push_back(id);
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
  ASSERT_GE(acknowledged.size(), 200u);

  store_ = open_store(path_);
  ASSERT_NE(store_, nullptr);
  for (core::Id acked : acknowledged) EXPECT_TRUE(store().get_comment(acked).ok()) << acked;
  // Counters were committed with the rows they count.
  RawDb raw(path_);
  EXPECT_EQ(raw.column("SELECT comment_count FROM stories"), raw.column("SELECT COUNT(*) FROM comments"));
}

// ---- The writer on its own --------------------------------------------------------

class WriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = sqlite::Connection::open(TempDir::new_path("writer"), sqlite::Connection::Mode::kReadWrite, {});
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->exec_script("PRAGMA journal_mode = WAL; CREATE TABLE t (v INTEGER PRIMARY KEY);").ok());
    writer_ = std::make_unique<sqlite::Writer>(std::move(*db), sqlite::WriterOptions{});
  }

  static core::Status insert(sqlite::Connection& db, std::int64_t v) {
    auto stmt = db.prepare("INSERT INTO t (v) VALUES (?1)");
    if (!stmt.ok()) return stmt.error();
    return stmt->bind(v).exec();
  }

  std::vector<std::int64_t> values() {
    std::vector<std::int64_t> out;
    must(writer_->run([&](sqlite::Connection& db) -> core::Status {
      auto stmt = db.prepare("SELECT v FROM t ORDER BY v");
      if (!stmt.ok()) return stmt.error();
      for (;;) {
        auto row = stmt->step();
        if (!row.ok()) return row.error();
        if (!*row) return {};
        out.push_back(stmt->int64(0));
      }
    }));
    return out;
  }

  std::unique_ptr<sqlite::Writer> writer_;
};

TEST_F(WriterTest, AFailingJobRollsBackOnlyItself) {
  constexpr int kThreads = 16;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  std::atomic<int> wrong{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::int64_t v = t * 100 + i;
        const bool fail = i % 3 == 0;
        auto status = writer_->run([&](sqlite::Connection& db) -> core::Status {
          if (auto s = insert(db, v); !s.ok()) return s;
          if (fail) return core::make_error(ErrorKind::kUnprocessable, "nope", "job fails after writing");
          return {};
        });
        if (status.ok() == fail) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  auto stored = values();
  EXPECT_EQ(stored.size(), static_cast<std::size_t>(kThreads * 6));
  for (std::int64_t v : stored) EXPECT_NE(v % 100 % 3, 0) << v;
}

TEST_F(WriterTest, ConstraintViolationsAndThrowsAreErrors) {
  must(writer_->run([](sqlite::Connection& db) { return insert(db, 1); }));
  EXPECT_TRUE(failed_with(writer_->run([](sqlite::Connection& db) { return insert(db, 1); }), ErrorKind::kConflict,
                          "conflict"));
  auto thrown = writer_->run([](sqlite::Connection& db) -> core::Status {
    (void)insert(db, 2);
    throw std::runtime_error("boom");
  });
  EXPECT_TRUE(failed_with(thrown, ErrorKind::kInternal, "store_error"));
  EXPECT_EQ(values(), std::vector<std::int64_t>{1});
}

}  // namespace
}  // namespace townhall::store::testing
