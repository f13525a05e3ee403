// The server's three layers, after Beast's advanced server example:
//
//   Server::Impl (listener) ── accepts ──▶ Session (one per connection,
//   on its own strand) ── Request ──▶ Dispatcher ── Reply ──▶ Session writes.
//
// Lifetimes: every Session holds the shared Core, which owns the io_context,
// so a Reply that the application keeps past the Server's destruction still
// finds a live executor to release its socket into. A Session is kept alive
// by its pending operation or by the Reply it handed out.
//
// Streaming responses: once the head is sent the session hands a
// StreamChannel (the StreamWriter) to the application. The channel refers to
// its session weakly, so an application holding writers keeps no
// connection open; the session stays alive through a wait for the client to
// hang up (always pending while streaming) and its writes.

#include "http/server.hpp"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "http/wire.hpp"

namespace townhall::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Strand = asio::strand<asio::io_context::executor_type>;
// Streams and sockets name their strand type instead of any_io_executor:
// type erasure costs a few percent per operation at keep-alive rates.
using Socket = asio::basic_stream_socket<tcp, Strand>;
using Stream = beast::basic_stream<tcp, Strand, beast::unlimited_rate_policy>;

// Bytes asked of the socket while waiting for a request to start; a whole
// typical request fits, so a keep-alive GET costs one read.
constexpr std::size_t kReadChunk = 16 * 1024;
// After an error response on a connection with unread input we keep reading
// (and discarding) for this long before closing: closing a socket with
// unread data sends RST, which can destroy the error response in flight.
constexpr std::chrono::seconds kLingerTimeout{2};
// Accept failures (EMFILE, ENOBUFS) repeat at once; pause instead of spinning.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};
// Input a client sends while it receives a stream is read and dropped, this
// much at a time, from a buffer on the stack: idle streams hold no buffer.
constexpr std::size_t kStreamDiscardChunk = 512;
constexpr int kStreamDiscardReads = 16;
// Write buffers of a stream that grew in a burst are released above this.
constexpr std::size_t kStreamKeptBuffers = 16;
// Descriptors the process needs besides its connections: the listener,
// database files, logs.
constexpr std::size_t kReservedDescriptors = 256;
// Where RLIMIT_NOFILE is unlimited, the kernel still caps it (nr_open).
constexpr rlim_t kUnlimitedDescriptorsCap = 1 << 20;
constexpr int kHttp11 = 11;
constexpr int kBadRequest = 400;
constexpr int kPayloadTooLarge = 413;
constexpr int kHeaderFieldsTooLarge = 431;
constexpr int kInternalServerError = 500;
constexpr int kServiceUnavailable = 503;
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
constexpr std::string_view kJsonContentType = "application/json";

Method to_method(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get: return Method::kGet;
    case bhttp::verb::head: return Method::kHead;
    case bhttp::verb::post: return Method::kPost;
    case bhttp::verb::put: return Method::kPut;
    case bhttp::verb::patch: return Method::kPatch;
    case bhttp::verb::delete_: return Method::kDelete;
    case bhttp::verb::options: return Method::kOptions;
    default: return Method::kOther;
  }
}

// Parses straight into an http::Request: no intermediate Beast message, no
// second copy of the fields, and names are lower-cased as they arrive.
class RequestParser final : public bhttp::basic_parser<true> {
 public:
  RequestParser(Request* request, const ServerOptions& options) : request_(request) {
    body_limit(options.max_body_bytes);
    header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  }

  int version() const { return version_; }
  bool expects_continue() const { return expects_continue_; }

 private:
  void on_request_impl(bhttp::verb method, beast::string_view, beast::string_view target, int version,
                       beast::error_code&) override {
    request_->method = to_method(method);
    wire::split_target(std::string_view(target.data(), target.size()), &request_->path, &request_->query);
    version_ = version;
  }

  void on_response_impl(int, beast::string_view, int, beast::error_code&) override {}

