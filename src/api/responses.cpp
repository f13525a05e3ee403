#include "api/responses.hpp"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/text.hpp"

namespace townhall::api {

int http_status(core::ErrorKind kind) {
  using core::ErrorKind;
  switch (kind) {
    case ErrorKind::kInvalidArgument: return 400;
    case ErrorKind::kUnauthenticated: return 401;
    case ErrorKind::kForbidden: return 403;
    case ErrorKind::kNotFound: return 404;
    case ErrorKind::kConflict: return 409;
    case ErrorKind::kPayloadTooLarge: return 413;
    case ErrorKind::kUnsupportedMediaType: return 415;
    case ErrorKind::kUnprocessable: return 422;
    case ErrorKind::kTooManyRequests: return 429;
    case ErrorKind::kUnavailable: return 503;
    case ErrorKind::kInternal: return 500;
  }
  return 500;
}

http::Response json_response(int status, const boost::json::value& body) {
  http::Response response;
  response.status = status;
  response.set_header("content-type", "application/json");
  response.body = std::make_shared<const std::string>(boost::json::serialize(body));
  return response;
}

http::Response error_response(const core::Error& error) { return error_response(error, boost::json::object()); }

http::Response error_response(const core::Error& error, const boost::json::object& extra) {
  boost::json::object inner;
  inner["code"] = error.code;
  if (error.kind == core::ErrorKind::kInternal) {
    // Internal messages can carry database or system detail: log, don't tell.
    spdlog::error(R"("event":"internal_error","code":"{}","message":"{}")", error.code,
                  core::json_escape(error.message));
    inner["message"] = "something went wrong on our side";
  } else {
    inner["message"] = error.message;
  }
  for (const auto& [key, value] : extra) {
    if (key != "code" && key != "message") inner[key] = value;
  }
  boost::json::object outer;
  outer["error"] = std::move(inner);
  http::Response response = json_response(http_status(error.kind), outer);
  if (error.kind == core::ErrorKind::kUnauthenticated) response.set_header("www-authenticate", "Bearer");
  response.set_header("cache-control", "no-store");
  return response;
}

http::Response error_response(core::ErrorKind kind, std::string code, std::string message) {
  return error_response(core::make_error(kind, std::move(code), std::move(message)));
}

http::Response empty_response(int status) {
  http::Response response;
  response.status = status;
  return response;
}

http::Response html_response(int status, std::string html) {
  http::Response response;
  response.status = status;
  response.set_header("content-type", "text/html; charset=utf-8");
  response.body = std::make_shared<const std::string>(std::move(html));
  return response;
}

}  // namespace townhall::api
