#include "api/api.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

#include "api/context.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
#include "api/worker_pool.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace townhall::api {

using core::ErrorKind;
using core::make_error;

namespace {

constexpr std::string_view kSitesPrefix = "/api/v1/sites/";
constexpr std::string_view kApiPrefix = "/api/v1/";
constexpr std::string_view kAdminPrefix = "/api/v1/admin/";
constexpr std::string_view kModerationPrefix = "/api/v1/moderation/";
constexpr int kPreflightMaxAgeSeconds = 600;
constexpr core::Millis kSigninWindow = 15 * core::kMillisPerMinute;
constexpr std::size_t kSessionCacheEntries = 100'000;
constexpr std::size_t kStoryIdEntries = 100'000;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

// ---- Context ---------------------------------------------------------------

Context::Context(const ApiOptions& opts, store::Store& st, live::EventBus& b, core::IdGenerator& id_gen)
    : options(opts),
      store(st),
      bus(b),
      ids(id_gen),
      thread_cache(opts.thread_cache_entries),
      sites(st, opts.site_reload_interval),
      sessions(opts.session_cache_ttl, kSessionCacheEntries),
      story_ids(st, kStoryIdEntries),
      signups_by_address(opts.signups_per_hour_per_address, core::kMillisPerHour),
      signin_failures_by_account(opts.signin_failures_per_account, kSigninWindow),
      signin_failures_by_address(opts.signin_failures_per_address, kSigninWindow),
      reports_by_reader(opts.reports_per_hour, core::kMillisPerHour),
      policies(st),
      pipeline(opts.floods),
      streams(
          b, [this](const live::Event& event) { return render_live_event(*this, event); }, opts.streams) {}

core::Result<core::User> Context::authenticate(const http::Request& request) {
  const std::string_view token = bearer_token(request);
  if (token.empty()) {
    return make_error(ErrorKind::kUnauthenticated, "missing_token", "sign in first");
  }
  const std::string token_hash = core::hash_token(token);
  const core::Millis now = core::now_millis();
  if (auto cached = sessions.find(token_hash, now)) return *cached;
  auto user = store.session_user(token_hash, now);
  if (user.ok()) sessions.remember(token_hash, *user, now);
  return user;
}

void Context::story_changed(live::EventKind kind, const std::string& site_id, core::Id story_id, core::Id comment_id) {
  // The thread cache hears this on the bus like every other listener (see
  // Api::Impl), so changes arriving from elsewhere invalidate it the same way.
  bus.publish(live::Event{kind, site_id, story_id, comment_id});
}

core::Result<core::Comment> find_comment(Context& context, std::string_view id_text) {
  auto not_found = make_error(ErrorKind::kNotFound, "comment_not_found", "no comment has this id");
  auto id = core::parse_id(id_text);
  if (!id) return not_found;
  auto comment = context.store.get_comment(*id);
  if (!comment.ok() && comment.error().kind == ErrorKind::kNotFound) return not_found;
  return comment;
}

core::Status require_role(const core::User& user, core::Role minimum) {
  if (static_cast<int>(user.role) < static_cast<int>(minimum)) {
    return make_error(ErrorKind::kForbidden, "insufficient_role", "your account may not do this");
  }
  return {};
}

// ---- Api -------------------------------------------------------------------

class Api::Impl {
 public:
  Impl(ApiOptions options, store::Store& store, live::EventBus& bus, core::IdGenerator& ids)
      : ctx_(options, store, bus, ids), workers_(options.worker_threads, options.max_queued_requests) {
    // The cache also hears about changes made by other writers on this node.
    subscription_ = bus.subscribe([this](const live::Event& e) { ctx_.thread_cache.invalidate(e.story_id); });
    router_.add({http::Method::kGet, "/healthz", [this](const http::Request&, const PathParams&) { return health(); },
                 Execution::kInline});
    add_comment_routes(router_, ctx_);
    add_account_routes(router_, ctx_);
    add_admin_routes(router_, ctx_);
    add_community_routes(router_, ctx_);
    add_moderation_routes(router_, ctx_);
    add_page_routes(router_, ctx_);
    add_live_routes(router_, ctx_);
    add_asset_routes(router_, ctx_);
  }

