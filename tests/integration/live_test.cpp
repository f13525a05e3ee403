// Live updates end to end: readers follow a story's server-sent events
// while others comment, edit, react and moderate over the API.
#include <chrono>
#include <optional>
#include <thread>

#include "integration/fixture.hpp"
#include "support/stream_client.hpp"

namespace townhall::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// One server-sent event block.
struct SseMessage {
  std::string event;
  std::optional<std::string> id;
  std::string data;
  std::optional<std::string> retry;
  bool comment_only = false;  // ": ping"

  json::object json() const { return boost::json::parse(data).as_object(); }
};

// Splits a received body into blocks (a trailing incomplete one is left out).
std::vector<SseMessage> parse_sse(std::string_view body) {
  std::vector<SseMessage> out;
  for (;;) {
    const auto end = body.find("\n\n");
    if (end == std::string_view::npos) break;
    std::string_view block = body.substr(0, end + 1);
    body.remove_prefix(end + 2);
    SseMessage message;
    bool data_seen = false;
    while (!block.empty()) {
      const auto eol = block.find('\n');
      const std::string_view line = block.substr(0, eol);
      block.remove_prefix(eol + 1);
      if (line.rfind(":", 0) == 0) {
        message.comment_only = true;
        continue;
      }
      const auto colon = line.find(": ");
      const std::string_view name = line.substr(0, colon);
      const std::string value(line.substr(colon + 2));
      if (name == "event") message.event = value;
      if (name == "id") message.id = value;
      if (name == "retry") message.retry = value;
      if (name == "data") {
        if (data_seen) message.data += "\n";
        message.data += value;
        data_seen = true;
      }
    }
    out.push_back(std::move(message));
  }
  return out;
}

std::string str(const json::value& v) { return std::string(v.as_string()); }

class LiveTest : public TownhallTest {
 protected:
  std::string events_path(const std::string& story, const std::string& query = "") const {
    std::string path = std::string("/api/v1/sites/") + kSite + "/stories/" + story + "/events";
    if (!query.empty()) path += "?" + query;
    return path;
  }

  std::unique_ptr<StreamClient> follow(const std::string& story, const Headers& headers = {},
                                       const std::string& query = "") {
    auto stream = std::make_unique<StreamClient>("127.0.0.1", server_->port(), events_path(story, query), headers);
    EXPECT_EQ(stream->head().status, 200) << stream->head().error << stream->head().body;
    EXPECT_TRUE(stream->read_until("retry: 3000\n")) << stream->received();
    EXPECT_TRUE(stream->read_until("\n\n")) << stream->received();
    return stream;
  }

  // Waits until `stream` has received `count` events named `event` and
  // returns all such events so far.
  static std::vector<SseMessage> events(StreamClient& stream, const std::string& event, std::size_t count) {
    const auto deadline = Clock::now() + 5s;
    for (;;) {
      std::vector<SseMessage> named;
      for (auto& m : parse_sse(stream.received())) {
        if (m.event == event) named.push_back(std::move(m));
      }
      if (named.size() >= count || stream.over() || Clock::now() > deadline) return named;
      stream.read(100ms);
    }
  }

  static std::string preamble_id(StreamClient& stream) {
    auto messages = parse_sse(stream.received());
    if (messages.empty() || !messages[0].retry || !messages[0].id) return {};
    return *messages[0].id;
  }
};

