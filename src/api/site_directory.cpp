#include "api/site_directory.hpp"

#include <algorithm>

namespace townhall::api {

SiteDirectory::SiteDirectory(store::Store& store, core::Millis ttl) : store_(store), ttl_(ttl) {}

void SiteDirectory::reload_if_stale() {
  const core::Millis now = core::now_millis();
  if (loaded_at_ >= 0 && now - loaded_at_ < ttl_) return;
  auto sites = store_.list_sites();
  if (!sites.ok()) return;  // keep serving the copy we have
  sites_.clear();
  for (auto& site : *sites) {
    auto id = site.id;
    sites_.emplace(std::move(id), std::make_shared<const core::Site>(std::move(site)));
  }
  loaded_at_ = now;
}

core::Result<std::shared_ptr<const core::Site>> SiteDirectory::find(std::string_view site_id) {
  std::lock_guard lock(mu_);
  reload_if_stale();
  auto it = sites_.find(std::string(site_id));
  if (it == sites_.end()) {
    return core::make_error(core::ErrorKind::kNotFound, "site_not_found", "no site has this id");
  }
  return it->second;
}

bool SiteDirectory::origin_allowed_anywhere(std::string_view origin) {
  std::lock_guard lock(mu_);
  reload_if_stale();
  return std::any_of(sites_.begin(), sites_.end(),
                     [&](const auto& item) { return origin_allowed(*item.second, origin); });
}

void SiteDirectory::invalidate() {
  std::lock_guard lock(mu_);
  loaded_at_ = -1;
}

bool origin_allowed(const core::Site& site, std::string_view origin) {
  return std::find(site.allowed_origins.begin(), site.allowed_origins.end(), origin) != site.allowed_origins.end();
}

}  // namespace townhall::api