  void dispatch(http::Request&& request, http::Reply reply) {
    if (request.method == http::Method::kOptions) {
      reply(preflight(request));
      return;
    }
    // Empty segments ("/api/v1//admin") would match routes while escaping
    // the prefix checks of the origin rules; no real client sends them.
    if (request.path.find("//") != std::string::npos) {
      reply(error_response(ErrorKind::kNotFound, "not_found", "no such resource"));
      return;
    }
    Match match = router_.match(request.method, request.path);
    if (match.route == nullptr) {
      reply(with_cors(request, not_routed(match)));
      return;
    }
    if (auto refused = refuse_foreign_origin(request)) {
      reply(std::move(*refused));
      return;
    }
    if (match.route->execution == Execution::kInline) {
      reply(with_cors(request, run(*match.route, request, match.params)));
      return;
    }
    if (match.route->execution == Execution::kDeferred) {
      run_deferred(*match.route, std::move(request), match.params, std::move(reply));
      return;
    }
    auto shared = std::make_shared<std::pair<http::Request, PathParams>>(std::move(request), std::move(match.params));
    const Route* route = match.route;
    const bool queued = workers_.submit(
        [this, shared, route, reply] { reply(with_cors(shared->first, run(*route, shared->first, shared->second))); });
    if (!queued) {
      http::Response busy =
          error_response(ErrorKind::kUnavailable, "overloaded", "the server is busy; try again shortly");
      busy.set_header("retry-after", "1");
      reply(with_cors(shared->first, std::move(busy)));
    }
  }

  std::size_t live_streams() const { return ctx_.streams.subscriber_count(); }

  // Deferred handlers answer from the store's threads, through the Context:
  // wait until every one in flight has answered before the Context goes.
  ~Impl() {
    std::unique_lock lock(deferred_mu_);
    deferred_done_.wait(lock, [this] { return deferred_in_flight_ == 0; });
  }

  http::Response handle(const http::Request& request) {
    std::promise<http::Response> done;
    auto future = done.get_future();
    http::Request copy = request;
    dispatch(std::move(copy), [&done](http::Response&& r) { done.set_value(std::move(r)); });
    return future.get();
  }

 private:
  http::Response run(const Route& route, const http::Request& request, const PathParams& params) {
    try {
      return route.handler(request, params);
    } catch (const std::exception& e) {
      // A bug, not bad input: log it with the request id, answer without detail.
      spdlog::error(R"("event":"handler_exception","request_id":"{}","what":"{}")", request.request_id,
                    core::json_escape(e.what()));
      return error_response(ErrorKind::kInternal, "internal", "something went wrong on our side");
    }
  }

  void run_deferred(const Route& route, http::Request&& request, const PathParams& params, http::Reply reply) {
    {
      std::lock_guard lock(deferred_mu_);
      ++deferred_in_flight_;
    }
    // The answer may come from another thread after this request is gone:
    // it keeps the request (for the CORS headers) and counts as in flight
    // until it has been given.
    auto shared = std::make_shared<const http::Request>(std::move(request));
    auto answered = std::make_shared<std::atomic<bool>>(false);
    http::Reply answer = [this, shared, answered, reply = std::move(reply)](http::Response&& response) {
      if (answered->exchange(true)) return;  // exactly once
      reply(with_cors(*shared, std::move(response)));
      std::lock_guard lock(deferred_mu_);
      if (--deferred_in_flight_ == 0) deferred_done_.notify_all();
    };
    try {
      route.deferred(*shared, params, answer);
    } catch (const std::exception& e) {
      spdlog::error(R"("event":"handler_exception","request_id":"{}","what":"{}")", shared->request_id,
                    core::json_escape(e.what()));
      answer(error_response(ErrorKind::kInternal, "internal", "something went wrong on our side"));
    }
  }

  http::Response health() {
    auto sites = ctx_.store.list_sites();
    if (!sites.ok()) {
      return error_response(ErrorKind::kUnavailable, "store_unavailable", "the database cannot be read");
    }
    http::Response response = json_response(200, boost::json::object{{"status", "ok"}});
    response.set_header("cache-control", "no-store");
    return response;
  }

