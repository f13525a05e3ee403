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

struct Response {
  int status = 200;
  std::vector<Header> headers;
  // Shared so that cached bodies are sent without copying.
  std::shared_ptr<const std::string> body;

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
