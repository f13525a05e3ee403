// The readers' side of moderation (docs/api-moderation.md): a site's rules,
// reports and illegal-content notices, a reader's notifications (statements
// of reasons), acknowledging a warning, and appeals.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <set>

#include "api/context.hpp"
#include "api/moderation_views.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "moderation/default_rules.hpp"
#include "moderation/report_weight.hpp"
#include "render/markdown.hpp"

namespace townhall::api {

namespace json = boost::json;
using core::ErrorKind;
using core::make_error;

namespace {

constexpr std::size_t kMaxRuleIdBytes = 40;
constexpr std::size_t kMaxRuleTitleChars = 120;
constexpr std::size_t kMaxRuleBodyChars = 5000;
constexpr std::size_t kMaxRules = 50;
constexpr std::size_t kMaxReportDetailsChars = 500;
constexpr std::size_t kMaxLawChars = 200;
constexpr std::size_t kMaxNoticeDetailsChars = 5000;
constexpr std::size_t kMaxNotifierNameChars = 200;
constexpr std::size_t kMaxAppealChars = 2000;
constexpr int kDefaultNotificationsPage = 50;
constexpr int kMaxNotificationsPage = 100;
constexpr std::string_view kNotificationsCursor = "notifications:";

bool valid_rule_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRuleIdBytes) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

// "Be civil!" → "be-civil": ASCII letters and digits, everything else a
// single dash; "rule" when nothing is left.
std::string slug_from_title(std::string_view title) {
  std::string slug;
  for (char c : title) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (keep) {
      slug += c;
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= kMaxRuleIdBytes) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug.empty() ? std::string("rule") : slug;
}

core::Error invalid_rule(std::string message) {
  return make_error(ErrorKind::kUnprocessable, "invalid_rule", std::move(message));
}

// Trimmed text of at most `max_chars` code points without forbidden
// characters; nullopt when absent.
core::Result<std::optional<std::string>> checked_text(const json::object& body, std::string_view field,
                                                      std::size_t max_chars, const char* too_long_code) {
  auto raw = optional_string(body, field);
  if (!raw.ok()) return raw.error();
  if (!*raw) return std::optional<std::string>();
  std::string text = core::normalize_newlines_and_trim(**raw);
  if (core::has_forbidden_characters(text)) {
    return make_error(ErrorKind::kUnprocessable, "invalid_field",
                      "field '" + std::string(field) + "' contains control or direction-override characters");
  }
  if (core::count_code_points(text) > max_chars) {
    return make_error(ErrorKind::kUnprocessable, too_long_code,
                      std::string(field) + " is limited to " + std::to_string(max_chars) + " characters");
  }
  return std::optional<std::string>(std::move(text));
}

http::Response throttled(core::Millis wait) {
  http::Response response =
      error_response(ErrorKind::kTooManyRequests, "rate_limited", "you have sent many reports; try again later");
  response.set_header("retry-after", std::to_string((wait + core::kMillisPerSecond - 1) / core::kMillisPerSecond));
  return response;
}

http::Response private_json(int status, const json::value& body) {
  http::Response response = json_response(status, body);
  response.set_header("cache-control", "no-store");
  return response;
}

class CommunityHandlers {
 public:
  explicit CommunityHandlers(Context& ctx) : ctx_(ctx) {}

  // ---- Rules ----

  http::Response list_rules(const http::Request& req, const PathParams& params) {
    auto site = ctx_.sites.find(params["site"]);
    if (!site.ok()) return error_response(site.error());
    const bool archived = query_param(req.query, "include_archived").value_or("") == "1";
    auto rules = site_rules(ctx_, (*site)->id, archived);
    if (!rules.ok()) return error_response(rules.error());
    json::array items;
    for (const auto& rule : *rules) items.push_back(rule_view(rule));
    return json_response(200, json::object{{"site", json::object{{"id", (*site)->id}, {"name", (*site)->name}}},
                                           {"rules", std::move(items)}});
  }

