// Plain HTTP request/response values exchanged between the socket layer
// (http/server) and the application (api/). No Beast types appear here, so
// handlers stay pure functions that tests can call directly.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace townhall::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

struct Header {
  std::string name;  // lower-case
  std::string value;
};

struct Request {
  Method method = Method::kGet;
  std::string path;   // decoded? no: raw path, without the query string
  std::string query;  // raw query string without '?', may be empty
  std::vector<Header> headers;
  std::string body;
  std::string remote_address;  // peer IP, or the proxy-supplied client IP
  std::string request_id;      // assigned by the server, echoed as X-Request-Id

  // First header with this lower-case name, or empty.
  std::string_view header(std::string_view lower_name) const {
    for (const auto& h : headers) {
      if (h.name == lower_name) return h.value;
    }
    return {};
  }
};

// The sending end of a streaming response body (server-sent events). The
// server hands one to Response::stream once the response head is on the
// wire; the application keeps it and writes whenever it has something.
//
// Thread-safe: every method may be called from any thread, also after the
// connection or the Server is gone. Writes never block: chunks are queued
// and sent in order, one socket write at a time. The writer does not keep
// the connection open; the client, close() or Server::stop() end it.
class StreamWriter {
 public:
  virtual ~StreamWriter() = default;

  // Queues `chunk` behind everything written before. Returns false, and
  // drops the chunk, once the stream is closed: the client went away, the
  // server is stopping, close() was called, or the client reads too slowly
  // (more than ServerOptions::max_stream_queue_bytes unsent, which closes
  // the stream). Empty chunks are ignored. Shared so that one message can
  // go to many streams without a copy each.
  virtual bool write_shared(std::shared_ptr<const std::string> chunk) = 0;
  bool write(std::string chunk) { return write_shared(std::make_shared<const std::string>(std::move(chunk))); }

  // Ends the body once the chunks queued so far are sent, then closes the
  // connection. Idempotent.
  virtual void close() = 0;

  // Runs `callback` once when the stream ends for any reason, on an I/O
  // thread; at once on the calling thread if it has already ended. Keep it
  // quick and thread-safe; it may call write() (which returns false).
  virtual void on_closed(std::function<void()> callback) = 0;

  // True once writes are refused.
  virtual bool closed() const = 0;
};

// Starts a streaming body: called once, on an I/O thread, after the head
// has been sent. Must not block.
using StreamStart = std::function<void(std::shared_ptr<StreamWriter>)>;

struct Response {
  int status = 200;
  std::vector<Header> headers;
  // Shared so that cached bodies are sent without copying.
  std::shared_ptr<const std::string> body;
  // When set, `body` is ignored and the body is a stream of unknown length:
  // chunked for HTTP/1.1, delimited by closing the connection for HTTP/1.0.
  // The connection carries nothing after the stream. A HEAD request, or a
  // status without a body (204, 304), gets the head only and `stream` is
  // never called.
  StreamStart stream;

  void set_header(std::string name, std::string value) { headers.push_back({std::move(name), std::move(value)}); }
  std::string_view header(std::string_view lower_name) const {
    for (const auto& h : headers) {
      if (h.name == lower_name) return h.value;
    }
    return {};
  }
};

// Completes a request; may be called from any thread, exactly once.
using Reply = std::function<void(Response&&)>;

// The application entry point the server calls for every request. It may
// answer inline or later from another thread (blocking work runs off the
// I/O threads).
using Dispatcher = std::function<void(Request&&, Reply)>;

}  // namespace townhall::http
