#include "api/thread_cache.hpp"

#include <cstdio>
#include <mutex>

namespace townhall::api {

ThreadCache::ThreadCache(std::size_t max_entries) : max_entries_(max_entries) {}

std::shared_ptr<const CachedPage> ThreadCache::find(const std::string& key) const {
  std::shared_lock lock(mu_);
  auto it = pages_.find(key);
  return it == pages_.end() ? nullptr : it->second;
}

ThreadCache::Ticket ThreadCache::ticket(core::Id story_id) const {
  std::shared_lock lock(mu_);
  auto it = generations_.find(story_id);
  return epoch_ + (it == generations_.end() ? 0 : it->second);
}

void ThreadCache::insert(const std::string& key, std::shared_ptr<const CachedPage> page, Ticket ticket) {
  if (max_entries_ == 0) return;
  std::unique_lock lock(mu_);
  auto gen = generations_.find(page->story_id);
  if (epoch_ + (gen == generations_.end() ? 0 : gen->second) != ticket) return;
  if (pages_.size() >= max_entries_) {
    pages_.clear();
    keys_by_story_.clear();
  }
  const core::Id story_id = page->story_id;
  auto [it, inserted] = pages_.insert_or_assign(key, std::move(page));
  if (inserted) keys_by_story_[story_id].push_back(key);
}

void ThreadCache::invalidate(core::Id story_id) {
  std::unique_lock lock(mu_);
  ++generations_[story_id];
  auto it = keys_by_story_.find(story_id);
  if (it == keys_by_story_.end()) return;
  for (const auto& key : it->second) pages_.erase(key);
  keys_by_story_.erase(it);
}

void ThreadCache::clear() {
  std::unique_lock lock(mu_);
  // Tickets are sums of epoch and generation; a jump larger than any single
  // story's generation can reach keeps old tickets from matching again.
  epoch_ += 1ull << 40;
  pages_.clear();
  keys_by_story_.clear();
}

std::size_t ThreadCache::size() const {
  std::shared_lock lock(mu_);
  return pages_.size();
}

std::string thread_cache_key(std::string_view site, std::string_view story, std::string_view sort,
                             std::string_view cursor, int limit) {
  std::string key;
  key.reserve(site.size() + story.size() + sort.size() + cursor.size() + 12);
  key.append(site).push_back('\x1f');
  key.append(story).push_back('\x1f');
  key.append(sort).push_back('\x1f');
  key.append(cursor).push_back('\x1f');
  key.append(std::to_string(limit));
  return key;
}

std::string make_etag(std::string_view body) {
  // FNV-1a: fast, and collisions only cost a reader one stale 304 in 2^64.
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace townhall::api
