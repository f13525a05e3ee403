// The HTTP server against a real client over loopback TCP, with a small
// dispatcher standing in for the API.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/http_client.hpp"
#include "support/stream_client.hpp"

namespace townhall::http {
namespace {

using namespace std::chrono_literals;
using testing::HttpClient;
using testing::StreamClient;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kBigBodySize = 30'000;

std::string_view method_name(Method method) {
  switch (method) {
    case Method::kGet: return "GET";
    case Method::kHead: return "HEAD";
    case Method::kPost: return "POST";
    case Method::kPut: return "PUT";
    case Method::kPatch: return "PATCH";
    case Method::kDelete: return "DELETE";
    case Method::kOptions: return "OPTIONS";
    case Method::kOther: return "OTHER";
  }
  return "?";
}

int query_int(std::string_view query, std::string_view key, int fallback) {
  const std::string needle = std::string(key) + "=";
  auto at = query.find(needle);
  if (at == std::string_view::npos) return fallback;
  int value = fallback;
  const char* first = query.data() + at + needle.size();
  std::from_chars(first, query.data() + query.size(), value);
  return value;
}

Response text(int status, std::string body) {
  Response response;
  response.status = status;
  response.set_header("content-type", "text/plain");
  response.body = std::make_shared<const std::string>(std::move(body));
  return response;
}

struct Completed {
  std::string path;
  std::string request_id;
  int status;
  std::chrono::microseconds elapsed;
};

class ServerTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (server_) server_->stop();
    server_.reset();
    std::vector<std::thread> workers;
    {
      std::lock_guard lock(mu_);
      workers.swap(workers_);
    }
    for (auto& worker : workers) worker.join();
  }

  ServerOptions test_options() {
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    return options;
  }

  void start(ServerOptions options) {
    server_ = std::make_unique<Server>(std::move(options),
                                       [this](Request&& request, Reply reply) { handle(std::move(request), reply); });
    auto status = server_->start();
    ASSERT_TRUE(status.ok()) << status.error().message;
  }

  void start() { start(test_options()); }

  HttpClient client() { return HttpClient("127.0.0.1", server_->port()); }

  std::unique_ptr<StreamClient> stream(std::string_view target = "/stream") {
    return std::make_unique<StreamClient>("127.0.0.1", server_->port(), target);
  }

