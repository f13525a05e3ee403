// Fills a database with a large, realistic discussion history for the
// uncached-read and queue benchmarks: N stories with M comments each (40 %
// top level, the rest replies up to five levels deep, a few reactions),
// optionally R open reports spread over the comments (1 to 4 each, by
// distinct readers), consistent counters, one site "bench" whose origin is
// http://bench.test. The site's report threshold is set high so that the
// reported comments stay published, as most do in real life: the reported
// and unmoderated queues then both hold them.
//
// It writes rows directly with SQLite in one transaction because going
// through the API would take minutes for a million comments; the schema is
// created by the real migrations first, so the rows are exactly what the
// server would have written.
//
// usage: seed_large DB STORIES COMMENTS_PER_STORY [REPORTS]
#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/id.hpp"
#include "render/markdown.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  check(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), db, sql);
  return stmt;
}

void run(sqlite3_stmt* stmt, sqlite3* db) {
  check(sqlite3_step(stmt), db, sqlite3_sql(stmt));
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
}

constexpr const char* kSentences[] = {
    "The council should publish the full costings before the next vote.",
    "I walked past the site this morning and the scaffolding is already up.",
    "Parking on Hollis Lane has been a problem for years, this won't fix it.",
    "Good reporting, thank you for covering the meeting in such detail.",
    "Does anyone know whether the bus route will change as well?",
    "My grandparents ran a stall at the old market, it would be lovely to see it back.",
    "The roof survey is the real question here; nobody has seen an independent one.",
    "I'd rather the money went to the library opening hours, to be honest.",
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 && argc != 5) {
    std::fprintf(stderr, "usage: %s DB STORIES COMMENTS_PER_STORY [REPORTS]\n", argv[0]);
    return 2;
  }
  const std::string path = argv[1];
  const int stories = std::atoi(argv[2]);
  const int per_story = std::atoi(argv[3]);
  const int reports = argc == 5 ? std::atoi(argv[4]) : 0;
  townhall::store::SqliteOptions options;
  options.path = path;
  if (auto migrated = townhall::store::SqliteStore::migrate(options); !migrated.ok()) {
    std::fprintf(stderr, "migrate: %s\n", migrated.error().message.c_str());
    return 1;
  }

  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db, "open");
  check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; BEGIN", nullptr, nullptr, nullptr), db,
        "begin");
  check(sqlite3_exec(db,
                     "INSERT INTO sites (id, name, edit_window_seconds, max_body_chars, auto_close_days, created_at, "
                     "report_threshold) VALUES ('bench', 'Bench Gazette', 300, 5000, 0, 0, 100);"
                     "INSERT INTO site_origins VALUES ('bench', 0, 'http://bench.test');"
                     "INSERT INTO rules (site_id, id, position, title, body_markdown, body_html, updated_at) VALUES "
                     "('bench', 'civility', 1, 'Be civil', 'Argue with ideas.', '<p>Argue with ideas.</p>', 0),"
                     "('bench', 'spam', 2, 'No spam', 'No advertising.', '<p>No advertising.</p>', 0),"
                     "('bench', 'illegal', 3, 'Nothing illegal', 'Nothing illegal.', '<p>Nothing illegal.</p>', 0);",
                     nullptr, nullptr, nullptr),
        db, "site");

  townhall::core::IdGenerator ids(1023);
  std::mt19937_64 rng(42);
  constexpr int kUsers = 2000;
  std::vector<std::int64_t> users;
  auto* user = prepare(db,
                       "INSERT INTO users (id, email, name, password_hash, role, created_at) "
                       "VALUES (?, ?, ?, 'x', 'commenter', 0)");
  for (int u = 0; u < kUsers; ++u) {
    const auto id = static_cast<std::int64_t>(ids.next());
    users.push_back(id);
    sqlite3_bind_int64(user, 1, id);
    const std::string email = "reader" + std::to_string(u) + "@bench.test";
    const std::string name = "Reader " + std::to_string(u);
    sqlite3_bind_text(user, 2, email.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(user, 3, name.c_str(), -1, SQLITE_TRANSIENT);
    run(user, db);
  }

  std::vector<std::string> html;
  for (const char* s : kSentences) html.push_back(townhall::render::markdown_to_html(s));

  auto* story = prepare(db,
                        "INSERT INTO stories (id, site_id, key, title, url, closed, created_at, comment_count) "
                        "VALUES (?, 'bench', ?, ?, ?, 0, 0, ?)");
  auto* comment = prepare(db,
                          "INSERT INTO comments (id, story_id, site_id, parent_id, root_id, depth, author_id, "
                          "body_markdown, body_html, status, created_at, reaction_count, reply_count) "
                          "VALUES (?, ?, 'bench', ?, ?, ?, ?, ?, ?, 'published', ?, ?, ?)");
  struct Written {
    std::int64_t id, author;
  };
  std::vector<Written> written;
  written.reserve(static_cast<std::size_t>(stories) * static_cast<std::size_t>(per_story));
  struct Row {
    std::int64_t id, parent, root;
    int depth, sentence;
    std::int64_t author, reactions, replies;
  };
  for (int s = 0; s < stories; ++s) {
    const auto story_id = static_cast<std::int64_t>(ids.next());
    const std::string key = "story-" + std::to_string(s);
    sqlite3_bind_int64(story, 1, story_id);
    sqlite3_bind_text(story, 2, key.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(story, 3, ("Story number " + std::to_string(s)).c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(story, 4, ("http://bench.test/" + key).c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(story, 5, per_story);
    run(story, db);

    std::vector<Row> rows;
    rows.reserve(static_cast<std::size_t>(per_story));
    for (int c = 0; c < per_story; ++c) {
      Row r{static_cast<std::int64_t>(ids.next()),
            0,
            0,
            0,
            static_cast<int>(rng() % std::size(kSentences)),
            users[rng() % users.size()],
            static_cast<std::int64_t>(rng() % 4 == 0 ? rng() % 20 : 0),
            0};
      if (c * 10 >= per_story * 4 && !rows.empty()) {  // after the first 40 %, replies
        Row& parent = rows[rng() % rows.size()];
        if (parent.depth < 5) {
          r.parent = parent.id;
          r.root = parent.depth == 0 ? parent.id : parent.root;
          r.depth = parent.depth + 1;
          ++parent.replies;
        }
      }
      if (r.depth == 0) r.root = r.id;
      rows.push_back(r);
    }
    for (const Row& r : rows) {
      sqlite3_bind_int64(comment, 1, r.id);
      sqlite3_bind_int64(comment, 2, story_id);
      if (r.parent != 0)
        sqlite3_bind_int64(comment, 3, r.parent);
      else
        sqlite3_bind_null(comment, 3);
      sqlite3_bind_int64(comment, 4, r.root);
      sqlite3_bind_int(comment, 5, r.depth);
      sqlite3_bind_int64(comment, 6, r.author);
      sqlite3_bind_text(comment, 7, kSentences[r.sentence], -1, SQLITE_STATIC);
      sqlite3_bind_text(comment, 8, html[static_cast<std::size_t>(r.sentence)].c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_int64(
          comment, 9,
          static_cast<std::int64_t>(townhall::core::IdGenerator::time_of(static_cast<townhall::core::Id>(r.id))));
      sqlite3_bind_int64(comment, 10, r.reactions);
      sqlite3_bind_int64(comment, 11, r.replies);
      run(comment, db);
      written.push_back({r.id, r.author});
    }
  }

  // Open reports on random comments, 1 to 4 each by distinct readers (never
  // the author), minutes after the comment; the comments' report counters
  // follow, and the queue counts with them (a trigger keeps those).
  auto* report = prepare(db,
                         "INSERT INTO reports (id, comment_id, site_id, reporter_id, rule_id, details, weight, "
                         "created_at) VALUES (?, ?, 'bench', ?, ?, '', 1, ?)");
  auto* flag = prepare(db, "UPDATE comments SET open_reports = ?, report_weight = ? WHERE id = ?");
  constexpr const char* kReportRules[] = {"civility", "civility", "spam"};
  std::unordered_set<std::size_t> reported;
  for (int filed = 0; filed < reports && reported.size() < written.size();) {
    const std::size_t pick = rng() % written.size();
    if (!reported.insert(pick).second) continue;
    const Written& target = written[pick];
    const int n = std::min(1 + static_cast<int>(rng() % 4), reports - filed);
    std::size_t reporter = rng() % users.size();
    const auto written_at =
        static_cast<std::int64_t>(townhall::core::IdGenerator::time_of(static_cast<townhall::core::Id>(target.id)));
    for (int k = 0; k < n; ++k, ++reporter) {
      if (users[reporter % users.size()] == target.author) ++reporter;
      sqlite3_bind_int64(report, 1, static_cast<std::int64_t>(ids.next()));
      sqlite3_bind_int64(report, 2, target.id);
      sqlite3_bind_int64(report, 3, users[reporter % users.size()]);
      sqlite3_bind_text(report, 4, kReportRules[rng() % std::size(kReportRules)], -1, SQLITE_STATIC);
      sqlite3_bind_int64(report, 5, written_at + (k + 1) * 60'000);
      run(report, db);
    }
    sqlite3_bind_int(flag, 1, n);
    sqlite3_bind_double(flag, 2, n);
    sqlite3_bind_int64(flag, 3, target.id);
    run(flag, db);
    filed += n;
  }
  sqlite3_finalize(report);
  sqlite3_finalize(flag);
  sqlite3_finalize(user);
  sqlite3_finalize(story);
  sqlite3_finalize(comment);
  check(sqlite3_exec(db, "COMMIT; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_close(db);
  std::printf("seeded %d stories x %d comments and %d reports into %s\n", stories, per_story, reports, path.c_str());
  return 0;
}