  void on_field_impl(bhttp::field field, beast::string_view name, beast::string_view value,
                     beast::error_code&) override {
    auto& header = request_->headers.emplace_back();
    header.name.resize(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
      const char c = name[i];
      header.name[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    header.value.assign(value.data(), value.size());
    if (field == bhttp::field::expect && beast::iequals(value, "100-continue")) expects_continue_ = true;
    if (field == bhttp::field::transfer_encoding) has_transfer_encoding_ = true;
  }

  void on_header_impl(beast::error_code& ec) override {
    // Beast frames a body only for "chunked" and reads any other coding as
    // "no body", leaving the body to be parsed as the next request: a
    // smuggling vector behind proxies that disagree. Refuse instead.
    if (has_transfer_encoding_ && !chunked()) ec = bhttp::error::bad_transfer_encoding;
  }

  void on_body_init_impl(const boost::optional<std::uint64_t>& content_length, beast::error_code&) override {
    // The parser has already refused lengths above the body limit.
    if (content_length) request_->body.reserve(static_cast<std::size_t>(*content_length));
  }

  std::size_t on_body_impl(beast::string_view body, beast::error_code&) override {
    request_->body.append(body.data(), body.size());
    return body.size();
  }

  void on_chunk_header_impl(std::uint64_t, beast::string_view, beast::error_code&) override {}

  std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, beast::error_code&) override {
    request_->body.append(body.data(), body.size());
    return body.size();
  }

  void on_finish_impl(beast::error_code&) override {}

  Request* request_;
  int version_ = kHttp11;
  bool expects_continue_ = false;
  bool has_transfer_encoding_ = false;
};

Response json_error(int status, std::shared_ptr<const std::string> body) {
  Response response;
  response.status = status;
  response.set_header("content-type", std::string(kJsonContentType));
  response.body = std::move(body);
  return response;
}

class Session;

// The StreamWriter of one streaming response: the application fills its
// queue from any thread; the session drains it on its strand, one socket
// write at a time.
class StreamChannel final : public StreamWriter {
 public:
  StreamChannel(std::weak_ptr<Session> session, std::size_t max_unsent_bytes)
      : session_(std::move(session)), max_unsent_bytes_(max_unsent_bytes) {}

  bool write_shared(std::shared_ptr<const std::string> chunk) override;
  void close() override;
  void on_closed(std::function<void()> callback) override;
  bool closed() const override;

  // The session's side, on its strand. Moves the queued chunks to *out
  // (REQUIRES: empty) and returns whether close() was called.
  bool take(std::vector<std::shared_ptr<const std::string>>* out);
  // `bytes` of chunk data taken earlier are on the wire (or dropped).
  void sent(std::size_t bytes);
  // Refuses further writes and runs the on_closed callbacks, once.
  void finish();

 private:
  const std::weak_ptr<Session> session_;
  const std::size_t max_unsent_bytes_;
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<const std::string>> queue_;  // GUARDED_BY(mu_)
  std::size_t unsent_bytes_ = 0;                           // GUARDED_BY(mu_): queued or being written
  bool refusing_ = false;                                  // GUARDED_BY(mu_)
  bool end_requested_ = false;                             // GUARDED_BY(mu_)
  bool flush_posted_ = false;                              // GUARDED_BY(mu_)
  bool finished_ = false;                                  // GUARDED_BY(mu_)
  std::vector<std::function<void()>> callbacks_;           // GUARDED_BY(mu_)
};

// What the listener and every session share. Outlives the Server object
// while any Session is alive (see the file comment).
struct Core {
  Core(ServerOptions opts, Dispatcher dispatch)
      : ioc(opts.io_threads),  // the concurrency hint; resolved to >= 1 by the caller
        options(std::move(opts)),
        dispatcher(std::move(dispatch)),
        body_too_large(wire::error_body("body_too_large",
                                        "request body exceeds " + std::to_string(options.max_body_bytes) + " bytes")),
        header_too_large(wire::error_body("header_too_large", "request line and headers exceed " +
                                                                  std::to_string(options.max_header_bytes) + " bytes")),
        bad_request(wire::error_body("bad_request", "malformed HTTP request")),
        overloaded(wire::error_body("overloaded", "too many connections; retry later")),
        internal(wire::error_body("internal", "internal error")) {}

  // Called by each session when it starts; counted sessions take one of
  // max_connections (the 503 responders do not).
  void add_session(Session* session, std::weak_ptr<Session> weak, bool counted) {
    if (counted) connections.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(sessions_mu);
    sessions.emplace(session, std::move(weak));
  }

  void remove_session(Session* session, bool counted) {
    if (counted) connections.fetch_sub(1, std::memory_order_relaxed);
    std::lock_guard lock(sessions_mu);
    sessions.erase(session);
    if (sessions.empty()) sessions_cv.notify_all();
  }