  // The writer of the `index`th stream started (0-based), once it started.
  std::shared_ptr<StreamWriter> writer(std::size_t index) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, 5s, [&] { return writers_.size() > index; })) return nullptr;
    return writers_[index];
  }

  // Waits until `n` streams have reported on_closed.
  bool wait_for_closed_streams(int n, std::chrono::milliseconds timeout = 5s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return streams_closed_ >= n; });
  }

  int streams_closed() {
    std::lock_guard lock(mu_);
    return streams_closed_;
  }

  Response stream_response(int status, std::vector<std::string> first, bool close) {
    Response response;
    response.status = status;
    response.set_header("content-type", "text/event-stream");
    response.stream = [this, first = std::move(first), close](std::shared_ptr<StreamWriter> w) {
      for (const auto& chunk : first) w->write(chunk);
      if (close) w->close();
      w->on_closed([this] {
        std::lock_guard lock(mu_);
        ++streams_closed_;
        cv_.notify_all();
      });
      std::lock_guard lock(mu_);
      writers_.push_back(std::move(w));
      cv_.notify_all();
    };
    return response;
  }

  // Waits until `n` slow requests have reached the dispatcher.
  void wait_for_slow_requests(int n) {
    std::unique_lock lock(mu_);
    ASSERT_TRUE(cv_.wait_for(lock, 5s, [&] { return slow_started_ >= n; }));
  }

  void handle(Request&& request, const Reply& reply) {
    if (request.path == "/echo") return reply(echo(request));
    if (request.path == "/big") {
      Response response;
      response.set_header("content-type", "text/plain");
      response.body = big_body_;
      return reply(std::move(response));
    }
    if (request.path == "/slow") {
      // Blocking work belongs off the I/O threads: answer from another one.
      const auto delay = std::chrono::milliseconds(query_int(request.query, "ms", 100));
      std::lock_guard lock(mu_);
      ++slow_started_;
      cv_.notify_all();
      workers_.emplace_back([delay, reply, request = std::move(request)] {
        std::this_thread::sleep_for(delay);
        reply(echo(request));
      });
      return;
    }
    if (request.path == "/stream") return reply(stream_response(200, {"hello\n"}, false));
    if (request.path == "/stream-closing") return reply(stream_response(200, {"a", "", "b"}, true));
    if (request.path == "/stream-204") return reply(stream_response(204, {"never"}, false));
    if (request.path == "/throw") throw std::runtime_error("handler bug");
    if (request.path == "/status") return reply(text(query_int(request.query, "code", 200), ""));
    if (request.path == "/twice") {
      reply(text(200, "first"));
      reply(text(200, "second"));
      return;
    }
    if (request.path == "/inject") {
      auto response = text(200, "safe");
      response.set_header("x-evil", "a\r\nset-cookie: stolen=1");
      response.set_header("content-length", "999");
      return reply(std::move(response));
    }
    reply(text(404, "not found"));
  }

  static Response echo(const Request& request) {
    boost::json::object headers;
    for (const auto& h : request.headers) headers[h.name] = h.value;
    boost::json::object out{
        {"method", method_name(request.method)},
        {"path", request.path},
        {"query", request.query},
        {"body", request.body},
        {"remote_address", request.remote_address},
        {"request_id", request.request_id},
        {"headers", std::move(headers)},
    };
    Response response;
    response.set_header("content-type", "application/json");
    response.body = std::make_shared<const std::string>(boost::json::serialize(out));
    return response;
  }

  std::unique_ptr<Server> server_;
  const std::shared_ptr<const std::string> big_body_ = std::make_shared<const std::string>(kBigBodySize, 'x');
  std::mutex mu_;
  std::condition_variable cv_;
  int slow_started_ = 0;                                // GUARDED_BY(mu_)
  std::vector<std::thread> workers_;                    // GUARDED_BY(mu_)
  std::vector<std::shared_ptr<StreamWriter>> writers_;  // GUARDED_BY(mu_)
  int streams_closed_ = 0;                              // GUARDED_BY(mu_)
};

