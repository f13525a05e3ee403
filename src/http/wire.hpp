// Wire-format helpers private to the HTTP server: the response head, the
// Date header, request ids, request targets and forwarded client addresses.
//
// They are plain functions of their inputs (no sockets, no Beast types) so
// the byte-level details of what the server writes can be tested directly.
// Handlers have no reason to include this header.
#pragma once

#include <cstddef>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace townhall::http::wire {

// Longest X-Request-Id accepted from a client; longer ids are replaced.
constexpr std::size_t kMaxRequestIdLength = 64;
// Length of the ids the server makes up: short enough for the small-string
// buffer (no allocation per request), 60 random bits against collisions.
constexpr std::size_t kGeneratedRequestIdLength = 12;
// "Sun, 06 Nov 1994 08:49:37 GMT"
constexpr std::size_t kHttpDateLength = 29;

enum class ConnectionHeader { kNone, kKeepAlive, kClose };

// How the client learns where the body ends.
enum class BodyFraming {
  kContentLength,  // a body of known size
  kChunked,        // a stream, HTTP/1.1: Transfer-Encoding: chunked
  kUntilClose,     // a stream, HTTP/1.0: the body ends when the connection does
};

struct ResponseHead {
  int status = 200;
  std::string_view request_id;
  std::string_view date;
  ConnectionHeader connection = ConnectionHeader::kNone;
  BodyFraming framing = BodyFraming::kContentLength;
  std::size_t content_length = 0;  // the body's size, also for HEAD
};

// Appends the status line, the server's own fields (Server, Date,
// X-Request-Id, Content-Length or Transfer-Encoding, Connection), then
// `extra` and the blank line
// to *out. Fields in `extra` that the server owns (framing, Date, Server,
// X-Request-Id) are skipped, and so is any field whose name or value could
// break the framing (CR, LF, ':' in a name, empty name): handlers cannot
// split the response. A status outside 200..599 is written as 500, because
// interim or invalid codes would leave the client waiting for another
// response. Returns the status written.
int append_response_head(const ResponseHead& head, const std::vector<Header>& extra, std::string* out);

// False for statuses whose responses never carry a body (204, 304).
bool status_allows_body(int status);

// Longest chunk header append_chunk_header() writes: 16 hex digits + CRLF.
constexpr std::size_t kMaxChunkHeaderLength = 18;
// What ends a chunk's data, and the last chunk that ends a chunked body.
constexpr std::string_view kChunkEnd = "\r\n";
constexpr std::string_view kLastChunk = "0\r\n\r\n";

// Writes the header of a chunk of `size` bytes ("1a2b\r\n") into
// out[0..kMaxChunkHeaderLength) and returns its length. REQUIRES: size > 0
// (a zero-size chunk would end the body).
std::size_t append_chunk_header(std::size_t size, char* out);

// Writes the IMF-fixdate form of `at` (UTC) into out[0..kHttpDateLength).
void format_http_date(std::time_t at, char* out);

// The current IMF-fixdate, formatted at most once per second per thread.
// The view stays valid until the next call on the same thread.
std::string_view current_http_date();

// A new id of kGeneratedRequestIdLength characters from [0-9a-z]. Thread-safe.
std::string new_request_id();

// True when a client-supplied id may be reused: [A-Za-z0-9-]{1,64}.
bool is_valid_request_id(std::string_view id);

// Splits an origin-form target ("/a/b?x=1") into path and raw query (without
// '?'). An absolute-form target ("http://host/a?x") loses its scheme and
// authority first; an empty path becomes "/".
void split_target(std::string_view target, std::string* path, std::string* query);

// The client address a trusted proxy appended last to X-Forwarded-For, in
// canonical form, or nullopt when the last element is not an IP address.
std::optional<std::string> last_forwarded_address(std::string_view forwarded_for);

// {"error":{"code":code,"message":message}}, escaped as JSON.
std::shared_ptr<const std::string> error_body(std::string_view code, std::string_view message);

}  // namespace townhall::http::wire
