// A 2xx answer to a write means the comment is on disk: kill -9 the server
// while many clients post, restart it, and every acknowledged comment must be
// there, intact.
#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "integration/fixture.hpp"

namespace townhall::testing {
namespace {

// Readers post on one story from several connections until the server
// stops answering; the fixture keeps what was acknowledged and checks it
// against what the restarted server has.
class Durability : public TownhallTest {
 protected:
  static constexpr int kWriters = 8;

  void start_posting() {
    open_story("crash");
    for (int i = 0; i < kWriters; ++i) writers_.push_back(sign_up("Writer " + std::to_string(i)));
    for (int w = 0; w < kWriters; ++w) {
      threads_.emplace_back([this, w] {
        auto c = new_client();
        c->set_timeout(std::chrono::milliseconds(3000));
        for (int i = 0; !stop_.load(); ++i) {
          const std::string text = "writer " + std::to_string(w) + " comment " + std::to_string(i) + " *intact*";
          auto r =
              c->post(thread_path("crash"), body_json({{"body", text}}), writers_[static_cast<std::size_t>(w)].auth());
          if (r.status != 201) break;  // the server went away mid-request: not acknowledged
          std::lock_guard lock(mu_);
          acknowledged_.emplace(std::string(r.json().at("id").as_string()),
                                std::string(r.json().at("body_html").as_string()));
        }
      });
    }
    // Let the load build up.
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  }

  void stop_posting() {
    stop_ = true;
    for (auto& t : threads_) t.join();
  }

  void expect_every_acknowledged_comment_stored() {
    ASSERT_GT(acknowledged_.size(), 50u) << "the load never got going";
    ASSERT_TRUE(server_->start()) << server_->log();
    client_ = new_client();
    std::map<std::string, std::string> stored;
    std::string cursor;
    do {
      auto r =
          client().get(thread_path("crash", "sort=oldest&limit=100" + (cursor.empty() ? "" : "&cursor=" + cursor)));
      ASSERT_EQ(r.status, 200) << r.body;
      const boost::json::value page = r.json();
      for (const auto& c : page.at("comments").as_array()) {
        stored.emplace(std::string(c.at("id").as_string()), std::string(c.at("body_html").as_string()));
      }
      auto next = page.at("next_cursor");
      cursor = next.is_null() ? "" : std::string(next.as_string());
    } while (!cursor.empty());

    std::size_t missing = 0, damaged = 0;
    for (const auto& [id, html] : acknowledged_) {
      auto it = stored.find(id);
      if (it == stored.end()) {
        ++missing;
      } else if (it->second != html) {
        ++damaged;
      }
    }
    EXPECT_EQ(missing, 0u) << "of " << acknowledged_.size() << " acknowledged comments";
    EXPECT_EQ(damaged, 0u);
    auto thread = client().get(thread_path("crash"));
    EXPECT_EQ(thread.json().at("story").at("comment_count").as_int64(), static_cast<std::int64_t>(stored.size()))
        << "the story's counter agrees with its comments";
  }

  std::vector<Account> writers_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::map<std::string, std::string> acknowledged_;  // id → body_html
};

TEST_F(Durability, EveryAcknowledgedCommentSurvivesKill9) {
  start_posting();
  server_->kill_hard();  // in the middle of the load
  stop_posting();
  expect_every_acknowledged_comment_stored();
}

// A stop while comments are being written: the server answers or drops
// what is in flight, exits cleanly (it waits for the writes it accepted),
// and loses nothing it acknowledged.
TEST_F(Durability, AStopUnderLoadExitsCleanlyAndKeepsEveryAcknowledgedComment) {
  start_posting();
  EXPECT_EQ(server_->stop(), 0) << server_->log();
  stop_posting();
  expect_every_acknowledged_comment_stored();
}

}  // namespace
}  // namespace townhall::testing