  // Copies the live sessions so callers act on them without the lock.
  std::vector<std::shared_ptr<Session>> live_sessions() {
    std::vector<std::shared_ptr<Session>> live;
    std::lock_guard lock(sessions_mu);
    live.reserve(sessions.size());
    for (auto& [raw, weak] : sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
    return live;
  }

  // Returns true if every session ended before `deadline`.
  bool wait_for_sessions(Clock::time_point deadline) {
    std::unique_lock lock(sessions_mu);
    return sessions_cv.wait_until(lock, deadline, [&] { return sessions.empty(); });
  }

  // Posts a reply's completion unless the I/O threads are going away; a
  // handler posted after they exit would never run and would keep its
  // session (and this Core) alive forever.
  template <typename Handler>
  void post_reply(const Strand& strand, Handler&& handler) {
    std::lock_guard lock(reply_mu);
    if (refuse_replies) return;
    asio::post(strand, std::forward<Handler>(handler));
  }

  void stop_replies() {
    std::lock_guard lock(reply_mu);
    refuse_replies = true;
  }

  asio::io_context ioc;
  const ServerOptions options;
  const Dispatcher dispatcher;
  std::atomic<bool> stopping{false};
  std::atomic<std::size_t> connections{0};

  const std::shared_ptr<const std::string> body_too_large;
  const std::shared_ptr<const std::string> header_too_large;
  const std::shared_ptr<const std::string> bad_request;
  const std::shared_ptr<const std::string> overloaded;
  const std::shared_ptr<const std::string> internal;

  std::mutex sessions_mu;
  std::condition_variable sessions_cv;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;  // GUARDED_BY(sessions_mu)

  std::mutex reply_mu;
  bool refuse_replies = false;  // GUARDED_BY(reply_mu)
};

// One connection: read a request, dispatch it, write the reply, repeat.
// Every member below is touched only on strand_, except deliver().
class Session : public std::enable_shared_from_this<Session> {
 public:
  // `overloaded`: the connection is over max_connections and only gets 503.
  Session(std::shared_ptr<Core> core, Socket socket, bool overloaded)
      : core_(std::move(core)), strand_(socket.get_executor()), stream_(std::move(socket)), counted_(!overloaded) {
    beast::error_code ec;
    auto address = stream_.socket().remote_endpoint(ec).address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
      address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    peer_address_ = address.to_string();
  }

  ~Session() {
    // Normally close() already did this; not if the io_context went away
    // with our wait still pending.
    if (channel_) channel_->finish();
    core_->remove_session(this, counted_);
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    core_->add_session(this, weak_from_this(), counted_);
    asio::dispatch(strand_, [self = shared_from_this()] {
      if (self->counted_) {
        self->wait_for_request();
      } else {
        self->reject_overloaded();
      }
    });
  }

  // Shutdown, step one: an idle connection closes now; one with a request
  // in flight finishes it and closes after the response.
  void begin_shutdown() {
    asio::dispatch(strand_, [self = shared_from_this()] {
      // Cancel rather than close: if the first bytes of a request already
      // arrived, the read completes normally and the request is served.
      if (self->state_ == State::kIdle) self->stream_.cancel();
      // A stream has no natural end to wait for: send what is queued, end
      // the body properly (so the client knows to reconnect elsewhere), go.
      if (self->state_ == State::kStreaming) {
        self->ending_ = true;
        self->channel_->close();
        self->flush_stream();
      }
    });
  }

  // Any thread: the stream's channel has chunks queued or was closed.
  void wake_stream() {
    core_->post_reply(strand_, [self = shared_from_this()] { self->flush_stream(); });
  }

  // Any thread: the client fell too far behind; drop the stream unfinished.
  void abort_stream() {
    core_->post_reply(strand_, [self = shared_from_this()] { self->close(); });
  }

  // Shutdown, step two, after the grace period: drop whatever is left.
  void force_close() {
    asio::dispatch(strand_, [self = shared_from_this()] { self->close(); });
  }

 private:
  enum class State { kIdle, kReading, kAwaitingReply, kWriting, kStreaming, kClosing };

