// Building responses: JSON bodies, errors, and the one mapping from error
// kinds to HTTP statuses.
#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "http/message.hpp"

namespace townhall::api {

// The single place that decides which HTTP status an error kind gets.
int http_status(core::ErrorKind kind);

// {"error":{"code":..., "message":...}} with the status of error.kind.
http::Response error_response(const core::Error& error);
http::Response error_response(core::ErrorKind kind, std::string code, std::string message);
// The same with more members in the error object beside code and message
// (a restricted reader's "until" and "notice_id"); `extra` cannot replace
// code or message.
http::Response error_response(const core::Error& error, const boost::json::object& extra);

http::Response json_response(int status, const boost::json::value& body);
http::Response empty_response(int status);
http::Response html_response(int status, std::string html);

}  // namespace townhall::api
