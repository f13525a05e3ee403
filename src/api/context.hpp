// What every handler group shares. Private to api/.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/api.hpp"
#include "api/router.hpp"
#include "api/session_cache.hpp"
#include "api/site_directory.hpp"
#include "api/thread_cache.hpp"
#include "api/throttle.hpp"
#include "core/domain.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "live/stream_hub.hpp"

namespace townhall::api {

struct Context {
  Context(const ApiOptions& options, store::Store& store, live::EventBus& bus, core::IdGenerator& ids);

  const ApiOptions options;
  store::Store& store;
  live::EventBus& bus;
  core::IdGenerator& ids;
  ThreadCache thread_cache;
  SiteDirectory sites;
  SessionCache sessions;
  Throttle signups_by_address;
  Throttle signin_failures_by_account;
  Throttle signin_failures_by_address;
  // Last: it renders events through the members above until destroyed.
  live::StreamHub streams;

  // The signed-in user: 401 "missing_token", "invalid_token", "token_expired".
  core::Result<core::User> authenticate(const http::Request& request);
  // Publishes an event about a story; its cached pages drop on the bus.
  void story_changed(live::EventKind kind, const std::string& site_id, core::Id story_id, core::Id comment_id);
};

// Whether the story takes comments: not closed by hand, not past the site's
// auto-close age.
bool story_open(const core::Story& story, const core::Site& site, core::Millis now);

// 403 "insufficient_role" unless the user has at least `minimum`.
core::Status require_role(const core::User& user, core::Role minimum);

// Whether the story takes comments now: not closed by hand, and younger
// than the site's auto_close_days.
bool story_open(const core::Story& story, const core::Site& site, core::Millis now);

// The data of a live event as readers' streams carry it (docs/api.md,
// "Live events"), or nullopt when readers are not told (a held comment).
std::optional<std::string> render_live_event(Context& context, const live::Event& event);

// Route registration, one function per resource group.
void add_comment_routes(Router& router, Context& context);
void add_account_routes(Router& router, Context& context);
void add_admin_routes(Router& router, Context& context);
void add_page_routes(Router& router, Context& context);
void add_live_routes(Router& router, Context& context);
void add_asset_routes(Router& router, Context& context);

}  // namespace townhall::api
