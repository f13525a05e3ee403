// A small synchronous HTTP/1.1 client for tests: it talks to a real server
// over TCP, reuses one keep-alive connection, and gives up after a timeout
// so a broken server fails a test instead of hanging it.
//
// Not thread-safe: use one client per thread.
#pragma once

#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace townhall::testing {

struct Response {
  int status = 0;  // 0 when the exchange failed; `error` says why
  // Lower-case names; repeated fields are joined with ", ".
  std::map<std::string, std::string> headers;
  std::string body;
  std::string error;  // transport failure or timeout; empty on success

  // The body parsed as JSON, or null when it is not JSON.
  boost::json::value json() const;
  // The field's value, or "" when absent. REQUIRES: lower-case name.
  std::string header(const std::string& name) const;
};

using Headers = std::map<std::string, std::string>;

class HttpClient {
 public:
  static constexpr std::chrono::milliseconds kDefaultTimeout{10'000};

  HttpClient(std::string host, std::uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Bounds each exchange (connect + write + read).
  void set_timeout(std::chrono::milliseconds timeout);

  // Sends one request on the kept connection (opening one if needed) and
  // reads the response. A non-empty body without a content-type header is
  // sent as application/json. If a reused connection turns out to have been
  // closed by the server before answering, the request is retried once on a
  // new connection, as browsers do.
  Response request(std::string_view method, std::string_view target, std::string_view body = "",
                   const Headers& headers = {});
  Response get(std::string_view target, const Headers& headers = {});
  Response head(std::string_view target, const Headers& headers = {});
  Response post(std::string_view target, std::string_view body, const Headers& headers = {});
  Response put(std::string_view target, std::string_view body, const Headers& headers = {});
  Response patch(std::string_view target, std::string_view body, const Headers& headers = {});
  Response del(std::string_view target, const Headers& headers = {});

  // Writes bytes as they are on the kept connection (opening one if needed)
  // without reading; pair with read_response() for pipelining, partial
  // requests and Expect: 100-continue. Returns false on failure.
  bool write_raw(std::string_view bytes);
  // Reads the next response on the kept connection. `head_request`: the
  // response has no body whatever its Content-Length says.
  Response read_response(bool head_request = false);
  Response send_raw(std::string_view bytes) {
    if (!write_raw(bytes)) return Response{0, {}, {}, "write failed"};
    return read_response();
  }

  // On a new connection of its own: writes `raw_request`, then returns every
  // byte received until the server closes the connection or the timeout.
  std::string raw_exchange(const std::string& raw_request);

  // Drops the kept connection.
  void close();
  bool connected() const;
  // How many connections request()/write_raw() opened: keep-alive tests
  // check that it stays at one.
  int connections_opened() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace townhall::testing
