// Turning raw request parts into checked values: percent-decoding, query
// parameters, JSON bodies (content type, UTF-8, shape) and bearer tokens.
// Every failure is an Error with the status the client should see.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/id.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace townhall::api {

// nullopt on a malformed escape or if the result is not valid UTF-8.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// The first value of `name` in a raw query string, decoded; nullopt if absent.
// An undecodable value counts as absent.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

// Requires Content-Type application/json (415), valid UTF-8 (400
// "invalid_utf8"), parseable JSON (400 "malformed_json") whose top level is
// an object (400 "expected_object").
core::Result<boost::json::object> parse_json_object(const http::Request& request);

// Field accessors: a missing optional field yields nullopt; a field of the
// wrong type is 422 "invalid_field" naming the field.
core::Result<std::string> required_string(const boost::json::object& object, std::string_view field);
core::Result<std::optional<std::string>> optional_string(const boost::json::object& object, std::string_view field);
core::Result<std::optional<bool>> optional_bool(const boost::json::object& object, std::string_view field);
core::Result<std::optional<std::int64_t>> optional_int(const boost::json::object& object, std::string_view field);
// An id sent as a decimal string (JSON numbers would lose precision).
core::Result<std::optional<core::Id>> optional_id(const boost::json::object& object, std::string_view field);

// Opaque paging cursors: base64url (no padding) of a plain text the handler
// chooses ("queue:reported:oldest:385747955895762944"), so clients cannot
// build or edit them. decode_opaque_cursor gives nullopt for anything not made by
// encode_opaque_cursor or longer than 256 bytes.
std::string encode_opaque_cursor(std::string_view plain);
std::optional<std::string> decode_opaque_cursor(std::string_view cursor);

// An email address, trimmed and lower-cased (ASCII): 422 "invalid_email"
// unless it looks like name@host.tld and fits in 254 bytes.
core::Result<std::string> checked_email(std::string_view raw);

// The token of "Authorization: Bearer <token>", or empty if none was sent.
std::string_view bearer_token(const http::Request& request);

}  // namespace townhall::api
