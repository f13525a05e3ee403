// Admin API: sites, stories and roles. Every route requires the admin role.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "api/context.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
#include "api/views.hpp"
#include "core/text.hpp"
#include "moderation/links.hpp"
#include "moderation/word_list.hpp"

namespace townhall::api {

namespace json = boost::json;
using core::ErrorKind;
using core::make_error;

namespace {

constexpr std::size_t kMaxSiteIdBytes = 64;
constexpr std::size_t kMaxSiteNameChars = 200;
constexpr std::size_t kMaxOrigins = 50;
constexpr std::int64_t kMaxEditWindowSeconds = 24 * 60 * 60;
// A body of this many characters still fits the default 64 KiB request limit
// even when every character takes four bytes of UTF-8.
constexpr std::int64_t kMaxBodyCharsLimit = 10'000;
// A threshold under one report's weight would hide on the first report of a
// reader with a good record; above 100 reports would never hide anything.
constexpr double kMinReportThreshold = 0.5;
constexpr double kMaxReportThreshold = 100;
constexpr std::size_t kMaxLinkDomains = 1000;

bool valid_site_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxSiteIdBytes) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// "https://news.example" or "http://localhost:3000": scheme, host, optional
// port, nothing else — exactly what browsers send in the Origin header.
bool valid_origin(std::string_view origin) {
  auto parsed = boost::urls::parse_absolute_uri(origin);
  return parsed && (parsed->scheme() == "http" || parsed->scheme() == "https") && parsed->has_authority() &&
         !parsed->encoded_host().empty() && parsed->encoded_path().empty() && !parsed->has_query() &&
         !parsed->has_fragment() && !parsed->has_userinfo();
}

// Applies the optional fields of a site body onto `site`.
core::Status apply_site_fields(const json::object& body, core::Site& site) {
  auto name = optional_string(body, "name");
  if (!name.ok()) return name.error();
  if (*name) {
    std::string trimmed = core::normalize_newlines_and_trim(**name);
    if (trimmed.empty() || core::has_forbidden_characters(trimmed) ||
        core::count_code_points(trimmed) > kMaxSiteNameChars) {
      return make_error(ErrorKind::kUnprocessable, "invalid_name", "a site name is 1 to 200 characters");
    }
    site.name = std::move(trimmed);
  }
  if (const auto* origins = body.if_contains("allowed_origins")) {
    if (!origins->is_array() || origins->as_array().size() > kMaxOrigins) {
      return make_error(ErrorKind::kUnprocessable, "invalid_field", "allowed_origins must be an array of origins");
    }
    site.allowed_origins.clear();
    for (const auto& o : origins->as_array()) {
      if (!o.is_string() || !valid_origin(o.as_string())) {
        return make_error(ErrorKind::kUnprocessable, "invalid_origin",
                          "origins look like https://news.example (scheme, host, optional port)");
      }
      site.allowed_origins.emplace_back(o.as_string());
    }
  }
  if (const auto* settings = body.if_contains("settings")) {
    if (!settings->is_object()) {
      return make_error(ErrorKind::kUnprocessable, "invalid_field", "settings must be an object");
    }
    const auto& s = settings->as_object();
    struct Field {
      const char* name;
      std::int64_t* target;
      std::int64_t min;
      std::int64_t max;
    };
    const Field fields[] = {
        {"edit_window_seconds", &site.settings.edit_window_seconds, 0, kMaxEditWindowSeconds},
        {"max_body_chars", &site.settings.max_body_chars, 1, kMaxBodyCharsLimit},
        {"auto_close_days", &site.settings.auto_close_days, 0, 3650},
        {"max_links", &site.settings.max_links, 0, 100},
        {"new_commenter_approvals", &site.settings.new_commenter_approvals, 0, 100},
        {"rejection_window_days", &site.settings.rejection_window_days, 1, 365},
    };
    for (const auto& f : fields) {
      auto value = optional_int(s, f.name);
      if (!value.ok()) return value.error();
      if (!*value) continue;
      if (**value < f.min || **value > f.max) {
        return make_error(
            ErrorKind::kUnprocessable, "invalid_field",
            std::string(f.name) + " must be between " + std::to_string(f.min) + " and " + std::to_string(f.max));
      }
      *f.target = **value;
    }
    if (const auto* threshold = s.if_contains("report_threshold")) {
      if (!threshold->is_number() || threshold->to_number<double>() < kMinReportThreshold ||
          threshold->to_number<double>() > kMaxReportThreshold) {
        return make_error(ErrorKind::kUnprocessable, "invalid_field",
                          "report_threshold must be a number between 0.5 and 100");
      }
      site.settings.report_threshold = threshold->to_number<double>();
    }
    struct Ratio {
      const char* name;
      double* target;
      double min;
      double max;
    };
    const Ratio ratios[] = {
        {"rejection_rate_threshold", &site.settings.rejection_rate_threshold, 0, 1},
        {"spam_threshold", &site.settings.spam_threshold, 0.5, 1},
    };
    for (const auto& r : ratios) {
      const auto* value = s.if_contains(r.name);
      if (value == nullptr) continue;
      if (!value->is_number() || value->to_number<double>() < r.min || value->to_number<double>() > r.max) {
        return make_error(ErrorKind::kUnprocessable, "invalid_field",
                          fmt::format("{} must be a number between {} and {}", r.name, r.min, r.max));
      }
      *r.target = value->to_number<double>();
    }
    auto links = optional_string(s, "links");
    if (!links.ok()) return links.error();
    if (*links) {
      auto policy = core::parse_link_policy(**links);
      if (!policy) {
        return make_error(ErrorKind::kUnprocessable, "invalid_field",
                          "links must be allow, hold or hold_new_commenters");
      }
      site.settings.links = *policy;
    }
    for (auto [name, target] : {std::pair{"link_allow_domains", &site.settings.link_allow_domains},
                                std::pair{"link_deny_domains", &site.settings.link_deny_domains}}) {
      const auto* value = s.if_contains(name);
      if (value == nullptr) continue;
      if (!value->is_array() || value->as_array().size() > kMaxLinkDomains) {
        return make_error(ErrorKind::kUnprocessable, "invalid_field",
                          std::string(name) + " must be an array of at most 1000 host names");
      }
      std::vector<std::string> domains;
      for (const auto& d : value->as_array()) {
        if (!d.is_string()) {
          return make_error(ErrorKind::kUnprocessable, "invalid_domain",
                            std::string(name) + " holds host names such as news.example");
        }
        auto normalized = moderation::normalize_domain(d.as_string());
        if (!normalized.ok()) {
          return make_error(ErrorKind::kUnprocessable, "invalid_domain",
                            std::string(name) + " holds host names such as news.example");
        }
        domains.push_back(std::move(*normalized));
      }
      *target = std::move(domains);
    }
    auto premoderation = optional_string(s, "premoderation");
    if (!premoderation.ok()) return premoderation.error();
    if (*premoderation) {
      auto mode = core::parse_premoderation(**premoderation);
      if (!mode) {
        return make_error(ErrorKind::kUnprocessable, "invalid_field",
                          "premoderation must be off, new_commenters or all");
      }
      site.settings.premoderation = *mode;
    }
  }
  return {};
}

class AdminHandlers {
 public:
  explicit AdminHandlers(Context& ctx) : ctx_(ctx) {}