  void wait_for_request() {
    if (closed_) return;
    if (core_->stopping.load()) return close();
    request_ = Request{};
    parser_.emplace(&request_, core_->options);
    if (buffer_.size() > 0) {  // a pipelined request is already here
      begin_request();
      return;
    }
    state_ = State::kIdle;
    // A new connection gets read_timeout to send its first request; the
    // longer idle_timeout is for connections that have proved useful.
    stream_.expires_after(served_any_ ? core_->options.idle_timeout : core_->options.read_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, std::size_t bytes) {
    // EOF, idle timeout, or cancelled by shutdown: no request was under way.
    if (ec) return close();
    buffer_.commit(bytes);
    begin_request();
  }

  void begin_request() {
    state_ = State::kReading;
    started_ = Clock::now();
    stream_.expires_after(core_->options.read_timeout);
    // A request usually arrives whole in one read. Parsing what is buffered
    // here saves the trip through the strand's queue that Beast's read
    // operation makes when it completes without I/O.
    beast::error_code ec;
    buffer_.consume(parser_->put(buffer_.data(), ec));
    if (ec == bhttp::error::need_more) {
      bhttp::async_read_header(stream_, buffer_, *parser_,
                               beast::bind_front_handler(&Session::on_header, shared_from_this()));
      return;
    }
    on_header(ec, 0);
  }

  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    if (parser_->is_done()) return dispatch();
    if (parser_->expects_continue() && parser_->version() >= kHttp11) {
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        beast::bind_front_handler(&Session::on_continue_sent, shared_from_this()));
      return;
    }
    read_body();
  }

  void on_continue_sent(beast::error_code ec, std::size_t) {
    if (ec) return close();
    read_body();
  }