TEST_F(LiveTest, ASubscriberSeesANewCommentAsItIsPosted) {
  open_story("live-1");
  auto stream = follow("live-1", {{"origin", kOrigin}});
  const auto& head = stream->head();
  EXPECT_EQ(head.header("content-type"), "text/event-stream");
  EXPECT_EQ(head.header("cache-control"), "no-store");
  EXPECT_EQ(head.header("x-accel-buffering"), "no");
  EXPECT_EQ(head.header("transfer-encoding"), "chunked");
  EXPECT_EQ(head.header("access-control-allow-origin"), kOrigin);
  const std::string start = preamble_id(*stream);
  ASSERT_FALSE(start.empty()) << stream->received();

  auto ada = sign_up("Ada");
  auto posted = post_comment(ada, "live-1", "The market hall **must** stay.");
  auto created = events(*stream, "comment", 1);
  ASSERT_EQ(created.size(), 1u) << stream->received();
  ASSERT_TRUE(created[0].id);
  EXPECT_GT(std::stoull(*created[0].id), std::stoull(start));
  auto data = created[0].json();
  EXPECT_EQ(str(data.at("type")), "created");
  const auto& comment = data.at("comment").as_object();
  EXPECT_EQ(comment.at("id"), posted.at("id"));
  EXPECT_EQ(comment.at("body_html"), posted.at("body_html"));
  EXPECT_EQ(str(comment.at("author").at("name")), "Ada");
  EXPECT_TRUE(comment.at("parent_id").is_null());
  EXPECT_EQ(str(comment.at("status")), "published");
  EXPECT_EQ(data.at("comment_count").as_int64(), 1);

  auto reply = post_comment(ada, "live-1", "Replying to myself.", str(posted.at("id")));
  auto both = events(*stream, "comment", 2);
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both[1].json().at("comment").at("parent_id"), posted.at("id"));
  EXPECT_EQ(both[1].json().at("comment_count").as_int64(), 2);
  EXPECT_GT(std::stoull(*both[1].id), std::stoull(*both[0].id));
}

TEST_F(LiveTest, EditsReactionsRemovalsAndClosingAreAnnounced) {
  open_story("live-2");
  auto author = sign_up("Author");
  auto reader = sign_up("Reader");
  auto posted = post_comment(author, "live-2", "First version");
  const std::string id = str(posted.at("id"));
  auto stream = follow("live-2");

  auto patched = client().patch("/api/v1/comments/" + id, body_json({{"body", "Second version"}}), author.auth());
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto edited = events(*stream, "comment", 1);
  ASSERT_EQ(edited.size(), 1u) << stream->received();
  EXPECT_EQ(str(edited[0].json().at("type")), "edited");
  EXPECT_EQ(edited[0].json().at("comment").at("body_html"), patched.json().at("body_html"));
  EXPECT_FALSE(edited[0].json().at("comment").at("edited_at").is_null());

  ASSERT_EQ(client().put("/api/v1/comments/" + id + "/reaction", "", reader.auth()).status, 200);
  auto reactions = events(*stream, "reaction", 1);
  ASSERT_EQ(reactions.size(), 1u) << stream->received();
  EXPECT_EQ(reactions[0].json(), (json::object{{"comment_id", id}, {"reactions", 1}}));

  ASSERT_EQ(client().del("/api/v1/comments/" + id, author.auth()).status, 204);
  auto removed = events(*stream, "comment", 2);
  ASSERT_EQ(removed.size(), 2u) << stream->received();
  auto data = removed[1].json();
  EXPECT_EQ(str(data.at("type")), "removed");
  EXPECT_EQ(str(data.at("comment").at("status")), "deleted");
  EXPECT_EQ(str(data.at("comment").at("body_html")), "");
  EXPECT_TRUE(data.at("comment").at("author").is_null());
  EXPECT_EQ(data.at("comment_count").as_int64(), 0);

  auto desk = admin();
  auto closed = client().put(std::string("/api/v1/admin/sites/") + kSite + "/stories/live-2",
                             body_json({{"closed", true}}), desk.auth());
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto story = events(*stream, "story", 1);
  ASSERT_EQ(story.size(), 1u) << stream->received();
  EXPECT_EQ(story[0].json(), (json::object{{"open", false}, {"comment_count", 0}}));
}

TEST_F(LiveTest, AReconnectWithLastEventIdReceivesWhatWasMissed) {
  open_story("live-3");
  auto ada = sign_up("Ada");
  auto first = follow("live-3");
  post_comment(ada, "live-3", "one");
  auto seen = events(*first, "comment", 1);
  ASSERT_EQ(seen.size(), 1u);
  first->close();  // the reader's network drops

  auto two = post_comment(ada, "live-3", "two");
  auto three = post_comment(ada, "live-3", "three");

  for (const bool as_query : {false, true}) {
    auto again = as_query ? follow("live-3", {}, "last_event_id=" + *seen[0].id)
                          : follow("live-3", {{"last-event-id", *seen[0].id}});
    EXPECT_TRUE(preamble_id(*again).empty()) << "a resumed stream keeps the client's position";
    auto missed = events(*again, "comment", 2);
    ASSERT_EQ(missed.size(), 2u) << again->received();
    EXPECT_EQ(missed[0].json().at("comment").at("id"), two.at("id"));
    EXPECT_EQ(missed[1].json().at("comment").at("id"), three.at("id"));
    EXPECT_LT(std::stoull(*seen[0].id), std::stoull(*missed[0].id));
    EXPECT_LT(std::stoull(*missed[0].id), std::stoull(*missed[1].id));
    again->read(300ms);
    EXPECT_EQ(parse_sse(again->received()).size(), 3u) << "the preamble and the two, nothing twice";
  }
}

