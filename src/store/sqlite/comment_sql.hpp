// The comment queries: reading a comment row and the two thread queries.
//
// Internal to store/sqlite; in a header of its own so that tests can check
// the query plans (that the thread queries use the partial thread indexes).
#pragma once

#include <string>

#include "core/domain.hpp"
#include "store/sqlite/connection.hpp"

namespace townhall::store::sqlite {

// "SELECT <every column of a Comment> FROM comments c LEFT JOIN users u ... ",
// ready for a WHERE clause on `c`; rows are read by comment_from_row.
const std::string& comment_select();
core::Comment comment_from_row(const Statement& row);

// Top-level comments of a story in `sort` order. Parameters: ?1 story id,
// then the cursor when `after` (count and id for the count sorts, id alone
// for the others), then the row limit.
std::string thread_page_sql(core::ThreadSort sort, bool after);

// A story's visible featured comments, most recently featured first.
// Parameters: ?1 story id, then (featured_at, id) of the last one seen when
// `after`, then the row limit.
std::string featured_page_sql(bool after);

// Replies (depth > 0) under up to `slots` top-level comments, oldest first
// within each root, at most ?1 per root; ?2..?(slots+1) are the root ids
// (bind NULL to unused slots).
std::string thread_replies_sql(int slots);

// The slot count to prepare for `roots` roots: powers of two, so a connection
// caches a handful of replies statements rather than one per page size.
int thread_replies_slots(std::size_t roots);

}  // namespace townhall::store::sqlite
