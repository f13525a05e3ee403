// Story ids by site and key, for the posting path.
//
// A story's id never changes once the story exists, and stories are never
// deleted, so a cached id is never stale and needs no expiry. What can
// change about a story (closed, pre-moderated) is not kept here: a new
// comment reads it in the transaction that stores it (store::CommentGate).
// Bounded: at max_entries the cache starts again empty, which costs one
// read per story afterwards.
//
// Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/domain.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace townhall::api {

class StoryIds {
 public:
  StoryIds(store::Store& store, std::size_t max_entries);

  // NotFound ("story_not_found") when the site has no story with this key;
  // that answer is not cached (the story may be created by its first view).
  core::Result<core::Id> find(std::string_view site_id, std::string_view key);

 private:
  store::Store& store_;
  const std::size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, core::Id> ids_;  // GUARDED_BY(mu_); key: site id, '\0', story key
};

}  // namespace townhall::api