  http::Response replace_rules(const http::Request& req, const PathParams& params) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    if (auto allowed = require_role(*user, core::Role::kAdmin); !allowed.ok()) return error_response(allowed.error());
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto site = ctx_.sites.find(params["site"]);
    if (!site.ok()) return error_response(site.error());
    auto rules = checked_rules(*body, (*site)->id);
    if (!rules.ok()) return error_response(rules.error());
    auto stored = ctx_.store.replace_rules((*site)->id, *rules, user->id, ctx_.ids.next(), core::now_millis());
    if (!stored.ok()) return error_response(stored.error());
    json::array items;
    for (const auto& rule : *stored) items.push_back(rule_view(rule));
    return json_response(200, json::object{{"rules", std::move(items)}});
  }

  // ---- Reports and notices ----

  http::Response report(const http::Request& req, const PathParams& params) {
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto kind = optional_string(*body, "kind");
    if (!kind.ok()) return error_response(kind.error());
    if (*kind) {
      if (**kind != "illegal") {
        return error_response(ErrorKind::kUnprocessable, "invalid_kind",
                              "the only report kind is \"illegal\"; cite a rule_id otherwise");
      }
      return legal_notice(req, params, *body);
    }
    return rule_report(req, params, *body);
  }

  http::Response get_legal_notice(const http::Request& req, const PathParams& params) {
    auto not_found = [] {
      return error_response(ErrorKind::kNotFound, "notice_not_found", "no notice has this id and receipt");
    };
    auto id = core::parse_id(params["id"]);
    const std::string receipt = query_param(req.query, "receipt").value_or("");
    if (!id || receipt.empty()) return not_found();
    auto notice = ctx_.store.get_legal_notice(*id);
    if (!notice.ok()) return notice.error().kind == ErrorKind::kNotFound ? not_found() : error_response(notice.error());
    const std::string presented = core::hash_token(receipt);
    if (presented.size() != notice->receipt_hash.size() || !core::secrets_equal(presented, notice->receipt_hash)) {
      return not_found();
    }
    return private_json(200, json::object{{"notice", notice_view(*notice)}});
  }

  // ---- Notifications ----

