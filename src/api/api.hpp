// The application: every route of the HTTP API v1, as one Dispatcher.
//
// Handlers are functions Request → Response over the Store, the event bus
// and in-memory helpers (thread cache, throttles, site directory). Fast
// handlers run on the caller's thread; handlers that wait for a durable write
// run on a worker pool so the I/O threads never block (see router.hpp).
//
// Thread-safe: dispatch() and handle() may be called from any thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/static_asset.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "http/message.hpp"
#include "live/event_bus.hpp"
#include "live/stream_hub.hpp"
#include "moderation/floods.hpp"
#include "store/store.hpp"

namespace townhall::api {

struct ApiOptions {
  // Threads that run blocking handlers; each can wait on one group commit,
  // so more threads mean larger commit groups under load.
  std::size_t worker_threads = 64;
  // Blocking requests waiting for a worker beyond this answer 503.
  std::size_t max_queued_requests = 20'000;
  // Lifetime of a sign-in token.
  core::Millis session_lifetime = 30 * core::kMillisPerDay;
  // How long a verified session is trusted without asking the database; a
  // sign-out on another node takes this long to reach this one.
  core::Millis session_cache_ttl = 10 * core::kMillisPerSecond;
  // Cache-Control max-age of the public thread, for browsers and CDNs.
  int thread_max_age_seconds = 5;
  // Pages kept by the in-memory thread cache; 0 disables it.
  std::size_t thread_cache_entries = 20'000;
  // How long site settings are trusted before being re-read.
  core::Millis site_reload_interval = 5 * core::kMillisPerSecond;
  // Accounts one address may create per hour.
  double signups_per_hour_per_address = 20;
  // Failed sign-ins allowed per account and per address in 15 minutes.
  double signin_failures_per_account = 5;
  double signin_failures_per_address = 50;
  // Reports (rule reports and illegal-content notices) one reader may file
  // per hour; notices sent signed out count against the address.
  double reports_per_hour = 30;
  // Posting budgets, repeats and bursts of the automatic checks: a comment
  // beyond them is held for a moderator, not refused.
  moderation::FloodOptions floods;
  // Thread page size: default and largest a client may ask for.
  int default_page_size = 20;
  int max_page_size = 100;
  // Live event streams: replay buffer, heartbeat, reconnection delay.
  live::StreamHubOptions streams;
  // The front end compiled into the binary (web::embedded_assets()).
  std::vector<StaticAsset> assets;
};

class Api {
 public:
  Api(ApiOptions options, store::Store& store, live::EventBus& bus, core::IdGenerator& ids);
  ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  // The http::Dispatcher: answers inline or from a worker thread.
  void dispatch(http::Request&& request, http::Reply reply);
  // Answers synchronously on the calling thread (tests, tools). A
  // streaming response comes back with its `stream` not yet started.
  http::Response handle(const http::Request& request);
  // Readers with a live event stream open now (metrics, tests).
  std::size_t live_streams() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The HTML snippet a publisher pastes into an article template to show the
// discussion of one story (docs/embedding.md): `base` is this server's
// public address.
std::string embed_snippet(std::string_view base, std::string_view site, std::string_view story, std::string_view url,
                          std::string_view title);

}  // namespace townhall::api
