// The HTTP/1.1 server: listener → session → dispatcher.
//
// Beast and Asio stay inside server.cpp; this header is cheap to include.
// Thread safety: start() and stop() from one controlling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "http/message.hpp"

namespace townhall::http {

struct ServerOptions {
  std::string address = "0.0.0.0";
  std::uint16_t port = 8080;  // 0 picks an ephemeral port (tests)
  int io_threads = 0;         // 0: one per hardware core
  // Largest request body accepted; bigger bodies get 413 without being read.
  std::size_t max_body_bytes = 64 * 1024;
  // Largest request line + headers; bigger get 431.
  std::size_t max_header_bytes = 16 * 1024;
  // Time to receive a whole request once its first byte arrived; also how
  // long a new connection may take to start its first request.
  std::chrono::milliseconds read_timeout{10'000};
  // Time a keep-alive connection may sit idle between requests.
  std::chrono::milliseconds idle_timeout{60'000};
  // Connections beyond this are accepted and closed at once with 503.
  std::size_t max_connections = 20'000;
  // On stop(): how long in-flight requests may take before sockets close.
  std::chrono::milliseconds shutdown_grace{10'000};
  // Trust X-Forwarded-For's last hop for the client address (behind a proxy).
  bool trust_forwarded_for = false;
  // A streaming response (Response::stream) with more than this written by
  // the application but not yet taken by the client is closed: a reader
  // that far behind catches up faster by reconnecting, and a stuck one
  // must not hold memory. Streams count towards max_connections and are
  // exempt from read_timeout and idle_timeout while idle; a stream write
  // the client does not take within idle_timeout closes the stream.
  std::size_t max_stream_queue_bytes = std::size_t{256} * 1024;
  // Called after each response is written (access log, metrics), on an I/O
  // thread: keep it quick and thread-safe. The Request has no body (the
  // dispatcher took it); the time runs from the request's first byte. For a
  // streaming response it is called once the head is sent.
  std::function<void(const Request&, const Response&, std::chrono::microseconds)> on_complete;
};

class Server {
 public:
  Server(ServerOptions options, Dispatcher dispatcher);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the I/O threads. Returns once listening. Raises the
  // process's soft limit on open files to its hard limit, since every
  // connection is a descriptor (10,000 event streams need more than the
  // common default of 1024), and logs a warning if that stays below
  // max_connections.
  core::Status start();
  // The bound port (useful with port 0). REQUIRES: start() succeeded.
  std::uint16_t port() const;
  // Stops accepting, lets in-flight requests finish (up to the grace
  // period), closes idle connections, ends streams (after what is queued
  // on them, without waiting for the grace period), joins the I/O threads.
  // Idempotent.
  void stop();
  // Blocks until SIGINT or SIGTERM arrives, then calls stop().
  void run_until_signal();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace townhall::http