  http::Response notifications(const http::Request& req, const PathParams&) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    int limit = kDefaultNotificationsPage;
    if (auto text = query_param(req.query, "limit")) {
      limit = parse_limit(*text);
      if (limit < 1 || limit > kMaxNotificationsPage) {
        return error_response(ErrorKind::kInvalidArgument, "invalid_limit",
                              "limit must be between 1 and " + std::to_string(kMaxNotificationsPage));
      }
    }
    std::optional<core::Id> before;
    if (auto cursor = query_param(req.query, "cursor"); cursor && !cursor->empty()) {
      auto plain = decode_opaque_cursor(*cursor);
      std::optional<core::Id> id;
      if (plain && plain->substr(0, kNotificationsCursor.size()) == kNotificationsCursor) {
        id = core::parse_id(std::string_view(*plain).substr(kNotificationsCursor.size()));
      }
      if (!id) return error_response(ErrorKind::kInvalidArgument, "invalid_cursor", "the cursor is not one we issued");
      before = id;
    }
    auto page = ctx_.store.notifications(user->id, limit + 1, before);
    if (!page.ok()) return error_response(page.error());
    std::optional<std::string> next;
    if (static_cast<int>(page->size()) > limit) {
      page->resize(limit);
      next = encode_opaque_cursor(std::string(kNotificationsCursor) + core::id_to_string(page->back().id));
    }
    auto unread = ctx_.store.unread_notifications(user->id);
    if (!unread.ok()) return error_response(unread.error());
    NotificationRenderer renderer(ctx_);
    json::array items;
    for (const auto& n : *page) {
      auto view = renderer.view(n);
      if (!view.ok()) return error_response(view.error());
      items.push_back(std::move(*view));
    }
    return private_json(200, json::object{{"items", std::move(items)},
                                          {"unread", *unread},
                                          {"next_cursor", next ? json::value(*next) : json::value(nullptr)}});
  }

  http::Response mark_read(const http::Request& req, const PathParams&) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    if (auto marked = ctx_.store.mark_notifications_read(user->id, core::now_millis()); !marked.ok()) {
      return error_response(marked.error());
    }
    return empty_response(204);
  }

  http::Response acknowledge(const http::Request& req, const PathParams& params) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    auto id = core::parse_id(params["id"]);
    if (!id) return error_response(ErrorKind::kNotFound, "notification_not_found", "no notification has this id");
    auto acknowledged = ctx_.store.acknowledge_notification(user->id, *id, core::now_millis());
    if (!acknowledged.ok()) return error_response(acknowledged.error());
    NotificationRenderer renderer(ctx_);
    auto view = renderer.view(*acknowledged);
    if (!view.ok()) return error_response(view.error());
    return private_json(200, json::object{{"notification", std::move(*view)}});
  }

  // ---- Appeals ----

  http::Response appeal(const http::Request& req, const PathParams&) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto notice_id = optional_id(*body, "notice_id");
    if (!notice_id.ok()) return error_response(notice_id.error());
    if (!*notice_id) return error_response(ErrorKind::kUnprocessable, "missing_field", "field 'notice_id' is required");
    auto text = checked_text(*body, "text", kMaxAppealChars, "text_too_long");
    if (!text.ok()) return error_response(text.error());
    if (!*text || (*text)->empty()) {
      return error_response(ErrorKind::kUnprocessable, "text_required", "say why the decision should change");
    }
    core::NewAppeal appeal;
    appeal.id = ctx_.ids.next();
    appeal.notification_id = **notice_id;
    appeal.user_id = user->id;
    appeal.text = std::move(**text);
    appeal.at = core::now_millis();
    auto stored = ctx_.store.create_appeal(appeal);
    if (!stored.ok()) return error_response(stored.error());
    return private_json(201, json::object{{"id", core::id_to_string(stored->id)}, {"appeal", appeal_view(*stored)}});
  }

 private:
  // Loads what notification views cite (rules, comments, stories) once per
  // request, however many notifications mention them.
  class NotificationRenderer {
   public:
    explicit NotificationRenderer(Context& ctx) : ctx_(ctx) {}

    core::Result<json::object> view(const core::Notification& n) {
      if (!rules_.has_site(n.site_id) && !n.site_id.empty()) {
        auto rules = site_rules(ctx_, n.site_id, true);
        if (!rules.ok()) return rules.error();
        rules_.add(*rules);
      }
      const core::Comment* comment = nullptr;
      const core::Story* story = nullptr;
      if (n.comment_id) {
        auto c = comments_.find(*n.comment_id);
        if (c == comments_.end()) {
          auto loaded = ctx_.store.get_comment(*n.comment_id);
          if (!loaded.ok() && loaded.error().kind != ErrorKind::kNotFound) return loaded.error();
          c = comments_.emplace(*n.comment_id, loaded.ok() ? std::optional<core::Comment>(*loaded) : std::nullopt)
                  .first;
        }
        if (c->second) {
          comment = &*c->second;
          auto s = stories_.find(comment->story_id);
          if (s == stories_.end()) {
            auto loaded = ctx_.store.get_story_by_id(comment->story_id);
            if (!loaded.ok() && loaded.error().kind != ErrorKind::kNotFound) return loaded.error();
            s = stories_.emplace(comment->story_id, loaded.ok() ? std::optional<core::Story>(*loaded) : std::nullopt)
                    .first;
          }
          if (s->second) story = &*s->second;
        }
      }
      return notification_view(n, rules_, comment, story, now_);
    }

   private:
    Context& ctx_;
    const core::Millis now_ = core::now_millis();
    RuleLookup rules_;
    std::map<core::Id, std::optional<core::Comment>> comments_;
    std::map<core::Id, std::optional<core::Story>> stories_;
  };

  static int parse_limit(const std::string& text) {
    try {
      std::size_t used = 0;
      const int value = std::stoi(text, &used);
      return used == text.size() ? value : -1;
    } catch (...) {
      return -1;
    }
  }

  core::Result<std::vector<core::Rule>> checked_rules(const json::object& body, const std::string& site_id) {
    const auto* list = body.if_contains("rules");
    if (list == nullptr || !list->is_array()) {
      return make_error(ErrorKind::kUnprocessable, "invalid_field", "field 'rules' must be an array of rules");
    }
    if (list->as_array().empty()) {
      return make_error(ErrorKind::kUnprocessable, "rule_required", "a site needs at least the rule \"illegal\"");
    }
    if (list->as_array().size() > kMaxRules) {
      return invalid_rule("a site has at most " + std::to_string(kMaxRules) + " rules");
    }
    std::vector<core::Rule> rules;
    std::set<std::string> ids;
    // Explicit ids first, so a generated id never takes one given later.
    for (const auto& item : list->as_array()) {
      if (!item.is_object()) return invalid_rule("each rule is an object {id?, title, body}");
      auto id = optional_string(item.as_object(), "id");
      if (!id.ok()) return id.error();
      if (!*id) continue;
      if (!valid_rule_id(**id)) return invalid_rule("a rule id is 1 to 40 characters from a-z, 0-9 and -");
      if (!ids.insert(**id).second) return invalid_rule("the rule id '" + **id + "' appears twice");
    }
    for (const auto& item : list->as_array()) {
      const auto& object = item.as_object();
      core::Rule rule;
      rule.site_id = site_id;
      auto title = optional_string(object, "title");
      if (!title.ok()) return title.error();
      rule.title = core::normalize_newlines_and_trim(title->value_or(""));
      if (rule.title.empty() || rule.title.find('\n') != std::string::npos ||
          core::has_forbidden_characters(rule.title) || core::count_code_points(rule.title) > kMaxRuleTitleChars) {
        return invalid_rule("a rule title is 1 to 120 characters on one line");
      }
      auto text = optional_string(object, "body");
      if (!text.ok()) return text.error();
      rule.body_markdown = core::normalize_newlines_and_trim(text->value_or(""));
      if (core::has_forbidden_characters(rule.body_markdown) ||
          core::count_code_points(rule.body_markdown) > kMaxRuleBodyChars) {
        return invalid_rule("a rule body is at most 5000 characters of Markdown");
      }
      rule.body_html = render::markdown_to_html(rule.body_markdown);
      if (auto id = optional_string(object, "id"); id.ok() && *id) {
        rule.id = **id;
      } else {
        const std::string base = slug_from_title(rule.title);
        rule.id = base;
        for (int n = 2; ids.count(rule.id) != 0; ++n) {
          const std::string suffix = "-" + std::to_string(n);
          rule.id = base.substr(0, kMaxRuleIdBytes - suffix.size()) + suffix;
        }
        ids.insert(rule.id);
      }
      rule.number = static_cast<int>(rules.size()) + 1;
      rules.push_back(std::move(rule));
    }
    if (ids.count(std::string(core::kIllegalRuleId)) == 0) {
      return make_error(ErrorKind::kUnprocessable, "rule_required",
                        "the rule \"illegal\" must stay: illegal-content decisions cite it");
    }
    return rules;
  }

  // Reports concern what readers can see: a hidden comment is not found.
  core::Result<core::Comment> find_reportable_comment(const std::string& id_text) {
    auto comment = find_comment(ctx_, id_text);
    if (comment.ok() && !core::is_publicly_visible(comment->status)) {
      return make_error(ErrorKind::kNotFound, "comment_not_found", "no comment has this id");
    }
    return comment;
  }

  http::Response rule_report(const http::Request& req, const PathParams& params, const json::object& body) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    auto comment = find_reportable_comment(params["id"]);
    if (!comment.ok()) return error_response(comment.error());
    if (comment->author_id == user->id) {
      return error_response(ErrorKind::kForbidden, "own_comment", "you cannot report your own comment");
    }
    auto rule_id = required_string(body, "rule_id");
    if (!rule_id.ok()) return error_response(rule_id.error());
    auto details = checked_text(body, "details", kMaxReportDetailsChars, "details_too_long");
    if (!details.ok()) return error_response(details.error());
    auto site = ctx_.sites.find(comment->site_id);
    if (!site.ok()) return error_response(site.error());
    auto rules = site_rules(ctx_, comment->site_id, false);
    if (!rules.ok()) return error_response(rules.error());
    const bool known = std::any_of(rules->begin(), rules->end(), [&](const core::Rule& r) { return r.id == *rule_id; });
    if (!known) {
      return error_response(ErrorKind::kUnprocessable, "unknown_rule", "this site has no rule '" + *rule_id + "'");
    }
    const core::Millis now = core::now_millis();
    if (auto wait = ctx_.reports_by_reader.take("user:" + core::id_to_string(user->id), now); wait > 0) {
      return throttled(wait);
    }
    auto record = ctx_.store.reporter_record(user->id);
    if (!record.ok()) return error_response(record.error());

    core::NewReport report;
    report.id = ctx_.ids.next();
    report.comment_id = comment->id;
    report.reporter_id = user->id;
    report.rule_id = *rule_id;
    report.details = details->value_or("");
    report.weight = moderation::report_weight(*record);
    report.hide_threshold = (*site)->settings.report_threshold;
    report.at = now;
    report.audit_id = ctx_.ids.next();
    report.notification_id = ctx_.ids.next();
    auto filed = ctx_.store.create_report(report);
    if (!filed.ok()) return error_response(filed.error());
    // The comment left the public thread: cached pages and live readers drop it.
    if (filed->hidden) {
      ctx_.story_changed(live::EventKind::kCommentRemoved, filed->comment.site_id, filed->comment.story_id,
                         filed->comment.id);
    }
    return private_json(201, json::object{{"report", report_view(filed->report)}});
  }

  http::Response legal_notice(const http::Request& req, const PathParams& params, const json::object& body) {
    // Anyone may send a notice; a signed-in notifier is also told in their
    // notifications. A token that is sent must be valid.
    std::optional<core::User> notifier;
    if (!bearer_token(req).empty()) {
      auto user = ctx_.authenticate(req);
      if (!user.ok()) return error_response(user.error());
      notifier = std::move(*user);
    }
    auto comment = find_reportable_comment(params["id"]);
    if (!comment.ok()) return error_response(comment.error());

    auto law = checked_text(body, "law", kMaxLawChars, "law_too_long");
    if (!law.ok()) return error_response(law.error());
    auto details = checked_text(body, "details", kMaxNoticeDetailsChars, "details_too_long");
    if (!details.ok()) return error_response(details.error());
    if (!*details || (*details)->empty()) {
      return error_response(ErrorKind::kUnprocessable, "details_required",
                            "explain why the comment is illegal (details)");
    }
    auto name = checked_text(body, "name", kMaxNotifierNameChars, "invalid_name");
    if (!name.ok()) return error_response(name.error());
    if (!*name || (*name)->empty() || (*name)->find('\n') != std::string::npos) {
      return error_response(ErrorKind::kUnprocessable, "invalid_name", "give your name, 1 to 200 characters");
    }
    auto email_text = required_string(body, "email");
    if (!email_text.ok()) return error_response(email_text.error());
    auto email = checked_email(*email_text);
    if (!email.ok()) return error_response(email.error());
    auto good_faith = optional_bool(body, "good_faith");
    if (!good_faith.ok()) return error_response(good_faith.error());
    if (!good_faith->value_or(false)) {
      return error_response(ErrorKind::kUnprocessable, "good_faith_required",
                            "confirm that the notice is accurate and sent in good faith");
    }

    const core::Millis now = core::now_millis();
    const std::string throttle_key =
        notifier ? "user:" + core::id_to_string(notifier->id) : "address:" + req.remote_address;
    if (auto wait = ctx_.reports_by_reader.take(throttle_key, now); wait > 0) return throttled(wait);

    const std::string receipt = core::new_token();
    core::LegalNotice notice;
    notice.id = ctx_.ids.next();
    notice.comment_id = comment->id;
    notice.site_id = comment->site_id;
    notice.law = law->value_or("");
    notice.details = std::move(**details);
    notice.notifier_name = std::move(**name);
    notice.notifier_email = std::move(*email);
    if (notifier) notice.notifier_id = notifier->id;
    notice.receipt_hash = core::hash_token(receipt);
    notice.received_at = now;
    auto stored = ctx_.store.create_legal_notice(notice);
    if (!stored.ok()) return error_response(stored.error());

    if (notifier) {
      core::Notification told;
      told.id = ctx_.ids.next();
      told.user_id = notifier->id;
      told.site_id = stored->site_id;
      told.kind = "notice_received";
      told.scope = "comment";
      told.comment_id = stored->comment_id;
      told.notice_id = stored->id;
      told.created_at = now;
      // The notice is on disk; failing to tell the notifier must not lose
      // them the receipt, which is shown only now.
      if (auto added = ctx_.store.add_notification(told); !added.ok()) {
        spdlog::warn(R"("event":"notice_notification_failed","notice_id":"{}","code":"{}")",
                     core::id_to_string(stored->id), added.error().code);
      }
    }
    return private_json(201, json::object{{"notice", notice_view(*stored)}, {"receipt", receipt}});
  }

  Context& ctx_;
};

}  // namespace