  http::Response not_routed(const Match& match) {
    if (match.path_known) {
      http::Response response = error_response(ErrorKind::kInvalidArgument, "method_not_allowed",
                                               "this resource does not support the method");
      response.status = 405;
      response.set_header("allow", match.allow);
      return response;
    }
    return error_response(ErrorKind::kNotFound, "not_found", "no such resource");
  }

  // Which origins may call a path from a browser: a site's own origins for
  // its resources, any site's origins for reader endpoints (accounts,
  // comments by id), none for the admin and moderation APIs (same origin).
  bool cross_origin_allowed(const http::Request& request, std::string_view origin) {
    if (origin.empty()) return false;
    const std::string_view path = request.path;
    if (starts_with(path, kAdminPrefix) || starts_with(path, kModerationPrefix)) return false;
    if (starts_with(path, kSitesPrefix)) {
      std::string_view rest = path.substr(kSitesPrefix.size());
      auto site_id = percent_decode(rest.substr(0, rest.find('/')));
      if (!site_id) return false;
      auto site = ctx_.sites.find(*site_id);
      return site.ok() && origin_allowed(**site, origin);
    }
    if (starts_with(path, kApiPrefix)) return ctx_.sites.origin_allowed_anywhere(origin);
    return false;
  }

  static bool same_origin(const http::Request& request, std::string_view origin) {
    const std::string_view host = request.header("host");
    if (host.empty()) return false;
    for (std::string_view scheme : {"http://", "https://"}) {
      if (starts_with(origin, scheme) && origin.substr(scheme.size()) == host) return true;
    }
    return false;
  }

  // Browsers send Origin on cross-origin requests; writes from origins that
  // are not allowed are refused outright rather than merely left unreadable.
  std::optional<http::Response> refuse_foreign_origin(const http::Request& request) {
    if (request.method == http::Method::kGet || request.method == http::Method::kHead) return std::nullopt;
    const std::string_view origin = request.header("origin");
    if (origin.empty() || same_origin(request, origin) || cross_origin_allowed(request, origin)) return std::nullopt;
    return error_response(ErrorKind::kForbidden, "origin_not_allowed", "this site does not allow requests from there");
  }

  http::Response with_cors(const http::Request& request, http::Response response) {
    const std::string_view origin = request.header("origin");
    if (starts_with(request.path, kApiPrefix)) response.set_header("vary", "Origin");
    if (!origin.empty() && !same_origin(request, origin) && cross_origin_allowed(request, origin)) {
      response.set_header("access-control-allow-origin", std::string(origin));
      response.set_header("access-control-expose-headers", "ETag, Retry-After, X-Request-Id");
    }
    return response;
  }

  http::Response preflight(const http::Request& request) {
    const std::string_view origin = request.header("origin");
    if (!cross_origin_allowed(request, origin)) {
      return error_response(ErrorKind::kForbidden, "origin_not_allowed",
                            "this site does not allow requests from there");
    }
    http::Response response = empty_response(204);
    response.set_header("access-control-allow-origin", std::string(origin));
    response.set_header("access-control-allow-methods", "GET, POST, PUT, PATCH, DELETE");
    // Last-Event-ID: a reconnecting EventSource sends it, and a widget that
    // opens a new stream itself may too.
    response.set_header("access-control-allow-headers",
                        "Authorization, Content-Type, If-None-Match, Last-Event-ID, X-Request-Id");
    response.set_header("access-control-max-age", std::to_string(kPreflightMaxAgeSeconds));
    response.set_header("vary", "Origin");
    return response;
  }

  Context ctx_;
  Router router_;
  WorkerPool workers_;
  std::mutex deferred_mu_;
  std::condition_variable deferred_done_;
  std::size_t deferred_in_flight_ = 0;  // GUARDED_BY(deferred_mu_)
  live::EventBus::Subscription subscription_;
};

Api::Api(ApiOptions options, store::Store& store, live::EventBus& bus, core::IdGenerator& ids)
    : impl_(std::make_unique<Impl>(std::move(options), store, bus, ids)) {}

Api::~Api() = default;

void Api::dispatch(http::Request&& request, http::Reply reply) {
  impl_->dispatch(std::move(request), std::move(reply));
}

http::Response Api::handle(const http::Request& request) { return impl_->handle(request); }

std::size_t Api::live_streams() const { return impl_->live_streams(); }

}  // namespace townhall::api
