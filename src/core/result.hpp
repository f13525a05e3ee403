// Result<T>: the value of an operation that can fail in an expected way.
//
// Expected failures (unknown id, validation, conflicts, throttling) travel as
// values, never as exceptions, so every layer handles them in a plain
// sequence. An Error carries a kind (which maps to exactly one HTTP status,
// see api/errors.hpp), a stable machine-readable code shown to clients
// ("body_too_long"), and a human-readable message.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace townhall::core {

enum class ErrorKind {
  kInvalidArgument,       // malformed input: bad JSON, invalid UTF-8 (400)
  kUnauthenticated,       // no, unknown or expired credentials (401)
  kForbidden,             // authenticated but not allowed (403)
  kNotFound,              // unknown id (404)
  kConflict,              // uniqueness or state conflict (409)
  kPayloadTooLarge,       // body over the configured limit (413)
  kUnsupportedMediaType,  // wrong Content-Type (415)
  kUnprocessable,         // well-formed but fails validation (422)
  kTooManyRequests,       // throttled (429)
  kUnavailable,           // shutting down or overloaded (503)
  kInternal,              // a bug or an I/O failure (500)
};

struct Error {
  ErrorKind kind = ErrorKind::kInternal;
  std::string code;     // stable, snake_case, documented in docs/api.md
  std::string message;  // for people; never contains secrets
};

inline Error make_error(ErrorKind kind, std::string code, std::string message) {
  return Error{kind, std::move(code), std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // REQUIRES: !ok()
  const Error& error() const {
    assert(!ok());
    return std::get<Error>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    assert(failed_);
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

}  // namespace townhall::core
