// Sites, kept in memory for the hot path (CORS checks, settings) and
// reloaded from the store after a short time, so that a change made through
// another node shows up within `ttl`.
//
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/domain.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace townhall::api {

class SiteDirectory {
 public:
  SiteDirectory(store::Store& store, core::Millis ttl);

  // NotFound ("site_not_found") if there is no such site.
  core::Result<std::shared_ptr<const core::Site>> find(std::string_view site_id);
  // Whether any site lists this origin (for endpoints not tied to one site).
  bool origin_allowed_anywhere(std::string_view origin);
  // Forgets cached copies after a change made on this node.
  void invalidate();

 private:
  void reload_if_stale();  // REQUIRES: mu_ held

  store::Store& store_;
  const core::Millis ttl_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const core::Site>> sites_;  // GUARDED_BY(mu_)
  core::Millis loaded_at_ = -1;                                               // GUARDED_BY(mu_)
};

bool origin_allowed(const core::Site& site, std::string_view origin);

}  // namespace townhall::api
