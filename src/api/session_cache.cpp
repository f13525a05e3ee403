#include "api/session_cache.hpp"

namespace townhall::api {

SessionCache::SessionCache(core::Millis ttl, std::size_t max_entries) : ttl_(ttl), max_entries_(max_entries) {}

std::optional<core::User> SessionCache::find(const std::string& token_hash, core::Millis now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(token_hash);
  if (it == entries_.end()) return std::nullopt;
  if (now >= it->second.trusted_until) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.user;
}

void SessionCache::remember(const std::string& token_hash, const core::User& user, core::Millis now) {
  if (ttl_ <= 0 || max_entries_ == 0) return;
  std::lock_guard lock(mu_);
  if (entries_.size() >= max_entries_) entries_.clear();  // rare; a cold cache is only slower
  entries_.insert_or_assign(token_hash, Entry{user, now + ttl_});
}

void SessionCache::forget(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  entries_.erase(token_hash);
}

void SessionCache::forget_user(core::Id user_id) {
  std::lock_guard lock(mu_);
  std::erase_if(entries_, [user_id](const auto& item) { return item.second.user.id == user_id; });
}

}  // namespace townhall::api
