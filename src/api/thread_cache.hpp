// The public thread, cached as finished response bytes.
//
// Every reader of a story sees the same first page, so it is serialized once
// and served from memory with an ETag until something in the story changes.
// Entries are keyed by the request's (site, story, sort, cursor, limit) and
// indexed by story id so that an event on the bus drops all pages of that
// story at once.
//
// A page computed from the database while a change was being committed must
// not be cached after that change's invalidation ran. Callers therefore take
// a ticket (the story's generation) before reading and present it when
// inserting; an insert with a stale ticket is ignored.
//
// Thread-safe.
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"

namespace townhall::api {

struct CachedPage {
  std::shared_ptr<const std::string> body;
  std::string etag;  // quoted, ready for the ETag header
  core::Id story_id = 0;
  // Served until this time (e.g. the story's auto-close moment) or until
  // invalidated, whichever comes first.
  core::Millis stale_after = INT64_MAX;
};

class ThreadCache {
 public:
  // When the cache holds max_entries pages it starts over empty; threads are
  // read in bursts (a story is hot for hours), so this is rarely hit.
  explicit ThreadCache(std::size_t max_entries);

  std::shared_ptr<const CachedPage> find(const std::string& key) const;

  using Ticket = std::uint64_t;
  Ticket ticket(core::Id story_id) const;
  // Stores the page unless the story changed since `ticket` was taken.
  void insert(const std::string& key, std::shared_ptr<const CachedPage> page, Ticket ticket);
  // Drops every page of the story and invalidates outstanding tickets.
  void invalidate(core::Id story_id);
  // Drops every page (a site's settings changed) and invalidates all tickets.
  void clear();
  std::size_t size() const;

 private:
  const std::size_t max_entries_;
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const CachedPage>> pages_;  // GUARDED_BY(mu_)
  std::unordered_map<core::Id, std::vector<std::string>> keys_by_story_;      // GUARDED_BY(mu_)
  std::unordered_map<core::Id, Ticket> generations_;                          // GUARDED_BY(mu_)
  Ticket epoch_ = 0;  // added to every ticket; bumped by clear()            // GUARDED_BY(mu_)
};

// "site\x1fstory\x1fsort\x1fcursor\x1flimit": unit separators cannot occur in
// the decoded parts that reach here (control characters are rejected).
std::string thread_cache_key(std::string_view site, std::string_view story, std::string_view sort,
                             std::string_view cursor, int limit);

// A strong validator for a body: a 64-bit hash rendered as a quoted string.
std::string make_etag(std::string_view body);

}  // namespace townhall::api
