#include "api/story_ids.hpp"

namespace townhall::api {

StoryIds::StoryIds(store::Store& store, std::size_t max_entries) : store_(store), max_entries_(max_entries) {}

core::Result<core::Id> StoryIds::find(std::string_view site_id, std::string_view key) {
  // Site ids cannot contain NUL, so the joined key is unambiguous.
  std::string joined;
  joined.reserve(site_id.size() + 1 + key.size());
  joined.append(site_id).push_back('\0');
  joined.append(key);
  {
    std::lock_guard lock(mu_);
    if (auto found = ids_.find(joined); found != ids_.end()) return found->second;
  }
  auto story = store_.get_story(site_id, key);
  if (!story.ok()) return story.error();
  std::lock_guard lock(mu_);
  if (ids_.size() >= max_entries_) ids_.clear();
  ids_.emplace(std::move(joined), story->id);
  return story->id;
}

}  // namespace townhall::api