  http::Response list_sites(const http::Request& req, const PathParams&) {
    if (auto denied = admin(req)) return *denied;
    auto sites = ctx_.store.list_sites();
    if (!sites.ok()) return error_response(sites.error());
    json::array items;
    for (const auto& s : *sites) items.push_back(site_view(s));
    return json_response(200, json::object{{"sites", std::move(items)}});
  }

  http::Response create_site(const http::Request& req, const PathParams&) {
    if (auto denied = admin(req)) return *denied;
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto id = required_string(*body, "id");
    if (!id.ok()) return error_response(id.error());
    if (!valid_site_id(*id)) {
      return error_response(ErrorKind::kUnprocessable, "invalid_site_id",
                            "a site id is 1 to 64 lower-case letters, digits and dashes");
    }
    core::Site site;
    site.id = *id;
    site.name = *id;
    if (auto applied = apply_site_fields(*body, site); !applied.ok()) return error_response(applied.error());
    site.created_at = core::now_millis();
    auto created = ctx_.store.create_site(site);
    if (!created.ok()) return error_response(created.error());
    ctx_.sites.invalidate();
    // A new site starts with the default rules (site_rules would also seed
    // them on first read; doing it now keeps the audit trail simple).
    if (auto rules = site_rules(ctx_, created->id, false); !rules.ok()) return error_response(rules.error());
    return json_response(201, site_view(*created));
  }

  http::Response get_site(const http::Request& req, const PathParams& params) {
    if (auto denied = admin(req)) return *denied;
    auto site = ctx_.store.get_site(params["site"]);
    if (!site.ok()) return error_response(site.error());
    return json_response(200, site_view(*site));
  }

  http::Response update_site(const http::Request& req, const PathParams& params) {
    if (auto denied = admin(req)) return *denied;
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto site = ctx_.store.get_site(params["site"]);
    if (!site.ok()) return error_response(site.error());
    if (auto applied = apply_site_fields(*body, *site); !applied.ok()) return error_response(applied.error());
    auto updated = ctx_.store.update_site(*site);
    if (!updated.ok()) return error_response(updated.error());
    ctx_.sites.invalidate();
    ctx_.policies.invalidate(updated->id);
    // Settings such as auto_close_days change what every cached page says.
    ctx_.thread_cache.clear();
    return json_response(200, site_view(*updated));
  }