TEST_F(LiveTest, AnIdTheServerNoLongerHasGetsReset) {
  open_story("live-4");
  for (const std::string last : {"1", "not-a-number", "99999999999999999999"}) {
    auto stream = follow("live-4", {{"last-event-id", last}});
    auto reset = events(*stream, "reset", 1);
    ASSERT_EQ(reset.size(), 1u) << last << ": " << stream->received();
    EXPECT_EQ(reset[0].data, "{}");
    ASSERT_TRUE(reset[0].id) << "so that the next reconnect can resume";

    // From the reset's id the stream resumes normally.
    stream->close();
    auto ada = sign_up("Ada");
    auto posted = post_comment(ada, "live-4", "after the reset");
    auto resumed = follow("live-4", {{"last-event-id", *reset[0].id}});
    auto missed = events(*resumed, "comment", 1);
    ASSERT_EQ(missed.size(), 1u) << resumed->received();
    EXPECT_EQ(missed[0].json().at("comment").at("id"), posted.at("id"));
  }
}

TEST_F(LiveTest, UnknownSiteOrStoryIsAJsonErrorNotAStream) {
  open_story("live-5");
  auto story = client().get(events_path("never-viewed"));
  EXPECT_EQ(story.status, 404);
  EXPECT_EQ(story.header("content-type"), "application/json");
  EXPECT_EQ(str(story.json().at("error").at("code")), "story_not_found");
  auto site = client().get("/api/v1/sites/nowhere/stories/live-5/events");
  EXPECT_EQ(site.status, 404);
  EXPECT_EQ(str(site.json().at("error").at("code")), "site_not_found");
  EXPECT_EQ(client().post(events_path("live-5"), "{}").status, 405);
}

TEST_F(LiveTest, StoppingTheServerEndsStreamsPromptly) {
  open_story("live-6");
  std::vector<std::unique_ptr<StreamClient>> streams;
  for (int i = 0; i < 5; ++i) streams.push_back(follow("live-6"));
  const auto before = Clock::now();
  EXPECT_EQ(server_->stop(), 0) << server_->log();
  EXPECT_LT(Clock::now() - before, 3s) << "streams must not wait out the 10 s grace period";
  for (auto& stream : streams) {
    EXPECT_TRUE(stream->read_to_end(2s));
    EXPECT_TRUE(stream->ended()) << "a proper end of the body, so the client reconnects elsewhere";
  }
}

class LiveCappedTest : public LiveTest {
 protected:
  std::vector<std::string> server_settings() const override {
    auto settings = LiveTest::server_settings();
    settings.push_back("server.max_connections=4");
    return settings;
  }
};

TEST_F(LiveCappedTest, ReadersWhoLeaveFreeTheirPlace) {
  open_story("live-7");
  client().close();
  // Far more readers come and go than the server has room for at once.
  for (int round = 0; round < 6; ++round) {
    std::vector<std::unique_ptr<StreamClient>> streams;
    for (int i = 0; i < 3; ++i) streams.push_back(follow("live-7"));
    for (auto& stream : streams) stream->close();
    // The server notices hang-ups asynchronously.
    std::this_thread::sleep_for(50ms);
  }
  auto stream = follow("live-7");
  auto ada = sign_up("Ada");
  auto posted = post_comment(ada, "live-7", "still delivered");
  auto created = events(*stream, "comment", 1);
  ASSERT_EQ(created.size(), 1u) << stream->received();
  EXPECT_EQ(created[0].json().at("comment").at("id"), posted.at("id"));
}

}  // namespace
}  // namespace townhall::testing
