#include "store/sqlite/connection.hpp"

#include <sqlite3.h>

#include <mutex>
#include <utility>

namespace townhall::store::sqlite {

namespace {

using core::Error;
using core::ErrorKind;

Error error_from(sqlite3* db, int rc, std::string_view context) {
  return sqlite_error(rc, db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc), context);
}

}  // namespace

Error sqlite_error(int rc, std::string_view detail, std::string_view context) {
  std::string message(context);
  message += ": ";
  message += detail;
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY: return core::make_error(ErrorKind::kConflict, "conflict", std::move(message));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return core::make_error(ErrorKind::kNotFound, "reference_not_found", std::move(message));
    case SQLITE_TOOBIG: return core::make_error(ErrorKind::kPayloadTooLarge, "too_big", std::move(message));
    case SQLITE_NOTADB: return core::make_error(ErrorKind::kInternal, "not_a_database", std::move(message));
    case SQLITE_CORRUPT: return core::make_error(ErrorKind::kInternal, "store_corrupt", std::move(message));
    case SQLITE_FULL: return core::make_error(ErrorKind::kInternal, "store_full", std::move(message));
    default: break;
  }
  switch (rc & 0xff) {  // the primary code of an extended code
    case SQLITE_CONSTRAINT: return core::make_error(ErrorKind::kUnprocessable, "constraint_failed", std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return core::make_error(ErrorKind::kUnavailable, "store_busy", std::move(message));
    case SQLITE_NOMEM: return core::make_error(ErrorKind::kUnavailable, "store_out_of_memory", std::move(message));
    case SQLITE_CORRUPT: return core::make_error(ErrorKind::kInternal, "store_corrupt", std::move(message));
    case SQLITE_IOERR: return core::make_error(ErrorKind::kInternal, "store_io_error", std::move(message));
    case SQLITE_CANTOPEN: return core::make_error(ErrorKind::kInternal, "store_cannot_open", std::move(message));
    case SQLITE_READONLY: return core::make_error(ErrorKind::kInternal, "store_read_only", std::move(message));
    default: return core::make_error(ErrorKind::kInternal, "store_error", std::move(message));
  }
}

// ---- Statement ------------------------------------------------------------

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use) : db_(db), stmt_(stmt), in_use_(in_use) {
  if (in_use_ != nullptr) *in_use_ = true;
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_error_(other.bind_error_) {}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

namespace {
int keep_first_error(int current, int rc) { return current != SQLITE_OK ? current : rc; }
}  // namespace

Statement& Statement::bind_one(int index, std::int64_t value) {
  bind_error_ = keep_first_error(bind_error_, sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::bind_one(int index, core::Id value) {
  // SQLite integers are signed; ids keep their bit pattern, so every id
  // round-trips and generator ids (below 2^63) also keep their order.
  return bind_one(index, static_cast<std::int64_t>(value));
}

Statement& Statement::bind_one(int index, int value) { return bind_one(index, static_cast<std::int64_t>(value)); }

Statement& Statement::bind_one(int index, bool value) { return bind_one(index, std::int64_t{value ? 1 : 0}); }

Statement& Statement::bind_one(int index, double value) {
  bind_error_ = keep_first_error(bind_error_, sqlite3_bind_double(stmt_, index, value));
  return *this;
}

Statement& Statement::bind_one(int index, std::string_view value) {
  // A non-null pointer even for an empty view: NULL would bind SQL NULL.
  const char* data = value.data() != nullptr ? value.data() : "";
  bind_error_ = keep_first_error(bind_error_,
                                 sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_one(int index, Blob value) {
  const char* data = value.bytes.data() != nullptr ? value.bytes.data() : "";
  bind_error_ =
      keep_first_error(bind_error_, sqlite3_bind_blob64(stmt_, index, data, value.bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_one(int index, std::nullptr_t) {
  bind_error_ = keep_first_error(bind_error_, sqlite3_bind_null(stmt_, index));
  return *this;
}

core::Result<bool> Statement::step() {
  if (bind_error_ != SQLITE_OK) return sqlite_error(bind_error_, sqlite3_errstr(bind_error_), "bind");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return error_from(db_, rc, "step");
}

core::Status Statement::exec() {
  for (;;) {
    auto row = step();
    if (!row.ok()) return row.error();
    if (!*row) return {};
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_error_ = SQLITE_OK;
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

int Statement::integer(int column) const { return sqlite3_column_int(stmt_, column); }

core::Id Statement::id(int column) const { return static_cast<core::Id>(sqlite3_column_int64(stmt_, column)); }

std::optional<core::Id> Statement::optional_id(int column) const {
  if (is_null(column)) return std::nullopt;
  return id(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Statement::blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

// ---- Connection -----------------------------------------------------------

namespace {

// Process-wide SQLite settings, applied before the library initialises.
// Memory statistics cost a global mutex on every allocation, which every
// connection (the writer and all readers) would then contend for; nothing
// reads them. Each connection is used by one thread at a time, so the
// library needs no locking of its own (SQLITE_OPEN_NOMUTEX below too).
void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    // SQLITE_MISUSE when the library was initialised before (another user
    // in the process): it keeps its settings, which are only slower.
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
  });
}

}  // namespace

core::Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, Mode mode,
                                                           const ConnectionSettings& settings) {
  configure_library();
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  flags |= mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    core::Error error = error_from(db, rc, "open " + path);
    sqlite3_close(db);  // sqlite3_open_v2 allocates a handle even when it fails
    return error;
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  // Defensive mode refuses writes that could corrupt the file (writable_schema
  // and the like); nothing in Townhall needs them.
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_busy_timeout(db, settings.busy_timeout_ms);
  if (settings.cache_size_kib > 0) {
    // A negative cache_size is in KiB rather than pages.
    auto status = connection->exec_script("PRAGMA cache_size = -" + std::to_string(settings.cache_size_kib));
    if (!status.ok()) return status.error();
  }
  return connection;
}

Connection::Connection(sqlite3* db) : db_(db) {}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
  sqlite3_close(db_);
}

core::Status Connection::exec_script(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return {};
  std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return sqlite_error(rc, detail, "exec");
}

core::Result<Statement> Connection::prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end() && !it->second.in_use) return Statement(db_, it->second.stmt, &it->second.in_use);
  const bool cache = it == cache_.end();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) return error_from(db_, rc, "prepare");
  if (stmt == nullptr) {
    return core::make_error(core::ErrorKind::kInternal, "store_error", "prepare: empty statement");
  }
  if (!cache) return Statement(db_, stmt, nullptr);
  auto [inserted, _] = cache_.emplace(sql, Cached{stmt, false});
  return Statement(db_, stmt, &inserted->second.in_use);
}

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::autocommit() const { return sqlite3_get_autocommit(db_) != 0; }

}  // namespace townhall::store::sqlite
