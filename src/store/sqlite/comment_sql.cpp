#include "store/sqlite/comment_sql.hpp"

namespace townhall::store::sqlite {

namespace {

// LEFT JOIN rather than JOIN: it keeps comments the outer loop of every plan
// (so the thread indexes drive the query), and a comment stays readable even
// if its author row were ever missing.
constexpr char kCommentSelect[] =
    "SELECT c.id, c.story_id, c.site_id, c.parent_id, c.root_id, c.depth, c.author_id, u.name, c.body_markdown, "
    "c.body_html, c.status, c.status_reason, c.created_at, c.edited_at, c.reaction_count, c.reply_count, "
    "c.featured_at IS NOT NULL, c.open_reports, c.report_weight "
    "FROM comments c LEFT JOIN users u ON u.id = c.author_id ";

// The WHERE terms of the partial thread indexes of migration 1, word for
// word: SQLite uses a partial index only if the query repeats its terms.
constexpr char kListed[] = "(c.status IN ('published', 'approved') OR c.reply_count > 0)";

}  // namespace

const std::string& comment_select() {
  static const std::string select(kCommentSelect);
  return select;
}

core::Comment comment_from_row(const Statement& row) {
  core::Comment c;
  c.id = row.id(0);
  c.story_id = row.id(1);
  c.site_id = row.text(2);
  c.parent_id = row.optional_id(3);
  c.root_id = row.id(4);
  c.depth = row.integer(5);
  c.author_id = row.id(6);
  c.author_name = row.text(7);
  c.body_markdown = row.text(8);
  c.body_html = row.text(9);
  // Unknown names cannot be stored (a CHECK constraint); should a hand-edited
  // row hold one, treat the comment as hidden.
  c.status = core::parse_status(row.text(10)).value_or(core::CommentStatus::kPending);
  c.status_reason = row.text(11);
  c.created_at = row.int64(12);
  c.edited_at = row.optional_int64(13);
  c.reaction_count = row.int64(14);
  c.reply_count = row.int64(15);
  c.featured = row.int64(16) != 0;
  c.open_reports = row.int64(17);
  c.report_weight = row.real(18);
  return c;
}

std::string thread_page_sql(core::ThreadSort sort, bool after) {
  std::string sql = kCommentSelect;
  sql += "WHERE c.story_id = ?1 AND c.depth = 0 AND ";
  sql += kListed;
  switch (sort) {
    case core::ThreadSort::kNewest:
      sql += after ? " AND c.id < ?2 ORDER BY c.id DESC LIMIT ?3" : " ORDER BY c.id DESC LIMIT ?2";
      break;
    case core::ThreadSort::kOldest:
      sql += after ? " AND c.id > ?2 ORDER BY c.id ASC LIMIT ?3" : " ORDER BY c.id ASC LIMIT ?2";
      break;
    case core::ThreadSort::kReactions:
      sql += after ? " AND (c.reaction_count, c.id) < (?2, ?3) ORDER BY c.reaction_count DESC, c.id DESC LIMIT ?4"
                   : " ORDER BY c.reaction_count DESC, c.id DESC LIMIT ?2";
      break;
    case core::ThreadSort::kReplies:
      sql += after ? " AND (c.reply_count, c.id) < (?2, ?3) ORDER BY c.reply_count DESC, c.id DESC LIMIT ?4"
                   : " ORDER BY c.reply_count DESC, c.id DESC LIMIT ?2";
      break;
  }
  return sql;
}

std::string thread_replies_sql(int slots) {
  // One UNION ALL arm per root, each walking the replies index with its own
  // LIMIT: a root with thousands of replies costs no more than the limit,
  // which a single "root_id IN (...)" with a window function would not give.
  std::string sql;
  for (int i = 0; i < slots; ++i) {
    if (i > 0) sql += " UNION ALL ";
    sql += "SELECT * FROM (";
    sql += kCommentSelect;
    sql += "WHERE c.root_id = ?" + std::to_string(i + 2) + " AND c.depth > 0 AND ";
    sql += kListed;
    sql += " ORDER BY c.id LIMIT ?1)";
  }
  return sql;
}

std::string featured_page_sql(bool after) {
  std::string sql = kCommentSelect;
  sql += "WHERE c.story_id = ?1 AND c.featured_at IS NOT NULL AND c.status IN ('published', 'approved')";
  sql += after ? " AND (c.featured_at, c.id) < (?2, ?3) ORDER BY c.featured_at DESC, c.id DESC LIMIT ?4"
               : " ORDER BY c.featured_at DESC, c.id DESC LIMIT ?2";
  return sql;
}

int thread_replies_slots(std::size_t roots) {
  int slots = 1;
  while (static_cast<std::size_t>(slots) < roots) slots *= 2;
  return slots;
}

}  // namespace townhall::store::sqlite
