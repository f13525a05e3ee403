#include "api/router.hpp"

#include <cassert>

#include "api/request_parsing.hpp"

namespace townhall::api {

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t pos = 0;
  while (pos < path.size()) {
    if (path[pos] == '/') {
      ++pos;
      continue;
    }
    const std::size_t end = path.find('/', pos);
    parts.push_back(path.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos));
    if (end == std::string_view::npos) break;
    pos = end;
  }
  return parts;
}

bool is_capture(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

const std::string& PathParams::operator[](std::string_view name) const {
  for (const auto& item : items_) {
    if (item.name == name) return item.value;
  }
  assert(false && "route pattern does not declare this parameter");
  static const std::string kEmpty;
  return kEmpty;
}

void Router::add(Route route) {
  Compiled compiled{std::move(route), {}};
  for (auto part : split_path(compiled.route.pattern)) compiled.segments.emplace_back(part);
  routes_.push_back(std::move(compiled));
}

Match Router::match(http::Method method, std::string_view path) const {
  Match result;
  const auto parts = split_path(path);
  // HEAD is answered by the GET route.
  const http::Method wanted = method == http::Method::kHead ? http::Method::kGet : method;
  for (const auto& compiled : routes_) {
    if (compiled.segments.size() != parts.size()) continue;
    PathParams params;
    bool ok = true;
    for (std::size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& seg = compiled.segments[i];
      if (is_capture(seg)) {
        auto decoded = percent_decode(parts[i]);
        if (!decoded || decoded->empty()) {
          ok = false;
        } else {
          params.add(seg.substr(1, seg.size() - 2), std::move(*decoded));
        }
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) continue;
    if (compiled.route.method == wanted) {
      result.route = &compiled.route;
      result.params = std::move(params);
      return result;
    }
    result.path_known = true;
    if (!result.allow.empty()) result.allow += ", ";
    result.allow += method_name(compiled.route.method);
  }
  return result;
}

std::string_view method_name(http::Method method) {
  switch (method) {
    case http::Method::kGet: return "GET";
    case http::Method::kHead: return "HEAD";
    case http::Method::kPost: return "POST";
    case http::Method::kPut: return "PUT";
    case http::Method::kPatch: return "PATCH";
    case http::Method::kDelete: return "DELETE";
    case http::Method::kOptions: return "OPTIONS";
    case http::Method::kOther: return "OTHER";
  }
  return "OTHER";
}

}  // namespace townhall::api
