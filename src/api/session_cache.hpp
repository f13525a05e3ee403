// Recently verified sessions, so that a reader posting several comments in a
// row does not cost a database read for every request.
//
// An entry is trusted for `ttl` at most, so a session may be honoured up to
// `ttl` past its expiry (seconds, against lifetimes of days). Signing out or changing a role on this node drops the
// entries at once; a sign-out handled by another node takes effect here within `ttl`.
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/domain.hpp"

namespace townhall::api {

class SessionCache {
 public:
  SessionCache(core::Millis ttl, std::size_t max_entries);

  // The user of a cached, unexpired session.
  std::optional<core::User> find(const std::string& token_hash, core::Millis now);
  void remember(const std::string& token_hash, const core::User& user, core::Millis now);
  void forget(const std::string& token_hash);
  // Drops every session of the user (their role or account changed).
  void forget_user(core::Id user_id);

 private:
  struct Entry {
    core::User user;
    core::Millis trusted_until;
  };
  const core::Millis ttl_;
  const std::size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
};

}  // namespace townhall::api
