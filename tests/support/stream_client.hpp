// A streaming GET for tests of server-sent events: one request on a
// connection of its own, whose body is read piece by piece as it arrives
// (de-chunked) instead of to its end. Every wait has a deadline, so a
// broken server fails a test instead of hanging it.
//
// Not thread-safe: use each StreamClient from one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "support/http_client.hpp"

namespace townhall::testing {

class StreamClient {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{5'000};

  // Connects, sends `GET target` (HTTP/1.1, the given headers) and waits for
  // the response head. On failure head().status is 0 and head().error says
  // why.
  StreamClient(std::string host, std::uint16_t port, std::string_view target, const Headers& headers = {});
  ~StreamClient();
  StreamClient(const StreamClient&) = delete;
  StreamClient& operator=(const StreamClient&) = delete;

  // Status and headers; the body is in received(). For a response that is
  // not a stream (a 404) the whole body is read with the head.
  const Response& head() const;

  // Waits up to `timeout` for more of the body; returns what arrived ("" if
  // nothing did, or the stream is over).
  std::string read(std::chrono::milliseconds timeout = kDefaultTimeout);
  // Reads until received() contains `text` after position `from`, the
  // stream is over, or the timeout; returns whether it was found.
  bool read_until(std::string_view text, std::size_t from = 0, std::chrono::milliseconds timeout = kDefaultTimeout);
  // Reads until the stream is over or the timeout; returns whether it is.
  bool read_to_end(std::chrono::milliseconds timeout = kDefaultTimeout);

  // Every body byte received so far.
  const std::string& received() const;
  // The body ended properly (the last chunk, or EOF for an HTTP/1.0 body).
  bool ended() const;
  // Nothing more will come: ended, or the connection closed or failed.
  bool over() const;

  // Hangs up, as a reader leaving the page does.
  void close();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace townhall::testing
