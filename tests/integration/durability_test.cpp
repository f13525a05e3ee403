// A 2xx answer to a write means the comment is on disk: kill -9 the server
// while many clients post, restart it, and every acknowledged comment must be
// there, intact.
#include <atomic>
#include <mutex>
#include <thread>

#include "integration/fixture.hpp"

namespace townhall::testing {
namespace {

class Durability : public TownhallTest {};

TEST_F(Durability, EveryAcknowledgedCommentSurvivesKill9) {
  open_story("crash");
  constexpr int kWriters = 8;
  std::vector<Account> writers;
  for (int i = 0; i < kWriters; ++i) writers.push_back(sign_up("Writer " + std::to_string(i)));

  std::mutex mu;
  std::map<std::string, std::string> acknowledged;  // id → body_html
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto c = new_client();
      c->set_timeout(std::chrono::milliseconds(3000));
      for (int i = 0; !stop.load(); ++i) {
        const std::string text = "writer " + std::to_string(w) + " comment " + std::to_string(i) + " *intact*";
        auto r =
            c->post(thread_path("crash"), body_json({{"body", text}}), writers[static_cast<std::size_t>(w)].auth());
        if (r.status != 201) break;  // the server died mid-request: not acknowledged
        std::lock_guard lock(mu);
        acknowledged.emplace(std::string(r.json().at("id").as_string()),
                             std::string(r.json().at("body_html").as_string()));
      }
    });
  }
  // Let the load build up, then crash the server in the middle of it.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  server_->kill_hard();
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_GT(acknowledged.size(), 50u) << "the load never got going";

  ASSERT_TRUE(server_->start()) << server_->log();
  client_ = new_client();
  std::map<std::string, std::string> stored;
  std::string cursor;
  do {
    auto r = client().get(thread_path("crash", "sort=oldest&limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    ASSERT_EQ(r.status, 200) << r.body;
    const boost::json::value page = r.json();
    for (const auto& c : page.at("comments").as_array()) {
      stored.emplace(std::string(c.at("id").as_string()), std::string(c.at("body_html").as_string()));
    }
    auto next = page.at("next_cursor");
    cursor = next.is_null() ? "" : std::string(next.as_string());
  } while (!cursor.empty());

  std::size_t missing = 0, damaged = 0;
  for (const auto& [id, html] : acknowledged) {
    auto it = stored.find(id);
    if (it == stored.end()) {
      ++missing;
    } else if (it->second != html) {
      ++damaged;
    }
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged comments";
  EXPECT_EQ(damaged, 0u);
  auto thread = client().get(thread_path("crash"));
  EXPECT_EQ(thread.json().at("story").at("comment_count").as_int64(), static_cast<std::int64_t>(stored.size()))
      << "the story's counter agrees with its comments";
}

}  // namespace
}  // namespace townhall::testing