// A top-level string field of a JSON response body, or "" when absent.
std::string field(const testing::Response& response, std::string_view key) {
  auto json = response.json();
  if (!json.is_object()) return {};
  const auto* value = json.as_object().if_contains(key);
  return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

bool is_json_error(const testing::Response& response, std::string_view code) {
  auto json = response.json();
  if (!json.is_object()) return false;
  const auto* error = json.as_object().if_contains("error");
  if (!error || !error->is_object()) return false;
  const auto* c = error->as_object().if_contains("code");
  const auto* m = error->as_object().if_contains("message");
  return c && m && c->is_string() && m->is_string() && c->as_string() == code &&
         response.header("content-type") == "application/json";
}

TEST_F(ServerTest, EchoesManyRequestsOverOneKeepAliveConnection) {
  start();
  auto c = client();
  for (int i = 0; i < 200; ++i) {
    auto r = c.post("/echo?i=" + std::to_string(i), "body " + std::to_string(i), {{"X-Custom-Header", "v"}});
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(field(r, "method"), "POST");
    EXPECT_EQ(field(r, "path"), "/echo");
    EXPECT_EQ(field(r, "query"), "i=" + std::to_string(i));
    EXPECT_EQ(field(r, "body"), "body " + std::to_string(i));
    EXPECT_EQ(field(r, "remote_address"), "127.0.0.1");
    EXPECT_EQ(r.json().at("headers").at("x-custom-header").as_string(), "v");  // names arrive lower-cased
    EXPECT_EQ(r.header("content-length"), std::to_string(r.body.size()));
    EXPECT_EQ(r.header("server"), "townhall");
    EXPECT_EQ(r.header("date").size(), 29u);
    EXPECT_EQ(r.header("x-request-id"), field(r, "request_id"));
    EXPECT_EQ(r.header("connection"), "");
  }
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, ServesTheSharedBody) {
  start();
  auto c = client();
  for (int i = 0; i < 20; ++i) {
    auto r = c.get("/big");
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.body, *big_body_);
  }
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, RepliesFromAnotherThreadAfterADelay) {
  start();
  auto c = client();
  for (int i = 0; i < 5; ++i) {
    auto r = c.get("/slow?ms=30&i=" + std::to_string(i));
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(field(r, "query"), "ms=30&i=" + std::to_string(i));
  }
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, BodyOverTheLimitGets413AndClose) {
  auto options = test_options();
  options.max_body_bytes = 1024;
  start(options);
  auto c = client();
  auto at_limit = c.post("/echo", std::string(1024, 'a'));
  EXPECT_EQ(at_limit.status, 200);
  auto r = c.post("/echo", std::string(100'000, 'a'));
  EXPECT_EQ(r.status, 413) << r.error;
  EXPECT_TRUE(is_json_error(r, "body_too_large")) << r.body;
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_FALSE(c.connected());
  EXPECT_EQ(c.get("/echo").status, 200);  // a new connection is fine
}

TEST_F(ServerTest, ChunkedBodyOverTheLimitGets413) {
  auto options = test_options();
  options.max_body_bytes = 16;
  start(options);
  auto c = client();
  auto r = c.send_raw(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "10\r\n0123456789abcdef\r\n10\r\n0123456789abcdef\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 413) << r.error;
  EXPECT_TRUE(is_json_error(r, "body_too_large")) << r.body;
}

TEST_F(ServerTest, ChunkedBodyIsAssembled) {
  start();
  auto c = client();
  auto r = c.send_raw(
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(field(r, "body"), "hello world");
}

TEST_F(ServerTest, HugeHeaderGets431) {
  auto options = test_options();
  options.max_header_bytes = 1024;
  start(options);
  auto c = client();
  auto r = c.get("/echo", {{"x-huge", std::string(8000, 'h')}});
  EXPECT_EQ(r.status, 431) << r.error;
  EXPECT_TRUE(is_json_error(r, "header_too_large")) << r.body;
  EXPECT_EQ(r.header("connection"), "close");
}

TEST_F(ServerTest, GarbageGets400AndTheConnectionCloses) {
  start();
  auto c = client();
  c.set_timeout(5s);
  for (const std::string garbage :
       {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /\x01 HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: t\r\nContent-Length: nope\r\n\r\n",
        // Conflicting or unknown framing is how requests get smuggled.
        "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\nGET /x HTTP/1.1\r\n\r\n",
        "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"}) {
    const auto before = Clock::now();
    auto raw = c.raw_exchange(garbage);
    EXPECT_LT(Clock::now() - before, 3s) << "the server should close, not wait";
    EXPECT_EQ(raw.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << raw;
    EXPECT_NE(raw.find("Connection: close\r\n"), std::string::npos);
    EXPECT_NE(raw.find("\"code\":\"bad_request\""), std::string::npos) << raw;
    EXPECT_NE(raw.find("content-type: application/json\r\n"), std::string::npos) << raw;
  }
}

TEST_F(ServerTest, HeadSendsTheContentLengthButNoBody) {
  start();
  auto c = client();
  auto r = c.head("/big");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.header("content-length"), std::to_string(kBigBodySize));
  EXPECT_TRUE(r.body.empty());
  // Nothing follows the head on the wire: the next response parses cleanly.
  auto next = c.get("/echo");
  ASSERT_EQ(next.status, 200) << next.error;
  EXPECT_EQ(c.connections_opened(), 1);

  auto raw = c.raw_exchange("HEAD /big HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  ASSERT_GE(raw.size(), 4u);
  EXPECT_EQ(raw.substr(raw.size() - 4), "\r\n\r\n");
  EXPECT_NE(raw.find("Content-Length: 30000\r\n"), std::string::npos);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterTheIdleTimeout) {
  auto options = test_options();
  options.idle_timeout = 300ms;
  start(options);
  auto c = client();
  ASSERT_TRUE(c.write_raw("GET /echo HTTP/1.1\r\nHost: t\r\n\r\n"));
  ASSERT_EQ(c.read_response().status, 200);
  const auto before = Clock::now();
  auto eof = c.read_response();  // nothing more comes: waits for the close
  const auto waited = Clock::now() - before;
  EXPECT_EQ(eof.status, 0);
  EXPECT_GE(waited, 250ms);
  EXPECT_LT(waited, 3s);
  // request() reconnects transparently after that.
  EXPECT_EQ(c.get("/echo").status, 200);
  EXPECT_EQ(c.connections_opened(), 2);
}

TEST_F(ServerTest, SlowRequestIsCutOffByTheReadTimeout) {
  auto options = test_options();
  options.read_timeout = 300ms;
  start(options);
  auto c = client();
  ASSERT_TRUE(c.write_raw("GET /echo HTTP/1.1\r\nHost: t\r\n"));  // never finished
  const auto before = Clock::now();
  auto r = c.read_response();
  const auto waited = Clock::now() - before;
  EXPECT_EQ(r.status, 0);
  EXPECT_GE(waited, 250ms);
  EXPECT_LT(waited, 3s);
}

TEST_F(ServerTest, StopWaitsForTheRequestInFlight) {
  auto options = test_options();
  options.shutdown_grace = 5s;
  start(options);
  testing::Response slow;
  std::thread caller([&] {
    auto c = client();
    slow = c.get("/slow?ms=500");
  });
  wait_for_slow_requests(1);
  auto idle = client();
  ASSERT_EQ(idle.get("/echo").status, 200);  // an idle keep-alive connection

  const auto before = Clock::now();
  server_->stop();
  const auto took = Clock::now() - before;
  caller.join();
  EXPECT_EQ(slow.status, 200) << slow.error;
  EXPECT_EQ(slow.header("connection"), "close");
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 3s);
  // Nothing listens any more.
  auto after = client();
  after.set_timeout(2s);
  EXPECT_EQ(after.get("/echo").status, 0);
  server_->stop();  // idempotent
}

TEST_F(ServerTest, StopWithOnlyIdleConnectionsIsPrompt) {
  auto options = test_options();
  options.shutdown_grace = 10s;
  start(options);
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < 10; ++i) {
    clients.push_back(std::make_unique<HttpClient>("127.0.0.1", server_->port()));
    ASSERT_EQ(clients.back()->get("/echo").status, 200);
  }
  const auto before = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - before, 1s);
}

TEST_F(ServerTest, StopGivesUpAfterTheGracePeriodAndLateRepliesAreDropped) {
  auto options = test_options();
  options.shutdown_grace = 200ms;
  start(options);
  testing::Response slow;
  std::thread caller([&] {
    auto c = client();
    slow = c.get("/slow?ms=800");
  });
  wait_for_slow_requests(1);
  const auto before = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - before, 1s);
  caller.join();
  EXPECT_EQ(slow.status, 0);
  // The worker still replies after the server is gone (TearDown joins it).
  server_.reset();
}

TEST_F(ServerTest, ConnectionsBeyondTheCapGet503) {
  auto options = test_options();
  options.max_connections = 2;
  start(options);
  auto first = client();
  auto second = client();
  ASSERT_EQ(first.get("/echo").status, 200);
  ASSERT_EQ(second.get("/echo").status, 200);
  auto third = client();
  auto r = third.get("/echo");
  EXPECT_EQ(r.status, 503) << r.error;
  EXPECT_TRUE(is_json_error(r, "overloaded")) << r.body;
  EXPECT_EQ(r.header("connection"), "close");

  first.close();
  // The server notices the close asynchronously; the slot frees soon after.
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    auto fourth = client();
    status = fourth.get("/echo").status;
    if (status != 200) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServerTest, RequestIdIsEchoedOrMadeUp) {
  start();
  auto c = client();
  auto given = c.get("/echo", {{"x-request-id", "abc-123-DEF"}});
  EXPECT_EQ(given.header("x-request-id"), "abc-123-DEF");
  EXPECT_EQ(field(given, "request_id"), "abc-123-DEF");

  auto invalid = c.get("/echo", {{"x-request-id", "no spaces allowed"}});
  EXPECT_NE(invalid.header("x-request-id"), "no spaces allowed");
  EXPECT_EQ(invalid.header("x-request-id").size(), 12u);

  auto a = c.get("/echo");
  auto b = c.get("/echo");
  EXPECT_EQ(a.header("x-request-id").size(), 12u);
  EXPECT_NE(a.header("x-request-id"), b.header("x-request-id"));
  EXPECT_EQ(field(a, "request_id"), a.header("x-request-id"));
}

TEST_F(ServerTest, TwoHundredConcurrentClients) {
  start();
  constexpr int kClients = 200;
  constexpr int kRequestsEach = 10;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  threads.reserve(kClients);
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c("127.0.0.1", server_->port());
      for (int j = 0; j < kRequestsEach; ++j) {
        const std::string body = std::to_string(i) + ":" + std::to_string(j);
        auto r = (j % 2 == 0) ? c.post("/echo", body) : c.get("/big");
        const bool right = r.status == 200 && (j % 2 == 0 ? field(r, "body") == body : r.body.size() == kBigBodySize);
        if (right) ok.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kClients * kRequestsEach);
}

TEST_F(ServerTest, Http10ClosesUnlessAskedToKeepAlive) {
  start();
  auto c = client();
  auto raw = c.raw_exchange("GET /echo HTTP/1.0\r\n\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("Connection: close\r\n"), std::string::npos);

  for (int i = 0; i < 3; ++i) {
    auto r = c.send_raw("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    ASSERT_EQ(r.status, 200) << r.error;
    EXPECT_EQ(r.header("connection"), "keep-alive");
  }
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  auto c = client();
  ASSERT_TRUE(
      c.write_raw("GET /slow?ms=50 HTTP/1.1\r\nHost: t\r\n\r\n"
                  "GET /echo?n=2 HTTP/1.1\r\nHost: t\r\n\r\n"
                  "GET /echo?n=3 HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(field(c.read_response(), "query"), "ms=50");
  EXPECT_EQ(field(c.read_response(), "query"), "n=2");
  EXPECT_EQ(field(c.read_response(), "query"), "n=3");
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponse) {
  start();
  auto c = client();
  ASSERT_TRUE(c.write_raw("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"));
  EXPECT_EQ(c.read_response().status, 100);
  ASSERT_TRUE(c.write_raw("hello"));
  auto r = c.read_response();
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(field(r, "body"), "hello");
}

TEST_F(ServerTest, ForwardedForIsTrustedOnlyWhenConfigured) {
  {
    start();
    auto c = client();
    auto r = c.get("/echo", {{"x-forwarded-for", "203.0.113.5, 198.51.100.7"}});
    EXPECT_EQ(field(r, "remote_address"), "127.0.0.1");
    server_->stop();
  }
  auto options = test_options();
  options.trust_forwarded_for = true;
  start(options);
  auto c = client();
  EXPECT_EQ(field(c.get("/echo", {{"x-forwarded-for", "203.0.113.5, 198.51.100.7"}}), "remote_address"),
            "198.51.100.7");
  EXPECT_EQ(field(c.get("/echo", {{"x-forwarded-for", "garbage"}}), "remote_address"), "127.0.0.1");
  EXPECT_EQ(field(c.get("/echo"), "remote_address"), "127.0.0.1");
}

TEST_F(ServerTest, OnCompleteSeesEveryResponse) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Completed> completed;
  auto options = test_options();
  options.on_complete = [&](const Request& request, const Response& response, std::chrono::microseconds elapsed) {
    std::lock_guard lock(mu);
    completed.push_back({request.path, request.request_id, response.status, elapsed});
    cv.notify_all();
  };
  start(options);
  auto c = client();
  ASSERT_EQ(c.get("/slow?ms=20", {{"x-request-id", "log-me"}}).status, 200);
  ASSERT_EQ(c.get("/nope").status, 404);
  EXPECT_EQ(c.raw_exchange("BAD\r\n\r\n").rfind("HTTP/1.1 400", 0), 0u);

  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return completed.size() >= 3; }));
  // The client can see a response before its callback has run, so the 400
  // on another connection may be reported before the 404: match by status.
  std::sort(completed.begin(), completed.end(), [](const auto& a, const auto& b) { return a.status < b.status; });
  EXPECT_EQ(completed[0].path, "/slow");
  EXPECT_EQ(completed[0].request_id, "log-me");
  EXPECT_EQ(completed[0].status, 200);
  EXPECT_GE(completed[0].elapsed, 20ms);
  EXPECT_EQ(completed[1].status, 400);
  EXPECT_EQ(completed[1].request_id.size(), 12u);
  EXPECT_EQ(completed[2].path, "/nope");
  EXPECT_EQ(completed[2].status, 404);
}

TEST_F(ServerTest, DispatcherExceptionBecomes500AndTheConnectionSurvives) {
  start();
  auto c = client();
  auto r = c.get("/throw");
  EXPECT_EQ(r.status, 500);
  EXPECT_TRUE(is_json_error(r, "internal")) << r.body;
  EXPECT_EQ(c.get("/echo").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, ASecondReplyIsIgnored) {
  start();
  auto c = client();
  EXPECT_EQ(c.get("/twice").body, "first");
  auto next = c.get("/echo");
  ASSERT_EQ(next.status, 200);
  EXPECT_EQ(field(next, "path"), "/echo");
}

TEST_F(ServerTest, HandlersCannotBreakTheFraming) {
  start();
  auto c = client();
  auto r = c.get("/inject");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "safe");
  EXPECT_EQ(r.header("content-length"), "4");
  EXPECT_EQ(r.header("set-cookie"), "");
  EXPECT_EQ(c.get("/echo").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
}

TEST_F(ServerTest, NoContentHasNoBodyOrLength) {
  start();
  auto c = client();
  auto r = c.get("/status?code=204");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("content-length"), "");
  EXPECT_EQ(c.get("/echo").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
}

// ---- Streaming responses ---------------------------------------------------

TEST_F(ServerTest, StreamSendsChunksAsTheyAreWritten) {
  start();
  auto s = stream();
  ASSERT_EQ(s->head().status, 200) << s->head().error;
  EXPECT_EQ(s->head().header("transfer-encoding"), "chunked");
  EXPECT_EQ(s->head().header("content-length"), "");
  EXPECT_EQ(s->head().header("content-type"), "text/event-stream");
  EXPECT_EQ(s->head().header("x-request-id").size(), 12u);
  ASSERT_TRUE(s->read_until("hello\n"));
  auto w = writer(0);
  ASSERT_TRUE(w);
  std::thread other([w] { EXPECT_TRUE(w->write("from another thread\n")); });
  other.join();
  ASSERT_TRUE(s->read_until("from another thread\n"));
  EXPECT_EQ(s->received(), "hello\nfrom another thread\n");
  EXPECT_FALSE(s->over());
  EXPECT_FALSE(w->closed());
}

TEST_F(ServerTest, StreamIsExemptFromTheReadAndIdleTimeouts) {
  auto options = test_options();
  options.read_timeout = 150ms;
  options.idle_timeout = 150ms;
  start(options);
  auto s = stream();
  ASSERT_TRUE(s->read_until("hello\n"));
  std::this_thread::sleep_for(600ms);
  ASSERT_TRUE(writer(0)->write("still here\n"));
  EXPECT_TRUE(s->read_until("still here\n"));
  EXPECT_FALSE(s->over());
}

TEST_F(ServerTest, InputDuringAStreamIsIgnored) {
  start();
  auto c = client();
  ASSERT_TRUE(c.write_raw("GET /stream HTTP/1.1\r\nHost: t\r\n\r\nGET /echo HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto w = writer(0);
  ASSERT_TRUE(w);
  ASSERT_TRUE(c.write_raw(std::string(10'000, 'x')));
  std::this_thread::sleep_for(100ms);
  EXPECT_TRUE(w->write("still streaming\n"));
  w->close();
  auto r = c.read_response();
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.body, "hello\nstill streaming\n") << "the pipelined request is not answered after a stream";
  EXPECT_EQ(r.header("connection"), "close");
}

TEST_F(ServerTest, ClientHangingUpClosesTheStream) {
  start();
  auto s = stream();
  ASSERT_TRUE(s->read_until("hello\n"));
  auto w = writer(0);
  s->close();
  ASSERT_TRUE(wait_for_closed_streams(1)) << "on_closed runs when the client goes away";
  EXPECT_TRUE(w->closed());
  EXPECT_FALSE(w->write("nobody listens"));
  bool late_callback = false;
  w->on_closed([&] { late_callback = true; });
  EXPECT_TRUE(late_callback) << "registered after the end: runs at once";
}

TEST_F(ServerTest, CloseEndsTheBodyAfterWhatWasQueued) {
  start();
  auto s = stream("/stream-closing");
  ASSERT_EQ(s->head().status, 200) << s->head().error;
  ASSERT_TRUE(s->read_to_end());
  EXPECT_TRUE(s->ended()) << "a proper last chunk, not a broken connection";
  EXPECT_EQ(s->received(), "ab");
  EXPECT_TRUE(wait_for_closed_streams(1));
  EXPECT_FALSE(writer(0)->write("after the end"));
}

TEST_F(ServerTest, StopEndsStreamsWithoutWaitingForTheGracePeriod) {
  auto options = test_options();
  options.shutdown_grace = 10s;
  start(options);
  constexpr int kStreams = 20;
  std::vector<std::unique_ptr<StreamClient>> streams;
  for (int i = 0; i < kStreams; ++i) {
    streams.push_back(stream());
    ASSERT_TRUE(streams.back()->read_until("hello\n"));
  }
  ASSERT_TRUE(writer(kStreams - 1));
  writer(0)->write("last words\n");
  const auto before = Clock::now();
  server_->stop();
  EXPECT_LT(Clock::now() - before, 1s);
  EXPECT_EQ(streams_closed(), kStreams);
  for (auto& s : streams) {
    ASSERT_TRUE(s->read_to_end(2s));
    EXPECT_TRUE(s->ended());
  }
  EXPECT_EQ(streams[0]->received(), "hello\nlast words\n");
  EXPECT_FALSE(writer(0)->write("after stop"));
}

TEST_F(ServerTest, AReaderTooFarBehindIsCutOff) {
  auto options = test_options();
  options.max_stream_queue_bytes = 64 * 1024;
  start(options);
  auto s = stream();  // never reads past the head
  auto w = writer(0);
  ASSERT_TRUE(w);
  const auto chunk = std::make_shared<const std::string>(16 * 1024, 'x');
  bool refused = false;
  // Socket buffers take a few megabytes before the queue starts to grow.
  for (int i = 0; i < 100'000 && !refused; ++i) refused = !w->write_shared(chunk);
  EXPECT_TRUE(refused);
  EXPECT_TRUE(wait_for_closed_streams(1));
  ASSERT_TRUE(s->read_to_end(10s));
  EXPECT_FALSE(s->ended()) << "cut off, not ended: the client must not think it has everything";
}

TEST_F(ServerTest, HeadOfAStreamHasNoBodyAndKeepsTheConnection) {
  start();
  auto c = client();
  auto r = c.head("/stream");
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(c.get("/echo").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
  EXPECT_EQ(c.get("/stream-204").status, 204);
  EXPECT_EQ(c.get("/echo").status, 200);
  EXPECT_EQ(c.connections_opened(), 1);
  std::lock_guard lock(mu_);
  EXPECT_TRUE(writers_.empty()) << "the stream never starts";
}

TEST_F(ServerTest, Http10StreamEndsWithTheConnection) {
  start();
  auto c = client();
  auto raw = c.raw_exchange("GET /stream-closing HTTP/1.0\r\n\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << raw;
  EXPECT_NE(raw.find("Connection: close\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("Transfer-Encoding"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("Content-Length"), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(raw.size() - 6), "\r\n\r\nab") << raw;
}

TEST_F(ServerTest, WritesFromManyThreadsArriveWholeAndInOrderPerThread) {
  start();
  auto s = stream();
  auto w = writer(0);
  ASSERT_TRUE(w);
  constexpr int kThreads = 4;
  constexpr int kWrites = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([w, t] {
      for (int i = 0; i < kWrites; ++i) w->write(std::to_string(t) + ":" + std::to_string(i) + "\n");
    });
  }
  for (auto& thread : threads) thread.join();
  w->close();
  ASSERT_TRUE(s->read_to_end());
  std::vector<int> next(kThreads, 0);
  std::size_t lines = 0;
  std::string_view body = s->received();
  body.remove_prefix(std::string_view("hello\n").size());
  while (!body.empty()) {
    const auto end = body.find('\n');
    ASSERT_NE(end, std::string_view::npos);
    const auto line = body.substr(0, end);
    const int t = line[0] - '0';
    ASSERT_TRUE(t >= 0 && t < kThreads) << line;
    EXPECT_EQ(line.substr(2), std::to_string(next[t]++));
    body.remove_prefix(end + 1);
    ++lines;
  }
  EXPECT_EQ(lines, static_cast<std::size_t>(kThreads * kWrites));
}

TEST_F(ServerTest, StreamsCountTowardsTheConnectionCap) {
  auto options = test_options();
  options.max_connections = 2;
  start(options);
  auto a = stream();
  auto b = stream();
  ASSERT_TRUE(a->read_until("hello\n"));
  ASSERT_TRUE(b->read_until("hello\n"));
  auto c = client();
  EXPECT_EQ(c.get("/echo").status, 503);
  a->close();
  ASSERT_TRUE(wait_for_closed_streams(1));
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    auto d = client();
    status = d.get("/echo").status;
    if (status != 200) std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServerTest, OnCompleteSeesAStreamOnceItsHeadIsSent) {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Completed> completed;
  auto options = test_options();
  options.on_complete = [&](const Request& request, const Response& response, std::chrono::microseconds elapsed) {
    std::lock_guard lock(mu);
    completed.push_back({request.path, request.request_id, response.status, elapsed});
    cv.notify_all();
  };
  start(options);
  auto s = stream();
  ASSERT_TRUE(s->read_until("hello\n"));
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return completed.size() == 1; }));
  EXPECT_EQ(completed[0].path, "/stream");
  EXPECT_EQ(completed[0].status, 200);
}

TEST_F(ServerTest, StartReportsABadAddress) {
  auto options = test_options();
  options.address = "not an address";
  Server server(options, [](Request&&, Reply reply) { reply(Response{}); });
  auto status = server.start();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "bad_address");
}

TEST_F(ServerTest, StartReportsAPortInUse) {
  start();
  auto options = test_options();
  options.port = server_->port();
  Server second(options, [](Request&&, Reply reply) { reply(Response{}); });
  auto status = second.start();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "listen_failed");
}

}  // namespace
}  // namespace townhall::http
