// Connection and Statement: a thin RAII layer over one sqlite3 handle.
//
// Internal to store/sqlite. A Connection owns its handle and a cache of
// prepared statements; a Statement is a lease of one of them that resets the
// statement (and clears its bindings) when it goes out of scope, so cached
// statements never hold read locks or stale parameters between uses.
//
// Thread safety: a Connection and its Statements are used by one thread at a
// time (the writer thread, or whichever thread leased a reader from the pool);
// connections are opened with SQLITE_OPEN_NOMUTEX accordingly.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/id.hpp"
#include "core/result.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace townhall::store::sqlite {

// Binds as a BLOB rather than TEXT: session token hashes are raw bytes and
// BLOB and TEXT values never compare equal in SQLite.
struct Blob {
  std::string_view bytes;
};

// Maps an SQLite result code (extended codes included) to the store's error
// kinds: uniqueness → kConflict, busy/locked → kUnavailable, I/O and
// corruption → kInternal. `context` names the operation for the message.
core::Error sqlite_error(int rc, std::string_view detail, std::string_view context);

class Statement {
 public:
  // `in_use` is the cache's lease flag for a cached statement, cleared when
  // this lease ends; nullptr for a private statement, finalized instead.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds parameters ?1..?N in order. A failed bind is remembered and
  // reported by the next step()/exec(), so call sites bind without checking.
  template <typename... Args>
  Statement& bind(const Args&... args) {
    int index = 1;
    (bind_one(index++, args), ...);
    return *this;
  }
  Statement& bind_one(int index, std::int64_t value);
  Statement& bind_one(int index, core::Id value);
  Statement& bind_one(int index, int value);
  Statement& bind_one(int index, bool value);
  Statement& bind_one(int index, double value);
  Statement& bind_one(int index, std::string_view value);
  Statement& bind_one(int index, const std::string& value) { return bind_one(index, std::string_view(value)); }
  Statement& bind_one(int index, const char* value) { return bind_one(index, std::string_view(value)); }
  Statement& bind_one(int index, Blob value);
  Statement& bind_one(int index, std::nullptr_t);
  template <typename T>
  Statement& bind_one(int index, const std::optional<T>& value) {
    return value ? bind_one(index, *value) : bind_one(index, nullptr);
  }

  // Advances to the next row: true when a row is available, false when done.
  core::Result<bool> step();
  // Runs the statement to completion, ignoring any rows.
  core::Status exec();
  // Makes the statement ready to bind and run again within the same lease.
  void reset();

  // Column accessors for the current row (0-based). REQUIRES: step() gave a row.
  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  double real(int column) const;
  int integer(int column) const;
  // Ids are stored as the signed bit pattern of the unsigned id; this undoes it.
  core::Id id(int column) const;
  std::optional<core::Id> optional_id(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
  int bind_error_ = 0;
};

// Settings applied to every connection when it opens.
struct ConnectionSettings {
  int busy_timeout_ms = 0;
  int cache_size_kib = 0;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (for kReadWrite, creates) the database file. The file is not read
  // until the first statement, so a file that is not a database fails later,
  // in the first exec(), with code "not_a_database".
  static core::Result<std::unique_ptr<Connection>> open(const std::string& path, Mode mode,
                                                        const ConnectionSettings& settings);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs SQL text without parameters (pragmas, migrations); may hold several
  // statements.
  core::Status exec_script(const std::string& sql);

  // A cached prepared statement for `sql`. If that statement is already in
  // use on this connection (a nested query with the same text), a private
  // statement is prepared instead, so leases never interfere.
  core::Result<Statement> prepare(const std::string& sql);

  // Rows changed by the most recent INSERT/UPDATE/DELETE.
  std::int64_t changes() const;
  // Whether no transaction is open (SQLite's autocommit mode); used to detect
  // that an error rolled back the whole transaction.
  bool autocommit() const;

  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db);

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  sqlite3* db_;
  // Node-based, so the addresses of `in_use` flags held by leases stay valid.
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace townhall::store::sqlite
