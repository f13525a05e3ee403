// Schema migrations compiled into the binary.
//
// Each migration is SQL text with a version number; the versions applied to a
// database are rows of its schema_migrations table. Migrations are append-only:
// once released, a migration's SQL never changes, and a new schema change is a
// new migration with the next version (see src/store/README.md).
#pragma once

#include <span>

#include "core/result.hpp"
#include "store/sqlite/connection.hpp"

namespace townhall::store::sqlite {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// All migrations, in ascending version order.
std::span<const Migration> migrations();

// The version the compiled-in migrations bring a database to.
int latest_schema_version();

// The highest version applied to the database on `connection`; 0 for a
// database that has never been migrated (or an empty file).
core::Result<int> applied_schema_version(Connection& connection);

// Applies the missing migrations in one BEGIN IMMEDIATE transaction, so a
// failure leaves the database as it was and two processes opening the same
// file migrate it once. Returns the resulting version. Fails with code
// "schema_too_new" if the database was migrated by a newer Townhall.
// REQUIRES: no transaction is open on `connection`.
core::Result<int> apply_migrations(Connection& connection, std::int64_t now_millis);

}  // namespace townhall::store::sqlite
