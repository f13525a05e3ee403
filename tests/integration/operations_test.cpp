// What an operator relies on: health, configuration sources, graceful
// shutdown, online backup, the demo.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "integration/fixture.hpp"

namespace townhall::testing {
namespace {

class Operations : public TownhallTest {};

TEST_F(Operations, HealthAnswersOk) {
  auto r = client().get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json().at("status"), "ok");
  EXPECT_FALSE(r.header("x-request-id").empty());
}

TEST_F(Operations, SigtermLetsInFlightWritesFinish) {
  open_story("bye");
  auto reader = sign_up("Last");
  std::atomic<int> acknowledged{0}, failed{0};
  std::vector<std::thread> threads;
  std::atomic<bool> stop{false};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto c = new_client();
      c->set_timeout(std::chrono::milliseconds(3000));
      while (!stop) {
        auto r = c->post(thread_path("bye"), body_json({{"body", "still here"}}), reader.auth());
        if (r.status == 201) {
          ++acknowledged;
        } else {
          ++failed;
          break;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(server_->stop(), 0) << server_->log();
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_GT(acknowledged.load(), 0);

  ASSERT_TRUE(server_->start());
  client_ = new_client();
  auto r = client().get(thread_path("bye", "limit=1"));
  EXPECT_EQ(r.json().at("story").at("comment_count").as_int64(), acknowledged.load())
      << "every acknowledged comment, and nothing half-written";
}

TEST_F(Operations, BackupWhileServingIsAUsableCopy) {
  open_story("kept");
  auto reader = sign_up("Archivist");
  post_comment(reader, "kept", "for the record");
  const std::string copy = dir_.path() + "/copy.db";
  auto backup = run_townhall({"--db", dir_.path() + "/townhall.db", "backup", copy});
  ASSERT_EQ(backup.exit_code, 0) << backup.output;

  ServerProcess restored(copy, {"log.requests=false"});
  ASSERT_TRUE(restored.start()) << restored.log();
  HttpClient c("127.0.0.1", restored.port());
  auto r = c.get(thread_path("kept"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().at("comments").at(0).at("author").at("name"), "Archivist");
  EXPECT_EQ(restored.stop(), 0);
}

TEST(Configuration, FileThenEnvironmentThenFlags) {
  TempDir dir;
  const std::string config = dir.path() + "/townhall.toml";
  std::ofstream(config) << "[server]\nport = 1\n[database]\npath = \"" << dir.path() << "/from-file.db\"\n";
  // The flag (--set server.port=0) beats the environment, which beats the file.
  ServerProcess server(dir.path() + "/from-flag.db", {}, {{"TOWNHALL_CONFIG", config}, {"TOWNHALL_SERVER_PORT", "2"}});
  ASSERT_TRUE(server.start()) << server.log();
  EXPECT_NE(server.port(), 1);
  EXPECT_NE(server.port(), 2);
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/from-flag.db")) << "--db beats database.path in the file";
  EXPECT_EQ(server.stop(), 0);
}

TEST(Configuration, UnknownSettingsAreErrorsNotSilence) {
  TempDir dir;
  auto r = run_townhall({"--db", dir.path() + "/x.db", "--set", "server.prot=9", "migrate"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.output.find("server.prot"), std::string::npos) << r.output;
  auto bad = run_townhall({"--db", dir.path() + "/x.db", "migrate"}, {{"TOWNHALL_SERVER_PORT", "eighty"}});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.output.find("TOWNHALL_SERVER_PORT"), std::string::npos) << bad.output;
}

TEST(Demo, ServesANewspaperThatEmbedsTheDiscussionAndPrintsTheAdminPasswordOnce) {
  TempDir dir;
  ServerProcess demo(dir.path() + "/demo.db", {"log.requests=false"});
  ASSERT_TRUE(demo.start({"--demo"})) << demo.log();
  std::smatch m;
  const std::string log = demo.log();
  ASSERT_TRUE(std::regex_search(log, m, std::regex(R"(demo newspaper on http://localhost:(\d+)/)"))) << log;
  const auto news_port = static_cast<std::uint16_t>(std::stoi(m[1]));
  ASSERT_NE(news_port, demo.port()) << "the newspaper is another origin than the API";

  HttpClient news("127.0.0.1", news_port);
  auto page = news.get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Council backs market hall plan"), std::string::npos);
  EXPECT_NE(page.body.find("data-site=\"millbrook\""), std::string::npos);
  EXPECT_NE(page.body.find("http://localhost:" + std::to_string(demo.port()) + "/embed.js"), std::string::npos)
      << "the widget is loaded from the API's origin";

  HttpClient api("127.0.0.1", demo.port());
  auto thread = api.get("/api/v1/sites/millbrook/stories/market-hall-vote/comments",
                        {{"origin", "http://localhost:" + std::to_string(news_port)}});
  ASSERT_EQ(thread.status, 200);
  EXPECT_GE(thread.json().at("story").at("comment_count").as_int64(), 5);
  EXPECT_EQ(thread.header("access-control-allow-origin"), "http://localhost:" + std::to_string(news_port))
      << "the newspaper's origin may read the discussion";
  auto embed = api.get("/embed?site=millbrook");
  EXPECT_EQ(embed.status, 200);
  EXPECT_NE(embed.body.find("embed.js"), std::string::npos);

  const auto at = log.find("password (shown once): ");
  ASSERT_NE(at, std::string::npos) << log;
  const std::string password = log.substr(at + 23, 24);
  auto signin =
      api.post("/api/v1/sessions", R"({"email":"admin@demo.townhall.invalid","password":")" + password + "\"}");
  EXPECT_EQ(signin.status, 200) << signin.body;
  EXPECT_EQ(signin.json().at("user").at("role"), "admin");
  EXPECT_EQ(demo.stop(), 0);

  // A second start reuses the data and does not print a new password.
  ASSERT_TRUE(demo.start({"--demo"}));
  EXPECT_EQ(demo.log().find("password (shown once)", at + 1), std::string::npos);
  EXPECT_EQ(demo.stop(), 0);
}

}  // namespace
}  // namespace townhall::testing