  // Creates or updates a story: {title?, url?, closed?}. A new story needs a url.
  http::Response put_story(const http::Request& req, const PathParams& params) {
    if (auto denied = admin(req)) return *denied;
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto site = ctx_.sites.find(params["site"]);
    if (!site.ok()) return error_response(site.error());
    auto title = optional_string(*body, "title");
    if (!title.ok()) return error_response(title.error());
    auto url = optional_string(*body, "url");
    if (!url.ok()) return error_response(url.error());
    auto closed = optional_bool(*body, "closed");
    if (!closed.ok()) return error_response(closed.error());
    auto premoderated = optional_bool(*body, "premoderated");
    if (!premoderated.ok()) return error_response(premoderated.error());
    if (*url) {
      auto parsed = boost::urls::parse_absolute_uri(**url);
      if (!parsed || (parsed->scheme() != "http" && parsed->scheme() != "https")) {
        return error_response(ErrorKind::kUnprocessable, "invalid_url", "the story URL must be absolute http(s)");
      }
    }
    if (*title && (core::has_forbidden_characters(**title) || core::count_code_points(**title) > 300)) {
      return error_response(ErrorKind::kUnprocessable, "invalid_title", "the story title is too long or malformed");
    }

    int status = 200;
    auto story = ctx_.store.get_story(params["site"], params["story"]);
    if (!story.ok()) {
      if (story.error().kind != ErrorKind::kNotFound) return error_response(story.error());
      if (!*url) return error_response(ErrorKind::kUnprocessable, "missing_field", "a new story needs a url");
      core::NewStory fresh;
      fresh.id = ctx_.ids.next();
      fresh.site_id = params["site"];
      fresh.key = params["story"];
      fresh.title = title->value_or("");
      fresh.url = **url;
      fresh.created_at = core::now_millis();
      story = ctx_.store.ensure_story(fresh);
      if (!story.ok()) return error_response(story.error());
      status = 201;
    }
    core::StoryUpdate update{*title, *url, *closed, *premoderated};
    auto updated = ctx_.store.update_story(story->id, update);
    if (!updated.ok()) return error_response(updated.error());
    ctx_.story_changed(live::EventKind::kStoryChanged, updated->site_id, updated->id, 0);
    return json_response(status, story_view(*updated, story_open(*updated, **site, core::now_millis())));
  }

  http::Response set_role(const http::Request& req, const PathParams& params) {
    if (auto denied = admin(req)) return *denied;
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto role_text = required_string(*body, "role");
    if (!role_text.ok()) return error_response(role_text.error());
    auto role = core::parse_role(*role_text);
    if (!role) {
      return error_response(ErrorKind::kUnprocessable, "invalid_role",
                            "role must be commenter, staff, moderator or admin");
    }
    auto id = core::parse_id(params["id"]);
    if (!id) return error_response(ErrorKind::kNotFound, "user_not_found", "no user has this id");
    // "sites" limits a moderator to some sites; absent, the list is left as
    // it is; [] means every site.
    std::optional<std::vector<std::string>> sites;
    if (const auto* list = body->if_contains("sites"); list != nullptr && !list->is_null()) {
      if (!list->is_array()) {
        return error_response(ErrorKind::kUnprocessable, "invalid_field", "sites must be an array of site ids");
      }
      sites.emplace();
      for (const auto& item : list->as_array()) {
        if (!item.is_string()) {
          return error_response(ErrorKind::kUnprocessable, "invalid_field", "sites must be an array of site ids");
        }
        auto site = ctx_.sites.find(item.as_string());
        if (!site.ok()) {
          if (site.error().kind != ErrorKind::kNotFound) return error_response(site.error());
          return error_response(ErrorKind::kUnprocessable, "unknown_site",
                                "no site has the id '" + std::string(item.as_string()) + "'");
        }
        if (std::find(sites->begin(), sites->end(), (*site)->id) == sites->end()) sites->push_back((*site)->id);
      }
    }
    if (auto set = ctx_.store.set_role(*id, *role); !set.ok()) return error_response(set.error());
    if (sites) {
      if (auto set = ctx_.store.set_moderated_sites(*id, *sites); !set.ok()) return error_response(set.error());
    }
    ctx_.sessions.forget_user(*id);
    auto user = ctx_.store.get_user(*id);
    if (!user.ok()) return error_response(user.error());
    return json_response(200, json::object{{"user", admin_user_view(*user)}});
  }

