// The events route and the rendering of live events, through Api::handle()
// on a real SQLite store, with a fake StreamWriter standing in for the
// socket.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "api/api.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/server_process.hpp"

namespace townhall::api {
namespace {

namespace json = boost::json;
constexpr const char* kSite = "courier";
constexpr const char* kStoryKey = "budget";
constexpr std::uint32_t kNode = 1;

class FakeWriter final : public http::StreamWriter {
 public:
  bool write_shared(std::shared_ptr<const std::string> chunk) override {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    chunks_.push_back(*chunk);
    return true;
  }
  void close() override { hang_up(); }
  void on_closed(std::function<void()> callback) override {
    {
      std::lock_guard lock(mu_);
      if (!closed_) {
        callbacks_.push_back(std::move(callback));
        return;
      }
    }
    callback();
  }
  bool closed() const override {
    std::lock_guard lock(mu_);
    return closed_;
  }

  // What the server does when the client goes away.
  void hang_up() {
    std::vector<std::function<void()>> callbacks;
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      callbacks.swap(callbacks_);
    }
    for (auto& callback : callbacks) callback();
  }

  std::vector<std::string> chunks() const {
    std::lock_guard lock(mu_);
    return chunks_;
  }

  // Waits (up to 5 s) until `n` chunks have arrived: the hub writes from
  // its own thread.
  bool wait_for(std::size_t n) const {
    for (int i = 0; i < 500; ++i) {
      if (chunks().size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }

  // The data of the last message, parsed.
  json::object last_data() const {
    auto all = chunks();
    if (all.empty()) return {};
    const std::string& text = all.back();
    const auto at = text.find("data: ");
    if (at == std::string::npos) return {};
    return json::parse(text.substr(at + 6, text.find('\n', at) - at - 6)).as_object();
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> chunks_;
  std::vector<std::function<void()>> callbacks_;
  bool closed_ = false;
};

class LiveEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions options;
    options.path = dir_.path() + "/live.db";
    options.reader_connections = 2;
    auto opened = store::SqliteStore::open(options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    store_ = std::move(*opened);
    core::Site site;
    site.id = kSite;
    site.name = "The Courier";
    site.allowed_origins = {"http://news.test"};
    site.created_at = core::now_millis();
    ASSERT_TRUE(store_->create_site(site).ok());
    core::NewStory story;
    story.id = ids_.next();
    story.site_id = kSite;
    story.key = kStoryKey;
    story.url = "http://news.test/budget";
    story.created_at = core::now_millis();
    auto stored = store_->ensure_story(story);
    ASSERT_TRUE(stored.ok());
    story_id_ = stored->id;
    core::NewUser user;
    user.id = ids_.next();
    user.email = "a@example.org";
    user.name = "Ada";
    user.password_hash = "unused";
    user.created_at = core::now_millis();
    ASSERT_TRUE(store_->create_user(user).ok());
    user_id_ = user.id;
    ApiOptions api_options;
    api_options.worker_threads = 2;
    api_options.streams.heartbeat_interval = std::chrono::hours(1);
    api_ = std::make_unique<Api>(api_options, *store_, bus_, ids_);
  }

  void TearDown() override { api_.reset(); }

  http::Response get(const std::string& path, std::vector<http::Header> headers = {}) {
    http::Request request;
    request.method = http::Method::kGet;
    request.path = path;
    request.headers = std::move(headers);
    request.request_id = "test";
    return api_->handle(request);
  }

  static std::string events_path(const std::string& site = kSite, const std::string& story = kStoryKey) {
    return "/api/v1/sites/" + site + "/stories/" + story + "/events";
  }

  std::shared_ptr<FakeWriter> subscribe() {
    auto response = get(events_path());
    EXPECT_EQ(response.status, 200);
    EXPECT_TRUE(response.stream);
    auto writer = std::make_shared<FakeWriter>();
    if (response.stream) response.stream(writer);
    EXPECT_TRUE(writer->wait_for(1)) << "the preamble";
    return writer;
  }

  core::Comment add_comment(core::CommentStatus status) {
    core::NewComment comment;
    comment.id = ids_.next();
    comment.story_id = story_id_;
    comment.author_id = user_id_;
    comment.body_markdown = "hello";
    comment.body_html = "<p>hello</p>";
    comment.status = status;
    comment.created_at = core::now_millis();
    auto stored = store_->create_comment(comment);
    EXPECT_TRUE(stored.ok());
    return *stored;
  }

  void publish(live::EventKind kind, core::Id comment_id) {
    bus_.publish(live::Event{kind, kSite, story_id_, comment_id});
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  core::IdGenerator ids_{kNode};
  live::EventBus bus_;
  std::unique_ptr<Api> api_;
  core::Id story_id_ = 0;
  core::Id user_id_ = 0;
};

TEST_F(LiveEventsTest, AnswersWithAStreamAndItsHeaders) {
  auto response = get(events_path(), {{"origin", "http://news.test"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("content-type"), "text/event-stream");
  EXPECT_EQ(response.header("cache-control"), "no-store");
  EXPECT_EQ(response.header("x-accel-buffering"), "no");
  EXPECT_EQ(response.header("access-control-allow-origin"), "http://news.test");
  EXPECT_TRUE(response.stream);
  EXPECT_FALSE(response.body);
}

TEST_F(LiveEventsTest, UnknownSiteOrStoryIsANotFoundError) {
  auto story = get(events_path(kSite, "no-such-story"));
  EXPECT_EQ(story.status, 404);
  EXPECT_FALSE(story.stream);
  EXPECT_NE(story.body->find("\"story_not_found\""), std::string::npos) << *story.body;
  auto site = get(events_path("no-such-site"));
  EXPECT_EQ(site.status, 404);
  EXPECT_NE(site.body->find("\"site_not_found\""), std::string::npos) << *site.body;
}

TEST_F(LiveEventsTest, AReaderWhoHangsUpLeavesTheHub) {
  auto first = subscribe();
  auto second = subscribe();
  EXPECT_EQ(api_->live_streams(), 2u);
  first->hang_up();
  EXPECT_EQ(api_->live_streams(), 1u);
  second->hang_up();
  EXPECT_EQ(api_->live_streams(), 0u);
}

TEST_F(LiveEventsTest, HeldCommentsAreNotAnnounced) {
  auto writer = subscribe();
  auto held = add_comment(core::CommentStatus::kPending);
  publish(live::EventKind::kCommentCreated, held.id);
  publish(live::EventKind::kCommentEdited, held.id);
  publish(live::EventKind::kReactionChanged, held.id);
  // Events of a story arrive in order: if the next one is the first to
  // arrive, the held comment was never announced.
  auto shown = add_comment(core::CommentStatus::kPublished);
  publish(live::EventKind::kCommentCreated, shown.id);
  ASSERT_TRUE(writer->wait_for(2));
  ASSERT_EQ(writer->chunks().size(), 2u);
  EXPECT_EQ(writer->chunks().back().rfind("event: comment\nid: ", 0), 0u);
  auto data = writer->last_data();
  EXPECT_EQ(data.at("type"), "created");
  EXPECT_EQ(data.at("comment").at("id"), json::value(core::id_to_string(shown.id)));
  EXPECT_EQ(data.at("comment").at("body_html"), "<p>hello</p>");
  EXPECT_EQ(data.at("comment").at("author").at("name"), "Ada");
  EXPECT_TRUE(data.at("comment").at("parent_id").is_null());
  EXPECT_EQ(data.at("comment_count"), 1);
}

TEST_F(LiveEventsTest, RemovedCommentsComeWithoutBodyOrAuthor) {
  auto writer = subscribe();
  auto comment = add_comment(core::CommentStatus::kPublished);
  core::StatusChange change;
  change.to = core::CommentStatus::kDeleted;
  change.actor_id = user_id_;
  change.reason = "author_deleted";
  change.at = core::now_millis();
  ASSERT_TRUE(store_->set_comment_status(comment.id, change).ok());
  // Announced as created too late: it is gone, so readers are not told.
  publish(live::EventKind::kCommentCreated, comment.id);
  publish(live::EventKind::kCommentRemoved, comment.id);
  ASSERT_TRUE(writer->wait_for(2));
  auto data = writer->last_data();
  EXPECT_EQ(data.at("type"), "removed");
  EXPECT_EQ(data.at("comment").at("status"), "deleted");
  EXPECT_EQ(data.at("comment").at("body_html"), "");
  EXPECT_TRUE(data.at("comment").at("author").is_null());
  EXPECT_EQ(data.at("comment_count"), 0);
  EXPECT_EQ(writer->chunks().size(), 2u) << "preamble and one event";
}

TEST_F(LiveEventsTest, ReactionAndStoryEvents) {
  auto writer = subscribe();
  auto comment = add_comment(core::CommentStatus::kPublished);
  publish(live::EventKind::kReactionChanged, comment.id);
  ASSERT_TRUE(writer->wait_for(2));
  EXPECT_EQ(writer->chunks().back().rfind("event: reaction\n", 0), 0u);
  EXPECT_EQ(writer->last_data(), (json::object{{"comment_id", core::id_to_string(comment.id)}, {"reactions", 0}}));
  core::StoryUpdate update;
  update.closed = true;
  ASSERT_TRUE(store_->update_story(story_id_, update).ok());
  publish(live::EventKind::kStoryChanged, 0);
  ASSERT_TRUE(writer->wait_for(3));
  EXPECT_EQ(writer->chunks().back().rfind("event: story\n", 0), 0u);
  EXPECT_EQ(writer->last_data(), (json::object{{"open", false}, {"comment_count", 1}}));
}

}  // namespace
}  // namespace townhall::api