  void read_body() {
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_body, shared_from_this()));
  }

  void on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    dispatch();
  }

  void on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return fail_request(json_error(kPayloadTooLarge, core_->body_too_large));
    }
    if (ec == bhttp::error::header_limit) {
      return fail_request(json_error(kHeaderFieldsTooLarge, core_->header_too_large));
    }
    // The peer went away or was too slow (the stream closed itself on
    // timeout): nobody is left to read an answer.
    const bool peer_gone = ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
                           ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category();
    if (peer_gone) return close();
    fail_request(json_error(kBadRequest, core_->bad_request));
  }

  // Fills in what the server knows about the request beyond its bytes.
  void identify_request() {
    request_.remote_address = peer_address_;
    if (core_->options.trust_forwarded_for) {
      std::string_view forwarded;
      for (const auto& h : request_.headers) {
        if (h.name == "x-forwarded-for") forwarded = h.value;  // the last line holds the last hop
      }
      if (auto client = wire::last_forwarded_address(forwarded)) request_.remote_address = std::move(*client);
    }
    if (auto id = request_.header("x-request-id"); wire::is_valid_request_id(id)) {
      request_.request_id.assign(id);
    } else {
      request_.request_id = wire::new_request_id();
    }
    request_id_ = request_.request_id;
  }

  void dispatch() {
    state_ = State::kAwaitingReply;
    keep_alive_ = parser_->keep_alive();
    http10_ = parser_->version() < kHttp11;
    head_request_ = request_.method == Method::kHead;
    identify_request();
    if (core_->options.on_complete) {
      // The dispatcher takes the request; the access log still needs it.
      // Assigning into the kept copy reuses its buffers, so this allocates
      // nothing once a connection has warmed up.
      log_request_.method = request_.method;
      log_request_.path = request_.path;
      log_request_.query = request_.query;
      log_request_.headers = request_.headers;
      log_request_.remote_address = request_.remote_address;
      log_request_.request_id = request_.request_id;
    }
    const std::uint64_t sequence = ++sequence_;
    // Calling the Reply releases its hold on the session, so a Reply the
    // application keeps around does not keep the connection open.
    Reply reply = [self = shared_from_this(), sequence](Response&& response) mutable {
      if (auto session = std::move(self)) session->deliver(sequence, std::move(response));
    };
    try {
      core_->dispatcher(std::move(request_), std::move(reply));
    } catch (const std::exception& e) {
      spdlog::error("http: dispatcher threw for request {}: {}", request_id_, e.what());
      on_reply(sequence, json_error(kInternalServerError, core_->internal));
    } catch (...) {
      spdlog::error("http: dispatcher threw for request {}", request_id_);
      on_reply(sequence, json_error(kInternalServerError, core_->internal));
    }
  }

  // Any thread. The sequence number ties a reply to its request, so a late
  // or repeated call can never answer a later request on this connection.
  void deliver(std::uint64_t sequence, Response&& response) {
    if (strand_.running_in_this_thread()) {  // answered inline: skip the queue
      on_reply(sequence, std::move(response));
      return;
    }
    core_->post_reply(strand_, [self = shared_from_this(), sequence, response = std::move(response)]() mutable {
      self->on_reply(sequence, std::move(response));
    });
  }

  void on_reply(std::uint64_t sequence, Response&& response) {
    if (closed_ || sequence != sequence_ || state_ != State::kAwaitingReply) return;
    write_response(std::move(response));
  }

  // Answers a request the server itself refuses, then closes: after a
  // framing error the rest of the input cannot be trusted to line up.
  void fail_request(Response&& response) {
    keep_alive_ = false;
    linger_ = true;
    head_request_ = request_.method == Method::kHead;
    identify_request();
    log_request_ = std::move(request_);
    write_response(std::move(response));
  }

  void reject_overloaded() {
    started_ = Clock::now();
    keep_alive_ = false;
    linger_ = true;
    log_request_.remote_address = peer_address_;
    log_request_.request_id = wire::new_request_id();
    request_id_ = log_request_.request_id;
    write_response(json_error(kServiceUnavailable, core_->overloaded));
  }

  void write_response(Response&& response) {
    state_ = State::kWriting;
    response_ = std::move(response);
    if (core_->stopping.load()) keep_alive_ = false;
    const bool stream_body = static_cast<bool>(response_.stream);
    // (An invalid status is sent as 500, which has a body too.)
    streaming_ = stream_body && !head_request_ && wire::status_allows_body(response_.status);
    // Nothing can follow a stream on the connection: it ends only when one
    // side gives up, and pipelined requests would wait behind it forever.
    if (streaming_) keep_alive_ = false;

    wire::ResponseHead head;
    head.status = response_.status;
    head.request_id = request_id_;
    head.date = wire::current_http_date();
    head.content_length = response_.body ? response_.body->size() : 0;
    if (stream_body) head.framing = http10_ ? wire::BodyFraming::kUntilClose : wire::BodyFraming::kChunked;
    if (!keep_alive_) {
      head.connection = wire::ConnectionHeader::kClose;
    } else if (http10_) {
      head.connection = wire::ConnectionHeader::kKeepAlive;
    }
    head_.clear();
    const int status = wire::append_response_head(head, response_.headers, &head_);

    // Head and body go out in one gather write; the body is sent from the
    // handler's (often cached) string itself, which response_ keeps alive.
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::const_buffer()};
    if (!head_request_ && !streaming_ && wire::status_allows_body(status) && response_.body) {
      buffers[1] = asio::buffer(*response_.body);
    }
    // A peer that will not take a response is as gone as an idle one.
    stream_.expires_after(core_->options.idle_timeout);
    asio::async_write(stream_, buffers, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    if (ec) return close();
    served_any_ = true;
    if (const auto& on_complete = core_->options.on_complete) {
      const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_);
      try {
        on_complete(log_request_, response_, elapsed);
      } catch (const std::exception& e) {
        spdlog::error("http: on_complete threw: {}", e.what());
      }
    }
    response_.body.reset();  // do not pin a cache entry while idle
    if (streaming_) return begin_stream();
    response_.stream = nullptr;  // HEAD or 204: the stream never starts
    if (linger_) return linger_close();
    if (!keep_alive_) {
      // Unread pipelined input would turn our FIN into a RST.
      if (buffer_.size() > 0) return linger_close();
      return close();
    }
    wait_for_request();
  }

  void linger_close() {
    state_ = State::kClosing;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    buffer_.clear();
    stream_.expires_after(kLingerTimeout);
    discard_input();
  }

  void discard_input() {
    // Never committed: the same bytes of buffer_ are reused for every read.
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            [self = shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec || self->closed_) return self->close();
                              self->discard_input();
                            });
  }

  // ---- Streaming responses (the head has been sent) ----

  void begin_stream() {
    state_ = State::kStreaming;
    StreamStart start = std::move(response_.stream);
    // An idle stream should cost little: drop everything that serving
    // requests needed, the 16 KiB read buffer first (pipelined input in it
    // is dropped too; nothing is answered after a stream).
    response_ = Response{};
    request_ = Request{};
    log_request_ = Request{};
    parser_.reset();
    head_.clear();
    head_.shrink_to_fit();
    buffer_.clear();
    buffer_.shrink_to_fit();
    stream_.expires_never();
    chunked_ = !http10_;
    beast::error_code ec;
    // Hang-up checks read without blocking (see on_hangup_check).
    stream_.socket().non_blocking(true, ec);
    if (ec) return close();
    channel_ = std::make_shared<StreamChannel>(weak_from_this(), core_->options.max_stream_queue_bytes);
    wait_for_hangup();
    if (core_->stopping.load()) {
      ending_ = true;
      channel_->close();
      return flush_stream();
    }
    try {
      start(channel_);
    } catch (const std::exception& e) {
      spdlog::error("http: stream start threw for request {}: {}", request_id_, e.what());
      channel_->close();
    } catch (...) {
      spdlog::error("http: stream start threw for request {}", request_id_);
      channel_->close();
    }
  }

  // A readable socket while streaming means input (dropped) or a hang-up:
  // waiting for it is how a gone client is noticed without a read buffer.
  void wait_for_hangup() {
    stream_.socket().async_wait(tcp::socket::wait_read,
                                beast::bind_front_handler(&Session::on_hangup_check, shared_from_this()));
  }

  void on_hangup_check(beast::error_code ec) {
    if (closed_) return;
    // Readiness is edge-triggered: read (and drop) until nothing is left, or
    // the readiness may never be reported again. A bounded amount per turn,
    // so that a client sending without end cannot hold the thread. A wake-up
    // with nothing to read happens; only an error (the peer's FIN is eof)
    // ends the stream.
    std::array<char, kStreamDiscardChunk> scratch{};
    for (int i = 0; !ec && i < kStreamDiscardReads; ++i) {
      stream_.socket().read_some(asio::buffer(scratch), ec);
      if (ec == asio::error::would_block) return wait_for_hangup();
    }
    if (ec) return close();
    asio::post(strand_, [self = shared_from_this()] { self->on_hangup_check({}); });
  }

  // Writes everything queued on the channel as one chunk; when the queue is
  // empty and the channel was closed, ends the body.
  void flush_stream() {
    if (closed_ || state_ != State::kStreaming || stream_writing_) return;
    const bool end = channel_->take(&writing_);
    if (writing_.empty()) {
      if (end) end_stream();
      return;
    }
    std::size_t size = 0;
    for (const auto& chunk : writing_) size += chunk->size();
    write_buffers_.clear();
    if (chunked_) {
      const std::size_t head_size = wire::append_chunk_header(size, chunk_head_.data());
      write_buffers_.push_back(asio::buffer(chunk_head_.data(), head_size));
    }
    for (const auto& chunk : writing_) write_buffers_.push_back(asio::buffer(*chunk));
    if (chunked_) write_buffers_.push_back(asio::buffer(wire::kChunkEnd.data(), wire::kChunkEnd.size()));
    writing_bytes_ = size;
    stream_writing_ = true;
    // A client that stops reading is gone as surely as one that hung up.
    stream_.expires_after(ending_ ? kLingerTimeout : core_->options.idle_timeout);
    asio::async_write(stream_, write_buffers_,
                      beast::bind_front_handler(&Session::on_stream_write, shared_from_this()));
  }

  void on_stream_write(beast::error_code ec, std::size_t) {
    stream_writing_ = false;
    channel_->sent(writing_bytes_);
    writing_.clear();
    if (writing_.capacity() > kStreamKeptBuffers) {
      writing_.shrink_to_fit();
      write_buffers_.clear();
      write_buffers_.shrink_to_fit();
    }
    if (ec) return close();
    flush_stream();
  }

  // The body ends cleanly: the last chunk (HTTP/1.1), then the connection
  // closes, which is also how an HTTP/1.0 body ends.
  void end_stream() {
    state_ = State::kClosing;
    channel_->finish();
    if (!chunked_) return close();
    stream_.expires_after(kLingerTimeout);
    asio::async_write(stream_, asio::buffer(wire::kLastChunk.data(), wire::kLastChunk.size()),
                      [self = shared_from_this()](beast::error_code, std::size_t) {
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                        self->close();
                      });
  }

  void close() {
    closed_ = true;
    state_ = State::kClosing;
    stream_.close();
    if (channel_) channel_->finish();
  }

  std::shared_ptr<Core> core_;  // first member: the io_context outlives stream_
  Strand strand_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  Request request_;      // being parsed; moved to the dispatcher
  Request log_request_;  // what on_complete sees (no body)
  Response response_;    // being written
  std::string head_;     // the serialized response head, reused
  // While streaming: the channel, the chunks being written and their
  // buffers (chunk header, data, CRLF).
  std::shared_ptr<StreamChannel> channel_;
  std::vector<std::shared_ptr<const std::string>> writing_;
  std::vector<asio::const_buffer> write_buffers_;
  std::array<char, wire::kMaxChunkHeaderLength> chunk_head_{};
  std::size_t writing_bytes_ = 0;
  std::string request_id_;
  std::string peer_address_;
  Clock::time_point started_;
  std::uint64_t sequence_ = 0;
  State state_ = State::kIdle;
  const bool counted_;
  bool keep_alive_ = true;
  bool http10_ = false;
  bool head_request_ = false;
  bool linger_ = false;
  bool served_any_ = false;
  bool closed_ = false;
  bool streaming_ = false;       // the response being written is a stream
  bool chunked_ = true;          // the stream's framing (HTTP/1.0: until close)
  bool stream_writing_ = false;  // a stream write is in flight
  bool ending_ = false;          // shutting down: short write deadline
};

