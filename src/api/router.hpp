// The route table: method + path pattern → handler.
//
// Patterns are literal segments and `{name}` captures ("/api/v1/comments/{id}").
// A path that matches a pattern under another method answers 405 with an
// Allow header; no match answers 404.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.hpp"

namespace townhall::api {

// Captured path parameters, in pattern order, percent-decoded.
class PathParams {
 public:
  void add(std::string name, std::string value) { items_.push_back({std::move(name), std::move(value)}); }
  // REQUIRES: the pattern declared `name`.
  const std::string& operator[](std::string_view name) const;

 private:
  struct Item {
    std::string name;
    std::string value;
  };
  std::vector<Item> items_;
};

using Handler = std::function<http::Response(const http::Request&, const PathParams&)>;

// The Handler that calls `method` on a handler group; every route of the
// group shares (and keeps alive) the one object.
template <typename Group>
Handler member_handler(std::shared_ptr<Group> group,
                       http::Response (Group::*method)(const http::Request&, const PathParams&)) {
  return [group = std::move(group), method](const http::Request& req, const PathParams& params) {
    return ((*group).*method)(req, params);
  };
}

// A handler that answers later: it starts on the I/O thread, hands its
// slow part (a durable write) to something that calls back, and answers
// through `reply`, exactly once, from whichever thread that is.
using DeferredHandler = std::function<void(const http::Request&, const PathParams&, http::Reply)>;

template <typename Group>
DeferredHandler member_handler(std::shared_ptr<Group> group,
                               void (Group::*method)(const http::Request&, const PathParams&, http::Reply)) {
  return [group = std::move(group), method](const http::Request& req, const PathParams& params, http::Reply reply) {
    ((*group).*method)(req, params, std::move(reply));
  };
}

// Where a handler runs: kInline on the I/O thread (fast, never waits on a
// durable write), kBlocking on the worker pool (may wait for a commit),
// kDeferred on the I/O thread up to its write, answering when that is
// durable (Route::deferred); no thread waits.
enum class Execution { kInline, kBlocking, kDeferred };

struct Route {
  Route(http::Method m, std::string p, Handler h, Execution e = Execution::kInline)
      : method(m), pattern(std::move(p)), handler(std::move(h)), execution(e) {}
  Route(http::Method m, std::string p, DeferredHandler d)
      : method(m), pattern(std::move(p)), execution(Execution::kDeferred), deferred(std::move(d)) {}

  http::Method method;
  std::string pattern;
  Handler handler;  // kInline and kBlocking
  Execution execution;
  DeferredHandler deferred;  // kDeferred
};

struct Match {
  const Route* route = nullptr;  // null when nothing matched
  PathParams params;
  bool path_known = false;  // some route had this path under another method
  std::string allow;        // methods for the 405 Allow header
};

class Router {
 public:
  void add(Route route);
  Match match(http::Method method, std::string_view path) const;

 private:
  struct Compiled {
    Route route;
    std::vector<std::string> segments;  // "{x}" marks a capture
  };
  std::vector<Compiled> routes_;
};

std::string_view method_name(http::Method method);

}  // namespace townhall::api