core::Result<std::vector<core::Rule>> site_rules(Context& ctx, std::string_view site_id, bool include_archived) {
  auto rules = ctx.store.list_rules(site_id, true);
  if (!rules.ok()) return rules.error();
  if (rules->empty()) {
    // Sites created before rules existed, or outside the admin API, get the
    // defaults on first use. Two nodes seeding at once write the same list.
    rules = ctx.store.replace_rules(site_id, moderation::default_rules(site_id), std::nullopt, 0, core::now_millis());
    if (!rules.ok()) return rules.error();
  }
  if (!include_archived) std::erase_if(*rules, [](const core::Rule& r) { return r.archived; });
  return rules;
}

void add_community_routes(Router& router, Context& ctx) {
  auto h = std::make_shared<CommunityHandlers>(ctx);
  using http::Method;
  auto bind = [h](auto method) { return member_handler(h, method); };
  // Reading rules may seed the defaults (a write), hence blocking.
  router.add({Method::kGet, "/api/v1/sites/{site}/rules", bind(&CommunityHandlers::list_rules), Execution::kBlocking});
  router.add({Method::kPut, "/api/v1/admin/sites/{site}/rules", bind(&CommunityHandlers::replace_rules),
              Execution::kBlocking});
  router.add({Method::kPost, "/api/v1/comments/{id}/reports", bind(&CommunityHandlers::report), Execution::kBlocking});
  router.add(
      {Method::kGet, "/api/v1/legal-notices/{id}", bind(&CommunityHandlers::get_legal_notice), Execution::kInline});
  router.add({Method::kGet, "/api/v1/me/notifications", bind(&CommunityHandlers::notifications), Execution::kBlocking});
  router.add(
      {Method::kPost, "/api/v1/me/notifications/read", bind(&CommunityHandlers::mark_read), Execution::kBlocking});
  router.add({Method::kPost, "/api/v1/me/notifications/{id}/acknowledge", bind(&CommunityHandlers::acknowledge),
              Execution::kBlocking});
  router.add({Method::kPost, "/api/v1/appeals", bind(&CommunityHandlers::appeal), Execution::kBlocking});
}

}  // namespace townhall::api