 private:
  std::optional<http::Response> admin(const http::Request& req) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    if (auto allowed = require_role(*user, core::Role::kAdmin); !allowed.ok()) return error_response(allowed.error());
    return std::nullopt;
  }

 public:
  // GET and PUT /api/v1/admin/sites/{site}/word-lists/{kind}
  http::Response get_word_list(const http::Request& req, const PathParams& params) {
    if (auto denied = admin(req)) return *denied;
    auto kind = word_list_kind(params["kind"]);
    if (!kind.ok()) return error_response(kind.error());
    auto text = ctx_.store.word_list(params["site"], *kind);
    if (!text.ok()) return error_response(text.error());
    return json_response(200, word_list_view(*kind, *text));
  }

  http::Response put_word_list(const http::Request& req, const PathParams& params) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    if (auto allowed = require_role(*user, core::Role::kAdmin); !allowed.ok()) return error_response(allowed.error());
    auto kind = word_list_kind(params["kind"]);
    if (!kind.ok()) return error_response(kind.error());
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    const auto* phrases = body->if_contains("phrases");
    if (phrases == nullptr || phrases->is_null()) {
      return error_response(ErrorKind::kUnprocessable, "missing_field", "phrases is required");
    }
    if (!phrases->is_array()) {
      return error_response(ErrorKind::kUnprocessable, "invalid_field", "phrases must be an array of strings");
    }
    std::string text;
    for (const auto& p : phrases->as_array()) {
      if (!p.is_string() || p.as_string().find('\n') != json::string::npos) {
        return error_response(ErrorKind::kUnprocessable, "invalid_field", "each phrase is one line of text");
      }
      if (!text.empty()) text += '\n';
      text += p.as_string();
    }
    // Compiled before it is saved, so a stored list always compiles.
    auto entries = moderation::parse_phrase_list(text);
    if (!entries.ok()) return error_response(as_unprocessable(entries.error()));
    if (auto compiled = moderation::WordList::compile(std::move(*entries)); !compiled.ok()) {
      return error_response(as_unprocessable(compiled.error()));
    }
    auto site = ctx_.sites.find(params["site"]);
    if (!site.ok()) return error_response(site.error());
    if (auto saved = ctx_.store.set_word_list((*site)->id, *kind, text, user->id, ctx_.ids.next(), core::now_millis());
        !saved.ok()) {
      return error_response(saved.error());
    }
    ctx_.policies.invalidate((*site)->id);
    return json_response(200, word_list_view(*kind, text));
  }

 private:
  static core::Result<core::WordListKind> word_list_kind(const std::string& name) {
    auto kind = core::parse_word_list_kind(name);
    if (!kind) return make_error(ErrorKind::kNotFound, "word_list_not_found", "word lists are banned or suspect");
    return *kind;
  }

  // The word-list compiler reports bad input as InvalidArgument; here it is
  // a well-formed request with an unacceptable list.
  static core::Error as_unprocessable(core::Error error) {
    error.kind = ErrorKind::kUnprocessable;
    return error;
  }

  static json::object word_list_view(core::WordListKind kind, const std::string& text) {
    json::array phrases;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) phrases.emplace_back(std::string_view(text).substr(start, end - start));
      start = end + 1;
    }
    return json::object{{"kind", core::word_list_kind_name(kind)}, {"phrases", std::move(phrases)}, {"text", text}};
  }

  Context& ctx_;
};

}  // namespace

void add_admin_routes(Router& router, Context& ctx) {
  auto h = std::make_shared<AdminHandlers>(ctx);
  using http::Method;
  auto bind = [h](auto method) { return member_handler(h, method); };
  router.add({Method::kGet, "/api/v1/admin/sites", bind(&AdminHandlers::list_sites), Execution::kInline});
  router.add({Method::kPost, "/api/v1/admin/sites", bind(&AdminHandlers::create_site), Execution::kBlocking});
  router.add({Method::kGet, "/api/v1/admin/sites/{site}", bind(&AdminHandlers::get_site), Execution::kInline});
  router.add({Method::kPatch, "/api/v1/admin/sites/{site}", bind(&AdminHandlers::update_site), Execution::kBlocking});
  router.add({Method::kPut, "/api/v1/admin/sites/{site}/stories/{story}", bind(&AdminHandlers::put_story),
              Execution::kBlocking});
  router.add({Method::kPut, "/api/v1/admin/users/{id}/role", bind(&AdminHandlers::set_role), Execution::kBlocking});
  router.add({Method::kGet, "/api/v1/admin/sites/{site}/word-lists/{kind}", bind(&AdminHandlers::get_word_list),
              Execution::kBlocking});
  router.add({Method::kPut, "/api/v1/admin/sites/{site}/word-lists/{kind}", bind(&AdminHandlers::put_word_list),
              Execution::kBlocking});
}

}  // namespace townhall::api