// ---- StreamChannel ---------------------------------------------------------

bool StreamChannel::write_shared(std::shared_ptr<const std::string> chunk) {
  if (!chunk || chunk->empty()) return !closed();  // an empty chunk would end the body
  bool wake = false;
  bool overflow = false;
  {
    std::lock_guard lock(mu_);
    if (refusing_) return false;
    if (unsent_bytes_ + chunk->size() <= max_unsent_bytes_) {
      unsent_bytes_ += chunk->size();
      queue_.push_back(std::move(chunk));
      wake = !std::exchange(flush_posted_, true);
    } else {
      refusing_ = true;
      overflow = true;
    }
  }
  if (overflow) {
    if (auto session = session_.lock()) session->abort_stream();
    return false;
  }
  if (wake) {
    if (auto session = session_.lock()) session->wake_stream();
  }
  return true;
}

void StreamChannel::close() {
  {
    std::lock_guard lock(mu_);
    if (refusing_) return;
    refusing_ = true;
    end_requested_ = true;
    if (std::exchange(flush_posted_, true)) return;
  }
  if (auto session = session_.lock()) session->wake_stream();
}

void StreamChannel::on_closed(std::function<void()> callback) {
  {
    std::lock_guard lock(mu_);
    if (!finished_) {
      callbacks_.push_back(std::move(callback));
      return;
    }
  }
  callback();
}

bool StreamChannel::closed() const {
  std::lock_guard lock(mu_);
  return refusing_;
}

bool StreamChannel::take(std::vector<std::shared_ptr<const std::string>>* out) {
  std::lock_guard lock(mu_);
  out->swap(queue_);
  flush_posted_ = false;
  return end_requested_;
}

void StreamChannel::sent(std::size_t bytes) {
  std::lock_guard lock(mu_);
  if (!finished_) unsent_bytes_ -= bytes;  // finish() forgot them all
}

void StreamChannel::finish() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard lock(mu_);
    refusing_ = true;
    if (finished_) return;
    finished_ = true;
    callbacks.swap(callbacks_);
    queue_.clear();
    unsent_bytes_ = 0;
  }
  for (auto& callback : callbacks) {
    try {
      callback();
    } catch (const std::exception& e) {
      spdlog::error("http: stream on_closed callback threw: {}", e.what());
    }
  }
}

int thread_count(int requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

ServerOptions resolve_threads(ServerOptions options) {
  options.io_threads = thread_count(options.io_threads);
  return options;
}

// Every connection is a file descriptor, and the usual soft limit (1024) is
// far below what idle event streams need; the hard limit is the
// administrator's decision, so go up to it.
void raise_descriptor_limit(std::size_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t hard = limit.rlim_max == RLIM_INFINITY ? kUnlimitedDescriptorsCap : limit.rlim_max;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < hard) {
    rlimit raised = limit;
    raised.rlim_cur = hard;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      limit = raised;
    } else {
      spdlog::warn("http: cannot raise the open file limit to {}: errno {}", hard, errno);
    }
  }
  const std::size_t wanted = max_connections + kReservedDescriptors;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted) {
    spdlog::warn(
        "http: the open file limit ({}) is below server.max_connections + {}; raise the hard limit "
        "(ulimit -Hn, LimitNOFILE=) or connections will fail to be accepted",
        limit.rlim_cur, kReservedDescriptors);
  }
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, Dispatcher dispatcher)
      : core_(std::make_shared<Core>(resolve_threads(std::move(options)), std::move(dispatcher))),
        accept_strand_(asio::make_strand(core_->ioc)),
        acceptor_(accept_strand_),
        accept_retry_(accept_strand_) {}

  ~Impl() { stop(); }

  core::Status start() {
    std::lock_guard control(control_mu_);
    if (started_) return core::make_error(core::ErrorKind::kInternal, "already_started", "server already started");
    const auto& options = core_->options;
    beast::error_code ec;
    const auto address = asio::ip::make_address(options.address, ec);
    if (ec) {
      return core::make_error(core::ErrorKind::kInvalidArgument, "bad_address",
                              "cannot parse listen address '" + options.address + "'");
    }
    const tcp::endpoint endpoint(address, options.port);
    raise_descriptor_limit(options.max_connections);
    auto fail = [&](std::string_view step) {
      beast::error_code ignored;
      acceptor_.close(ignored);
      return core::make_error(
          core::ErrorKind::kUnavailable, "listen_failed",
          std::string(step) + " " + options.address + ":" + std::to_string(options.port) + ": " + ec.message());
    };
    if (acceptor_.open(endpoint.protocol(), ec); ec) return fail("open");
    if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec); ec) return fail("set_option");
    if (acceptor_.bind(endpoint, ec); ec) return fail("bind");
    if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) return fail("listen");
    port_ = acceptor_.local_endpoint(ec).port();

    started_ = true;
    running_ = true;
    work_.emplace(core_->ioc.get_executor());
    asio::dispatch(accept_strand_, [this] { do_accept(); });
    threads_.reserve(static_cast<std::size_t>(core_->options.io_threads));
    for (int i = 0; i < core_->options.io_threads; ++i) {
      threads_.emplace_back([core = core_] { run_io(*core); });
    }
    return {};
  }

  std::uint16_t port() const { return port_; }

  void stop() {
    std::lock_guard control(control_mu_);
    if (!running_) return;
    running_ = false;
    request_stop();

    core_->stopping.store(true);
    asio::dispatch(accept_strand_, [this] {
      beast::error_code ignored;
      acceptor_.close(ignored);
      accept_retry_.cancel();
    });
    for (auto& session : core_->live_sessions()) session->begin_shutdown();
    if (!core_->wait_for_sessions(Clock::now() + core_->options.shutdown_grace)) {
      spdlog::warn("http: shutdown grace period over; closing the remaining connections");
      for (auto& session : core_->live_sessions()) session->force_close();
    }
    // From here on a late Reply is dropped instead of queued; everything
    // queued before is still run by the threads before they return.
    core_->stop_replies();
    work_.reset();
    for (auto& thread : threads_) thread.join();
    threads_.clear();
  }

  void run_until_signal() {
    {
      asio::signal_set signals(core_->ioc, SIGINT, SIGTERM);
      signals.async_wait([this](const beast::error_code&, int) { request_stop(); });
      std::unique_lock lock(stop_mu_);
      stop_cv_.wait(lock, [&] { return stop_requested_; });
    }
    stop();
  }

 private:
  static void run_io(Core& core) {
    for (;;) {
      try {
        core.ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: I/O handler threw: {}", e.what());
      }
    }
  }

  void request_stop() {
    std::lock_guard lock(stop_mu_);
    stop_requested_ = true;
    stop_cv_.notify_all();
  }

  void do_accept() {
    // The completion runs on the acceptor's executor, accept_strand_.
    acceptor_.async_accept(asio::make_strand(core_->ioc),
                           [this](beast::error_code ec, Socket socket) { on_accept(ec, std::move(socket)); });
  }

  void on_accept(beast::error_code ec, Socket socket) {
    if (!acceptor_.is_open() || core_->stopping.load()) return;
    if (ec) {
      spdlog::warn("http: accept failed: {}", ec.message());
      accept_retry_.expires_after(kAcceptRetryDelay);
      accept_retry_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) do_accept();
      });
      return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    const bool overloaded = core_->connections.load(std::memory_order_relaxed) >= core_->options.max_connections;
    std::make_shared<Session>(core_, std::move(socket), overloaded)->start();
    do_accept();
  }

  std::shared_ptr<Core> core_;  // first member: destroyed last
  Strand accept_strand_;
  tcp::acceptor acceptor_;           // touched on accept_strand_ once running
  asio::steady_timer accept_retry_;  // likewise
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::vector<std::thread> threads_;
  std::uint16_t port_ = 0;

  std::mutex control_mu_;  // serializes start() and stop()
  bool started_ = false;   // GUARDED_BY(control_mu_)
  bool running_ = false;   // GUARDED_BY(control_mu_)

  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stop_requested_ = false;  // GUARDED_BY(stop_mu_)
};

Server::Server(ServerOptions options, Dispatcher dispatcher)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatcher))) {}

Server::~Server() = default;

core::Status Server::start() { return impl_->start(); }

std::uint16_t Server::port() const { return impl_->port(); }

void Server::stop() { impl_->stop(); }

void Server::run_until_signal() { impl_->run_until_signal(); }

}  // namespace townhall::http
