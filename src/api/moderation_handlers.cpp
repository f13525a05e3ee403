// The moderators' side of moderation (docs/api-moderation.md, "Moderation"):
// queues and counts, decisions on comments and illegal-content notices, a
// commenter's history, notes and enforcement, the audit log, appeals, and
// the admin's transparency report.
//
// Every handler asks one question before anything else: may this user
// moderate this site (moderates() below). The store does the work in one
// transaction per action and records nothing for a decision that changes
// nothing; this layer checks input, picks the site, publishes the live event
// that makes public threads (and their cache) follow, and shapes the JSON.
#include <algorithm>
#include <boost/json.hpp>
#include <map>
#include <unordered_map>

#include "api/context.hpp"
#include "api/moderation_views.hpp"
#include "api/request_parsing.hpp"
#include "api/responses.hpp"
#include "api/views.hpp"
#include "core/moderation.hpp"
#include "core/text.hpp"
#include "moderation/report_weight.hpp"

namespace townhall::api {

namespace json = boost::json;
using core::ErrorKind;
using core::make_error;

namespace {

constexpr int kDefaultQueueLimit = 25;
constexpr int kDefaultAuditLimit = 50;
constexpr int kMaxLimit = 100;
constexpr int kRecentComments = 20;
constexpr std::size_t kMaxExplanationChars = 2000;
constexpr std::size_t kMaxLegalGroundChars = 200;
constexpr std::size_t kMaxNoteChars = 2000;
constexpr core::Millis kDefaultTransparencyPeriod = 30 * core::kMillisPerDay;

// ---- Access -------------------------------------------------------------------

// Whether `user` may moderate `site_id`: admins everywhere; moderators on the
// sites they were given, or on every site when they were given none.
bool moderates(const core::User& user, std::string_view site_id) {
  if (user.role == core::Role::kAdmin) return true;
  if (user.role != core::Role::kModerator) return false;
  return user.moderated_sites.empty() ||
         std::find(user.moderated_sites.begin(), user.moderated_sites.end(), site_id) != user.moderated_sites.end();
}

// 403 "insufficient_role" below moderator, 403 "not_moderator_of_site" for a
// moderator of other sites.
core::Status require_moderator_of(const core::User& user, std::string_view site_id) {
  if (auto role = require_role(user, core::Role::kModerator); !role.ok()) return role;
  if (!moderates(user, site_id)) {
    return make_error(ErrorKind::kForbidden, "not_moderator_of_site", "you do not moderate this site");
  }
  return {};
}

// ---- Input --------------------------------------------------------------------

core::Error bad_query(std::string code, std::string message) {
  return make_error(ErrorKind::kInvalidArgument, std::move(code), std::move(message));
}

// `limit` from the query: 1 to kMaxLimit, `fallback` when absent.
core::Result<int> query_limit(std::string_view query, int fallback) {
  auto text = query_param(query, "limit");
  if (!text) return fallback;
  int limit = -1;
  try {
    std::size_t used = 0;
    limit = std::stoi(*text, &used);
    if (used != text->size()) limit = -1;
  } catch (...) {
    limit = -1;
  }
  if (limit < 1 || limit > kMaxLimit) {
    return bad_query("invalid_limit", "limit must be between 1 and " + std::to_string(kMaxLimit));
  }
  return limit;
}

// An id in the query (`comment`, `user`): nullopt when absent, 400
// "invalid_id" when malformed.
core::Result<std::optional<core::Id>> query_id(std::string_view query, std::string_view name) {
  auto text = query_param(query, name);
  if (!text || text->empty()) return std::optional<core::Id>();
  auto id = core::parse_id(*text);
  if (!id) return bad_query("invalid_id", std::string(name) + " must be an id");
  return std::optional<core::Id>(*id);
}

// Cursors carry what they page ("audit", "queue:reported:oldest") and the
// last id seen, so a cursor of one list is refused by another.
std::string make_cursor(std::string_view scope, core::Id last) {
  return encode_opaque_cursor(std::string(scope) + ":" + core::id_to_string(last));
}

core::Result<std::optional<core::Id>> read_cursor(std::string_view query, std::string_view scope) {
  auto cursor = query_param(query, "cursor");
  if (!cursor || cursor->empty()) return std::optional<core::Id>();
  auto invalid = bad_query("invalid_cursor", "the cursor is not one this server issued for this list");
  auto plain = decode_opaque_cursor(*cursor);
  if (!plain || plain->size() <= scope.size() + 1 || plain->compare(0, scope.size(), scope) != 0 ||
      (*plain)[scope.size()] != ':') {
    return invalid;
  }
  auto id = core::parse_id(std::string_view(*plain).substr(scope.size() + 1));
  if (!id) return invalid;
  return std::optional<core::Id>(*id);
}

// Text fields of moderators' bodies: trimmed, no control characters, at most
// `max_chars` characters; `code` names the field in the error.
core::Result<std::string> checked_text(std::string text, std::size_t max_chars, std::string_view field) {
  text = core::normalize_newlines_and_trim(text);
  if (core::has_forbidden_characters(text) || core::count_code_points(text) > max_chars) {
    return make_error(ErrorKind::kUnprocessable, "invalid_field",
                      "field '" + std::string(field) + "' must be at most " + std::to_string(max_chars) +
                          " characters without control characters");
  }
  return text;
}

core::Result<std::string> optional_text(const json::object& body, std::string_view field, std::size_t max_chars) {
  auto value = optional_string(body, field);
  if (!value.ok()) return value.error();
  return checked_text(value->value_or(""), max_chars, field);
}

// "2026-11-30T10:00:00Z" or "2026-11-30" (midnight UTC; with `end_of_day`,
// the midnight after, so a date given as `to` includes that day).
std::optional<core::Millis> parse_time_or_date(std::string_view text, bool end_of_day) {
  if (auto at = core::parse_rfc3339(text)) return at;
  if (text.size() != 10) return std::nullopt;
  auto midnight = core::parse_rfc3339(std::string(text) + "T00:00:00Z");
  if (!midnight) return std::nullopt;
  return *midnight + (end_of_day ? core::kMillisPerDay : 0);
}

// ---- Views ----------------------------------------------------------------------

// A comment as moderators see it: text and author whatever its status.
json::object moderator_comment_view(const core::Comment& c) {
  json::object o = comment_view(c);
  o["author"] = author_view(c.author_id, c.author_name);
  o["body_html"] = c.body_html;
  o["reason"] = c.status_reason.empty() ? json::value(nullptr) : json::value(c.status_reason);
  o["featured"] = c.featured;
  o["site_id"] = c.site_id;
  o["story_id"] = core::id_to_string(c.story_id);
  o["open_reports"] = c.open_reports;
  o.erase("replies");
  return o;
}

json::object story_ref_view(const core::Story& story) {
  return json::object{
      {"id", core::id_to_string(story.id)}, {"key", story.key}, {"title", story.title}, {"url", story.url}};
}

json::object parent_view(const core::Comment& c) {
  return json::object{{"id", core::id_to_string(c.id)},
                      {"author", author_view(c.author_id, c.author_name)},
                      {"body_html", c.body_html},
                      {"status", core::status_name(c.status)}};
}

json::object reason_view(const core::AutomatedReason& r) {
  boost::system::error_code ec;
  json::value evidence = json::parse(r.evidence_json, ec);
  if (ec || !evidence.is_array()) evidence = json::array();
  return json::object{{"code", r.code},
                      {"phase", r.phase},
                      {"action", r.action},
                      {"automated", true},
                      {"message", r.message},
                      {"evidence", std::move(evidence)},
                      {"at", core::format_rfc3339(r.at)}};
}

json::value optional_id_view(const std::optional<core::Id>& id) {
  return id ? json::value(core::id_to_string(*id)) : json::value(nullptr);
}

json::value optional_text_view(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::object audit_view(const core::AuditEntry& e) {
  return json::object{
      {"id", core::id_to_string(e.id)},
      {"at", core::format_rfc3339(e.at)},
      {"site_id", e.site_id},
      {"actor", e.actor_id ? author_view(*e.actor_id, e.actor_name) : json::value(nullptr)},
      {"automated", e.automated},
      {"action", e.action},
      {"comment_id", optional_id_view(e.comment_id)},
      {"user_id", optional_id_view(e.user_id)},
      {"rule_id", optional_text_view(e.rule_id)},
      {"explanation", optional_text_view(e.explanation)},
      {"legal_ground", optional_text_view(e.legal_ground)},
      {"status_before", optional_text_view(e.status_before)},
      {"status_after", optional_text_view(e.status_after)},
      {"appeal_id", optional_id_view(e.appeal_id)},
      {"notice_id", optional_id_view(e.notice_id)},
      {"enforcement_id", optional_id_view(e.enforcement_id)},
  };
}

json::object note_view(const core::ModeratorNote& n) {
  return json::object{{"id", core::id_to_string(n.id)},
                      {"site_id", n.site_id},
                      {"body", n.body},
                      {"author", author_view(n.author_id, n.author_name)},
                      {"created_at", core::format_rfc3339(n.created_at)}};
}

json::object private_user_view(const core::User& u) {
  json::object o = user_view(u).as_object();
  o["email"] = u.email;
  return o;
}

// Named counts as a JSON object, every name in `names` present (0 if absent).
json::object count_object(const std::vector<std::pair<std::string, std::int64_t>>& counts,
                          std::initializer_list<std::string_view> names = {}) {
  json::object o;
  for (auto name : names) o[name] = 0;
  for (const auto& [name, n] : counts) o[name] = n;
  return o;
}

std::int64_t sum(const std::vector<std::pair<std::string, std::int64_t>>& counts) {
  std::int64_t total = 0;
  for (const auto& entry : counts) total += entry.second;
  return total;
}

// A CSV field: quoted when it holds a separator, a quote or a line break.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// ---- Handlers ---------------------------------------------------------------------

class ModerationHandlers {
 public:
  explicit ModerationHandlers(Context& ctx) : ctx_(ctx) {}

  http::Response sites(const http::Request& req, const PathParams&) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto sites = moderated_sites(*user);
    if (!sites.ok()) return error_response(sites.error());
    json::array items;
    for (const auto& s : *sites) items.push_back(json::object{{"id", s.id}, {"name", s.name}});
    return json_response(200, json::object{{"sites", std::move(items)}});
  }

  http::Response counts(const http::Request& req, const PathParams&) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto site = chosen_site(*user, query_param(req.query, "site"));
    if (!site.ok()) return error_response(site.error());
    auto story = story_filter(*site, req.query);
    if (!story.ok()) return error_response(story.error());
    auto counts = ctx_.store.queue_counts(*site, *story);
    if (!counts.ok()) return error_response(counts.error());
    return json_response(200, json::object{{"counts", json::object{
                                                          {"pending", counts->pending},
                                                          {"reported", counts->reported},
                                                          {"unmoderated", counts->unmoderated},
                                                          {"approved", counts->approved},
                                                          {"rejected", counts->rejected},
                                                          {"appeals", counts->appeals},
                                                          {"notices", counts->notices},
                                                      }}});
  }

  http::Response queue(const http::Request& req, const PathParams& params) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    const auto queue = core::parse_queue(params["name"]);
    if (!queue) {
      return error_response(ErrorKind::kNotFound, "queue_not_found",
                            "queues are pending, reported, unmoderated, approved, rejected, appeals and notices");
    }
    auto site = chosen_site(*user, query_param(req.query, "site"));
    if (!site.ok()) return error_response(site.error());
    auto story = story_filter(*site, req.query);
    if (!story.ok()) return error_response(story.error());
    const std::string order = query_param(req.query, "order").value_or("newest");
    if (order != "newest" && order != "oldest") {
      return error_response(bad_query("invalid_order", "order must be newest or oldest"));
    }
    auto limit = query_limit(req.query, kDefaultQueueLimit);
    if (!limit.ok()) return error_response(limit.error());
    const std::string scope = "queue:" + std::string(core::queue_name(*queue)) + ":" + order;
    auto after = read_cursor(req.query, scope);
    if (!after.ok()) return error_response(after.error());

    core::QueueQuery query;
    query.queue = *queue;
    query.site_id = *site;
    query.story_id = *story;
    query.oldest_first = order == "oldest";
    query.limit = *limit;
    query.after = *after;
    auto page = ctx_.store.read_queue(query);
    if (!page.ok()) return error_response(page.error());

    ViewContext views(ctx_);
    json::array items;
    items.reserve(page->items.size());
    for (const auto& item : page->items) items.push_back(queue_item_view(item, views));
    return json_response(
        200, json::object{
                 {"queue", core::queue_name(*queue)},
                 {"items", std::move(items)},
                 {"next_cursor", page->next ? json::value(make_cursor(scope, *page->next)) : json::value(nullptr)},
             });
  }

  http::Response decide_comment(const http::Request& req, const PathParams& params) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto comment = find_comment(ctx_, params["id"]);
    if (!comment.ok()) return error_response(comment.error());
    if (auto allowed = require_moderator_of(*user, comment->site_id); !allowed.ok()) {
      return error_response(allowed.error());
    }
    auto action_text = required_string(*body, "action");
    if (!action_text.ok()) return error_response(action_text.error());
    const auto action = core::parse_decision_action(*action_text);
    if (!action) {
      return error_response(ErrorKind::kUnprocessable, "invalid_action",
                            "action must be approve, reject, feature or unfeature");
    }
    auto rule_id = optional_string(*body, "rule_id");
    if (!rule_id.ok()) return error_response(rule_id.error());
    if (*action == core::DecisionAction::kReject && rule_id->value_or("").empty()) {
      return error_response(ErrorKind::kUnprocessable, "rule_required", "a rejection cites the rule it breaks");
    }
    auto explanation = optional_text(*body, "explanation", kMaxExplanationChars);
    if (!explanation.ok()) return error_response(explanation.error());
    auto legal_ground = optional_text(*body, "legal_ground", kMaxLegalGroundChars);
    if (!legal_ground.ok()) return error_response(legal_ground.error());
    if (!rule_id->value_or("").empty()) {
      if (auto cited = check_rule(comment->site_id, **rule_id); !cited.ok()) return error_response(cited.error());
      if (**rule_id == core::kIllegalRuleId && legal_ground->empty()) {
        return error_response(ErrorKind::kUnprocessable, "legal_ground_required",
                              "removing illegal content cites the law it breaks (legal_ground)");
      }
    }
    if (comment->status == core::CommentStatus::kDeleted) {
      return error_response(ErrorKind::kConflict, "comment_deleted", "its author deleted this comment");
    }

    const core::Millis now = core::now_millis();
    core::CommentDecision decision;
    decision.comment_id = comment->id;
    decision.action = *action;
    decision.actor_id = user->id;
    decision.rule_id = rule_id->value_or("");
    decision.explanation = std::move(*explanation);
    decision.legal_ground = std::move(*legal_ground);
    decision.at = now;
    decision.appeal_deadline = now + core::kAppealWindow;
    decision.audit_id = ctx_.ids.next();
    decision.notification_id = ctx_.ids.next();
    auto result = ctx_.store.decide_comment(decision);
    if (!result.ok()) return error_response(result.error());
    if (result->changed) {
      announce(*comment, result->comment);
      teach_spam_model(*comment, decision);
    }

    json::value decided = nullptr;
    if (result->changed && result->entry) {
      const auto& e = *result->entry;
      decided = json::object{{"id", core::id_to_string(e.id)},           {"action", e.action},
                             {"status_before", e.status_before},         {"status_after", e.status_after},
                             {"rule_id", optional_text_view(e.rule_id)}, {"at", core::format_rfc3339(e.at)}};
    }
    return json_response(200, json::object{{"comment", moderator_comment_view(result->comment)},
                                           {"changed", result->changed},
                                           {"decision", std::move(decided)}});
  }

  http::Response decide_notice(const http::Request& req, const PathParams& params) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto notice = find_notice(params["id"]);
    if (!notice.ok()) return error_response(notice.error());
    if (auto allowed = require_moderator_of(*user, notice->site_id); !allowed.ok()) {
      return error_response(allowed.error());
    }
    auto outcome = required_string(*body, "outcome");
    if (!outcome.ok()) return error_response(outcome.error());
    if (*outcome != "remove" && *outcome != "keep") {
      return error_response(ErrorKind::kUnprocessable, "invalid_outcome", "outcome must be remove or keep");
    }
    auto explanation_text = required_string(*body, "explanation");
    if (!explanation_text.ok()) return error_response(explanation_text.error());
    auto explanation = checked_text(*explanation_text, kMaxExplanationChars, "explanation");
    if (!explanation.ok()) return error_response(explanation.error());
    auto legal_ground = optional_text(*body, "legal_ground", kMaxLegalGroundChars);
    if (!legal_ground.ok()) return error_response(legal_ground.error());
    if (notice->status != core::NoticeStatus::kReceived) {
      return error_response(ErrorKind::kConflict, "notice_decided", "this notice was decided already");
    }
    auto before = ctx_.store.get_comment(notice->comment_id);
    if (!before.ok()) return error_response(before.error());

    const core::Millis now = core::now_millis();
    store::NoticeDecision decision;
    decision.notice_id = notice->id;
    decision.actor_id = user->id;
    decision.remove = *outcome == "remove";
    decision.explanation = std::move(*explanation);
    decision.legal_ground = legal_ground->empty() ? notice->law : std::move(*legal_ground);
    decision.at = now;
    decision.appeal_deadline = now + core::kAppealWindow;
    decision.audit_id = ctx_.ids.next();
    decision.comment_audit_id = ctx_.ids.next();
    decision.notification_id = ctx_.ids.next();
    decision.notifier_notification_id = ctx_.ids.next();
    auto decided = ctx_.store.decide_legal_notice(decision);
    if (!decided.ok()) return error_response(decided.error());
    if (decision.remove) {
      if (auto after = ctx_.store.get_comment(notice->comment_id); after.ok()) announce(*before, *after);
    }
    return json_response(200, json::object{{"notice", moderator_notice_view(*decided)}});
  }

  http::Response user_history(const http::Request& req, const PathParams& params) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto site = chosen_site(*user, query_param(req.query, "site"));
    if (!site.ok()) return error_response(site.error());
    auto target = find_user(params["id"]);
    if (!target.ok()) return error_response(target.error());
    auto history = ctx_.store.user_history(target->id, *site, kRecentComments);
    if (!history.ok()) return error_response(history.error());
    auto standing = ctx_.store.standing(target->id, *site, core::now_millis());
    if (!standing.ok()) return error_response(standing.error());

    const auto& h = *history;
    const std::int64_t filed = h.reports.upheld + h.reports.dismissed + h.reports.open;
    json::array enforcements, notes, comments;
    for (const auto& e : h.enforcements) enforcements.push_back(enforcement_view(e));
    for (const auto& n : h.notes) notes.push_back(note_view(n));
    ViewContext views(ctx_);
    for (const auto& c : h.recent_comments) {
      const core::Story* story = views.story(c.story_id);
      comments.push_back(json::object{{"comment", moderator_comment_view(c)},
                                      {"story", story ? json::value(story_ref_view(*story)) : json::value(nullptr)}});
    }
    return json_response(
        200, json::object{
                 {"user", private_user_view(h.user)},
                 {"site", *site},
                 {"stats",
                  json::object{
                      {"comments", h.comments},
                      {"rejected", h.rejected},
                      {"rejection_rate",
                       h.comments > 0 ? static_cast<double>(h.rejected) / static_cast<double>(h.comments) : 0.0},
                      {"reports_filed", filed},
                      {"reports_upheld", h.reports.upheld},
                      {"reports_dismissed", h.reports.dismissed},
                      {"reports_open", h.reports.open},
                      {"report_weight", moderation::report_weight(h.reports)},
                  }},
                 {"standing", standing_view(*standing)},
                 {"enforcements", std::move(enforcements)},
                 {"notes", std::move(notes)},
                 {"comments", std::move(comments)},
             });
  }

  http::Response enforce(const http::Request& req, const PathParams& params) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto action_text = required_string(*body, "action");
    if (!action_text.ok()) return error_response(action_text.error());
    const auto action = core::parse_enforcement_action(*action_text);
    if (!action) {
      return error_response(ErrorKind::kUnprocessable, "invalid_action",
                            "action must be warn, premod, suspend, ban or lift");
    }
    auto all_sites = optional_bool(*body, "all_sites");
    if (!all_sites.ok()) return error_response(all_sites.error());
    auto reject_comments = optional_bool(*body, "reject_comments");
    if (!reject_comments.ok()) return error_response(reject_comments.error());
    const bool everywhere = all_sites->value_or(false);
    const bool ban = *action == core::EnforcementAction::kBan;
    if (!ban && (everywhere || reject_comments->value_or(false))) {
      return error_response(ErrorKind::kUnprocessable, "invalid_field",
                            "all_sites and reject_comments apply to bans only");
    }
    auto requested_site = optional_string(*body, "site");
    if (!requested_site.ok()) return error_response(requested_site.error());

    // The scope: one site the caller moderates, or every site for an admin's ban.
    std::optional<std::string> site;
    if (everywhere) {
      if (auto admin = require_role(*user, core::Role::kAdmin); !admin.ok()) return error_response(admin.error());
    } else {
      auto chosen = chosen_site(*user, *requested_site);
      if (!chosen.ok()) return error_response(chosen.error());
      site = std::move(*chosen);
    }
    auto target = find_user(params["id"]);
    if (!target.ok()) return error_response(target.error());
    if (*action != core::EnforcementAction::kLift &&
        static_cast<int>(target->role) >= static_cast<int>(core::Role::kModerator)) {
      return error_response(ErrorKind::kForbidden, "cannot_restrict_staff",
                            "moderators and admins cannot be restricted; change their role first");
    }

    auto rule_id = optional_string(*body, "rule_id");
    if (!rule_id.ok()) return error_response(rule_id.error());
    const std::string rule = rule_id->value_or("");
    if (*action != core::EnforcementAction::kLift && rule.empty()) {
      return error_response(ErrorKind::kUnprocessable, "rule_required", "a restriction cites the rule broken");
    }
    // A ban on every site is checked against the site named in the body, if any.
    if (const auto& rule_site = site ? site : *requested_site; rule_site && !rule.empty()) {
      if (auto cited = check_rule(*rule_site, rule); !cited.ok()) return error_response(cited.error());
    }
    auto explanation = optional_text(*body, "explanation", kMaxExplanationChars);
    if (!explanation.ok()) return error_response(explanation.error());

    const core::Millis now = core::now_millis();
    std::optional<core::Millis> until;
    if (*action == core::EnforcementAction::kSuspend) {
      auto ends = suspension_end(*body, now);
      if (!ends.ok()) return error_response(ends.error());
      until = *ends;
    }

    core::NewEnforcement enforcement;
    enforcement.id = ctx_.ids.next();
    enforcement.user_id = target->id;
    enforcement.site_id = site;
    enforcement.action = *action;
    enforcement.rule_id = rule;
    enforcement.explanation = std::move(*explanation);
    enforcement.actor_id = user->id;
    enforcement.until = until;
    enforcement.reject_comments = ban && reject_comments->value_or(false);
    enforcement.at = now;
    enforcement.appeal_deadline = now + core::kAppealWindow;
    enforcement.audit_id = ctx_.ids.next();
    enforcement.notification_id = ctx_.ids.next();
    auto result = ctx_.store.enforce(enforcement);
    if (!result.ok()) return error_response(result.error());
    // Readers' threads lose the banned author's comments as they watch.
    for (const auto& gone : result->rejected) {
      if (gone.was_visible) {
        ctx_.story_changed(live::EventKind::kCommentRemoved, gone.site_id, gone.story_id, gone.comment_id);
      }
    }
    return json_response(201, json::object{{"enforcement", enforcement_view(result->enforcement)},
                                           {"rejected_comments", result->rejected.size()}});
  }

  http::Response add_note(const http::Request& req, const PathParams& params) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto requested_site = optional_string(*body, "site");
    if (!requested_site.ok()) return error_response(requested_site.error());
    auto site = chosen_site(*user, *requested_site);
    if (!site.ok()) return error_response(site.error());
    auto text = required_string(*body, "body");
    if (!text.ok()) return error_response(text.error());
    auto note_body = checked_text(*text, kMaxNoteChars, "body");
    if (!note_body.ok()) return error_response(note_body.error());
    if (note_body->empty()) return error_response(ErrorKind::kUnprocessable, "body_empty", "write something first");
    auto target = find_user(params["id"]);
    if (!target.ok()) return error_response(target.error());

    core::ModeratorNote note;
    note.id = ctx_.ids.next();
    note.user_id = target->id;
    note.site_id = *site;
    note.author_id = user->id;
    note.author_name = user->name;
    note.body = std::move(*note_body);
    note.created_at = core::now_millis();
    auto stored = ctx_.store.add_note(note);
    if (!stored.ok()) return error_response(stored.error());
    return json_response(201, json::object{{"note", note_view(*stored)}});
  }

  http::Response audit(const http::Request& req, const PathParams&) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto site = chosen_site(*user, query_param(req.query, "site"));
    if (!site.ok()) return error_response(site.error());
    auto comment = query_id(req.query, "comment");
    if (!comment.ok()) return error_response(comment.error());
    auto subject = query_id(req.query, "user");
    if (!subject.ok()) return error_response(subject.error());
    auto limit = query_limit(req.query, kDefaultAuditLimit);
    if (!limit.ok()) return error_response(limit.error());
    auto before = read_cursor(req.query, "audit");
    if (!before.ok()) return error_response(before.error());

    core::AuditQuery query;
    query.site_id = *site;
    query.comment_id = *comment;
    query.user_id = *subject;
    query.limit = *limit + 1;  // one more tells whether there is a next page
    query.before = *before;
    auto entries = ctx_.store.read_audit(query);
    if (!entries.ok()) return error_response(entries.error());
    json::value next = nullptr;
    if (static_cast<int>(entries->size()) > *limit) {
      entries->resize(static_cast<std::size_t>(*limit));
      next = make_cursor("audit", entries->back().id);
    }
    json::array items;
    for (const auto& e : *entries) items.push_back(audit_view(e));
    return json_response(200, json::object{{"items", std::move(items)}, {"next_cursor", std::move(next)}});
  }

  http::Response resolve_appeal(const http::Request& req, const PathParams& params) {
    auto user = moderator(req);
    if (!user.ok()) return error_response(user.error());
    auto body = parse_json_object(req);
    if (!body.ok()) return error_response(body.error());
    auto appeal = find_appeal(params["id"]);
    if (!appeal.ok()) return error_response(appeal.error());
    if (auto allowed = require_moderator_of(*user, appeal->site_id); !allowed.ok()) {
      return error_response(allowed.error());
    }
    auto outcome = required_string(*body, "outcome");
    if (!outcome.ok()) return error_response(outcome.error());
    if (*outcome != "uphold" && *outcome != "reverse") {
      return error_response(ErrorKind::kUnprocessable, "invalid_outcome", "outcome must be uphold or reverse");
    }
    auto explanation_text = required_string(*body, "explanation");
    if (!explanation_text.ok()) return error_response(explanation_text.error());
    auto explanation = checked_text(*explanation_text, kMaxExplanationChars, "explanation");
    if (!explanation.ok()) return error_response(explanation.error());
    if (appeal->status != core::AppealStatus::kOpen) {
      return error_response(ErrorKind::kConflict, "appeal_resolved", "this appeal was resolved already");
    }
    if (appeal->decided_by && *appeal->decided_by == user->id) {
      return error_response(ErrorKind::kForbidden, "own_decision",
                            "another moderator must resolve an appeal against your decision");
    }
    // The comment a reversal may restore, as it is before.
    std::optional<core::Comment> before;
    if (auto notification = ctx_.store.get_notification(appeal->notification_id);
        notification.ok() && notification->comment_id) {
      if (auto comment = ctx_.store.get_comment(*notification->comment_id); comment.ok()) before = *comment;
    }

    core::AppealResolution resolution;
    resolution.appeal_id = appeal->id;
    resolution.resolver_id = user->id;
    resolution.reverse = *outcome == "reverse";
    resolution.explanation = std::move(*explanation);
    resolution.at = core::now_millis();
    resolution.audit_id = ctx_.ids.next();
    resolution.notification_id = ctx_.ids.next();
    resolution.moderator_notification_id = ctx_.ids.next();
    auto resolved = ctx_.store.resolve_appeal(resolution);
    if (!resolved.ok()) return error_response(resolved.error());
    if (resolution.reverse && before) {
      if (auto after = ctx_.store.get_comment(before->id); after.ok()) announce(*before, *after);
      // A spam rejection reversed on appeal was a lesson the model should
      // not have learned: unlearn it, and learn the comment as ham.
      if (auto n = ctx_.store.get_notification(appeal->notification_id); n.ok() && n->rule_id == kSpamRuleId) {
        if (auto site = ctx_.sites.find(before->site_id); site.ok()) {
          ctx_.policies.learn(**site, before->body_markdown, /*spam=*/true, /*forget=*/true);
          ctx_.policies.learn(**site, before->body_markdown, /*spam=*/false);
        }
      }
    }
    return json_response(200, json::object{{"appeal", appeal_view(*resolved)}});
  }

  http::Response transparency(const http::Request& req, const PathParams& params) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return error_response(user.error());
    if (auto admin = require_role(*user, core::Role::kAdmin); !admin.ok()) return error_response(admin.error());
    auto site = ctx_.sites.find(params["site"]);
    if (!site.ok()) return error_response(site.error());
    const std::string format = query_param(req.query, "format").value_or("json");
    if (format != "json" && format != "csv") {
      return error_response(bad_query("invalid_format", "format must be json or csv"));
    }
    const core::Millis now = core::now_millis();
    core::Millis to = now + 1;  // the period includes this very millisecond
    core::Millis from = now - kDefaultTransparencyPeriod;
    if (auto text = query_param(req.query, "to"); text && !text->empty()) {
      auto parsed = parse_time_or_date(*text, /*end_of_day=*/true);
      if (!parsed) return error_response(bad_query("invalid_time", "to must be an RFC 3339 time or a YYYY-MM-DD date"));
      to = *parsed;
      from = to - kDefaultTransparencyPeriod;
    }
    if (auto text = query_param(req.query, "from"); text && !text->empty()) {
      auto parsed = parse_time_or_date(*text, /*end_of_day=*/false);
      if (!parsed) {
        return error_response(bad_query("invalid_time", "from must be an RFC 3339 time or a YYYY-MM-DD date"));
      }
      from = *parsed;
    }
    if (from >= to) return error_response(bad_query("invalid_range", "from must be before to"));
    auto report = ctx_.store.transparency((*site)->id, from, to);
    if (!report.ok()) return error_response(report.error());
    if (format == "csv") return transparency_csv(*report);
    return json_response(200, transparency_json(*report));
  }

 private:
  // Per-request memo of stories and rules that several items share.
  class ViewContext {
   public:
    explicit ViewContext(Context& ctx) : ctx_(ctx) {}

    const core::Story* story(core::Id id) {
      auto [it, fresh] = stories_.try_emplace(id);
      if (fresh) {
        if (auto s = ctx_.store.get_story_by_id(id); s.ok()) it->second = std::move(*s);
      }
      return it->second ? &*it->second : nullptr;
    }

    const RuleLookup& rules(const std::string& site_id) {
      if (!rules_.has_site(site_id)) {
        if (auto list = site_rules(ctx_, site_id, /*include_archived=*/true); list.ok()) rules_.add(*list);
      }
      return rules_;
    }

    std::optional<core::Comment> comment(core::Id id) {
      if (auto c = ctx_.store.get_comment(id); c.ok()) return std::move(*c);
      return std::nullopt;
    }

   private:
    Context& ctx_;
    std::unordered_map<core::Id, std::optional<core::Story>> stories_;
    RuleLookup rules_;
  };

  json::value queue_item_view(const core::QueueItem& item, ViewContext& views) {
    if (item.appeal) {
      json::object o;
      o["appeal"] = appeal_view(*item.appeal);
      std::optional<core::Comment> comment;
      if (item.comment) {
        comment = item.comment->comment;
      } else if (item.notification && item.notification->comment_id) {
        comment = views.comment(*item.notification->comment_id);
      }
      const core::Story* story = comment ? views.story(comment->story_id) : nullptr;
      o["notification"] = item.notification
                              ? json::value(notification_view(*item.notification, views.rules(item.appeal->site_id),
                                                              comment ? &*comment : nullptr, story, core::now_millis()))
                              : json::value(nullptr);
      o["comment"] = comment ? json::value(moderator_comment_view(*comment)) : json::value(nullptr);
      o["story"] = story ? json::value(story_ref_view(*story)) : json::value(nullptr);
      return o;
    }
    if (item.notice) {
      std::optional<core::Comment> comment;
      if (item.comment) {
        comment = item.comment->comment;
      } else {
        comment = views.comment(item.notice->comment_id);
      }
      const core::Story* story = comment ? views.story(comment->story_id) : nullptr;
      return json::object{
          {"notice", moderator_notice_view(*item.notice)},
          {"comment", comment ? json::value(moderator_comment_view(*comment)) : json::value(nullptr)},
          {"story", story ? json::value(story_ref_view(*story)) : json::value(nullptr)},
      };
    }
    if (!item.comment) return json::object{};
    const core::QueueComment& qc = *item.comment;
    const core::Story* story = views.story(qc.comment.story_id);
    const RuleLookup& rules = views.rules(qc.comment.site_id);
    json::array reasons, reports;
    for (const auto& r : qc.reasons) reasons.push_back(reason_view(r));
    for (const auto& r : qc.reports) reports.push_back(moderator_report_view(r, rules));
    return json::object{
        {"comment", moderator_comment_view(qc.comment)},
        {"story", story ? json::value(story_ref_view(*story)) : json::value(nullptr)},
        {"parent", qc.parent ? json::value(parent_view(*qc.parent)) : json::value(nullptr)},
        {"reasons", std::move(reasons)},
        {"reports", std::move(reports)},
        {"report_weight", qc.comment.report_weight},
    };
  }

  static json::object transparency_json(const core::TransparencyReport& r) {
    return json::object{
        {"site", r.site_id},
        {"from", core::format_rfc3339(r.from)},
        {"to", core::format_rfc3339(r.to)},
        {"decisions",
         json::object{
             {"total", sum(r.decisions_by_action)},
             {"by_action", count_object(r.decisions_by_action)},
             {"by_rule", count_object(r.decisions_by_rule)},
             {"automated", r.decisions_automated},
             {"human", r.decisions_human},
         }},
        {"reports",
         json::object{
             {"received", r.reports_received}, {"upheld", r.reports_upheld}, {"dismissed", r.reports_dismissed}}},
        {"notices", json::object{{"received", r.notices_received},
                                 {"actioned", r.notices_actioned},
                                 {"rejected", r.notices_rejected},
                                 {"open", r.notices_open}}},
        {"median_seconds_report_to_decision",
         r.median_millis_report_to_decision ? json::value(*r.median_millis_report_to_decision / core::kMillisPerSecond)
                                            : json::value(nullptr)},
        {"appeals", json::object{{"received", r.appeals_received},
                                 {"upheld", r.appeals_upheld},
                                 {"reversed", r.appeals_reversed},
                                 {"open", r.appeals_open}}},
        {"enforcement", count_object(r.enforcement_by_action, {"warn", "premod", "suspend", "ban", "lift"})},
    };
  }

  // The same figures as transparency_json, one `section,key,value` row each;
  // nested sections are joined with a dot ("decisions.by_rule"). The file is
  // named after the first and last day of the period (`to` is exclusive).
  static http::Response transparency_csv(const core::TransparencyReport& r) {
    std::string csv = "section,key,value\r\n";
    auto row = [&csv](std::string_view section, std::string_view key, const std::string& value) {
      csv += csv_field(section) + "," + csv_field(key) + "," + csv_field(value) + "\r\n";
    };
    json::object figures = transparency_json(r);
    row("report", "site", r.site_id);
    row("report", "from", core::format_rfc3339(r.from));
    row("report", "to", core::format_rfc3339(r.to));
    // Walks the JSON so the two formats cannot drift apart.
    auto emit = [&row](auto& self, const std::string& section, const json::object& object) -> void {
      for (const auto& [key, value] : object) {
        if (value.is_object()) {
          self(self, section + "." + std::string(key), value.as_object());
        } else if (value.is_int64()) {
          row(section, key, std::to_string(value.as_int64()));
        } else if (value.is_null()) {
          row(section, key, "");
        }
      }
    };
    for (const auto& [key, value] : figures) {
      if (value.is_object()) {
        emit(emit, std::string(key), value.as_object());
      } else if (value.is_int64()) {
        row("timing", key, std::to_string(value.as_int64()));
      } else if (value.is_null()) {
        row("timing", key, "");
      }
    }
    http::Response response;
    response.status = 200;
    response.set_header("content-type", "text/csv; charset=utf-8");
    response.set_header("content-disposition", "attachment; filename=\"transparency-" + r.site_id + "-" +
                                                   core::format_rfc3339(r.from).substr(0, 10) + "-" +
                                                   core::format_rfc3339(r.to - 1).substr(0, 10) + ".csv\"");
    response.set_header("cache-control", "no-store");
    response.body = std::make_shared<const std::string>(std::move(csv));
    return response;
  }

  // The signed-in user, if a moderator or an admin (401 / 403 otherwise).
  core::Result<core::User> moderator(const http::Request& req) {
    auto user = ctx_.authenticate(req);
    if (!user.ok()) return user;
    if (auto role = require_role(*user, core::Role::kModerator); !role.ok()) return role.error();
    return user;
  }

  // The sites `user` moderates, in the store's order.
  core::Result<std::vector<core::Site>> moderated_sites(const core::User& user) {
    auto all = ctx_.store.list_sites();
    if (!all.ok()) return all.error();
    std::erase_if(*all, [&user](const core::Site& s) { return !moderates(user, s.id); });
    return all;
  }

  // The site a request is about: `requested` (404 "site_not_found", 403
  // "not_moderator_of_site"), or, when absent, the one site the caller
  // moderates (400 "site_required" when there are several).
  core::Result<std::string> chosen_site(const core::User& user, const std::optional<std::string>& requested) {
    if (requested && !requested->empty()) {
      auto site = ctx_.sites.find(*requested);
      if (!site.ok()) return site.error();
      if (auto allowed = require_moderator_of(user, (*site)->id); !allowed.ok()) return allowed.error();
      return (*site)->id;
    }
    auto sites = moderated_sites(user);
    if (!sites.ok()) return sites.error();
    if (sites->size() != 1) {
      return bad_query("site_required", "say which site: you moderate more than one");
    }
    return sites->front().id;
  }

  // The `story` query parameter (a story key of `site_id`) as a story id.
  core::Result<std::optional<core::Id>> story_filter(const std::string& site_id, std::string_view query) {
    auto key = query_param(query, "story");
    if (!key || key->empty()) return std::optional<core::Id>();
    auto story = ctx_.store.get_story(site_id, *key);
    if (!story.ok()) return story.error();
    return std::optional<core::Id>(story->id);
  }

  // 422 "unknown_rule" unless `rule_id` is a live rule of the site.
  core::Status check_rule(const std::string& site_id, const std::string& rule_id) {
    auto rules = site_rules(ctx_, site_id, /*include_archived=*/false);
    if (!rules.ok()) return rules.error();
    const bool known = std::any_of(rules->begin(), rules->end(), [&](const core::Rule& r) { return r.id == rule_id; });
    if (!known) return make_error(ErrorKind::kUnprocessable, "unknown_rule", "the site has no rule '" + rule_id + "'");
    return {};
  }

  // The end of a suspension: `duration` (1h, 24h, 7d) or a future `until`.
  static core::Result<core::Millis> suspension_end(const json::object& body, core::Millis now) {
    auto duration = optional_string(body, "duration");
    if (!duration.ok()) return duration.error();
    auto until = optional_string(body, "until");
    if (!until.ok()) return until.error();
    if (*duration) {
      static const std::map<std::string, core::Millis, std::less<>> kDurations{
          {"1h", core::kMillisPerHour}, {"24h", core::kMillisPerDay}, {"7d", 7 * core::kMillisPerDay}};
      auto it = kDurations.find(**duration);
      if (it == kDurations.end()) {
        return make_error(ErrorKind::kUnprocessable, "invalid_duration", "duration must be 1h, 24h or 7d");
      }
      return now + it->second;
    }
    if (!*until) {
      return make_error(ErrorKind::kUnprocessable, "until_required", "a suspension needs a duration or an until time");
    }
    auto at = core::parse_rfc3339(**until);
    if (!at) return make_error(ErrorKind::kUnprocessable, "invalid_field", "field 'until' must be an RFC 3339 time");
    if (*at <= now)
      return make_error(ErrorKind::kUnprocessable, "until_in_past", "a suspension must end in the future");
    return *at;
  }

  // Publishes what a moderation change means for readers: the comment left
  // the public thread, came back, or changed in place (approved, featured).
  // Every change goes out, even one readers cannot see (a held comment
  // rejected): the event is also what drops the story's cached pages.
  void announce(const core::Comment& before, const core::Comment& after) {
    const bool was_visible = core::is_publicly_visible(before.status);
    const bool is_visible = core::is_publicly_visible(after.status);
    live::EventKind kind = live::EventKind::kCommentEdited;
    if (was_visible && !is_visible) kind = live::EventKind::kCommentRemoved;
    if (!was_visible && is_visible) kind = live::EventKind::kCommentRestored;
    ctx_.story_changed(kind, after.site_id, after.story_id, after.id);
  }

  core::Result<core::User> find_user(const std::string& id_text) {
    auto not_found = make_error(ErrorKind::kNotFound, "user_not_found", "no user has this id");
    auto id = core::parse_id(id_text);
    if (!id) return not_found;
    auto user = ctx_.store.get_user(*id);
    if (!user.ok() && user.error().kind == ErrorKind::kNotFound) return not_found;
    return user;
  }

  core::Result<core::LegalNotice> find_notice(const std::string& id_text) {
    auto not_found = make_error(ErrorKind::kNotFound, "notice_not_found", "no notice has this id");
    auto id = core::parse_id(id_text);
    if (!id) return not_found;
    auto notice = ctx_.store.get_legal_notice(*id);
    if (!notice.ok() && notice.error().kind == ErrorKind::kNotFound) return not_found;
    return notice;
  }

  // Moderators' decisions train the site's spam model: a rejection citing
  // the spam rule is a spam example, an approval a ham example.
  void teach_spam_model(const core::Comment& comment, const core::CommentDecision& decision) {
    const bool spam = decision.action == core::DecisionAction::kReject && decision.rule_id == kSpamRuleId;
    const bool ham = decision.action == core::DecisionAction::kApprove;
    if (!spam && !ham) return;
    auto site = ctx_.sites.find(comment.site_id);
    if (!site.ok()) return;
    ctx_.policies.learn(**site, comment.body_markdown, spam);
  }

  core::Result<core::Appeal> find_appeal(const std::string& id_text) {
    auto not_found = make_error(ErrorKind::kNotFound, "appeal_not_found", "no appeal has this id");
    auto id = core::parse_id(id_text);
    if (!id) return not_found;
    auto appeal = ctx_.store.get_appeal(*id);
    if (!appeal.ok() && appeal.error().kind == ErrorKind::kNotFound) return not_found;
    return appeal;
  }

  Context& ctx_;
};

}  // namespace

void add_moderation_routes(Router& router, Context& ctx) {
  auto h = std::make_shared<ModerationHandlers>(ctx);
  using http::Method;
  auto bind = [h](auto method) { return member_handler(h, method); };
  struct Entry {
    Method method;
    const char* pattern;
    http::Response (ModerationHandlers::*handler)(const http::Request&, const PathParams&);
    Execution execution;
  };
  const Entry routes[] = {
      {Method::kGet, "/api/v1/moderation/sites", &ModerationHandlers::sites, Execution::kInline},
      {Method::kGet, "/api/v1/moderation/counts", &ModerationHandlers::counts, Execution::kInline},
      {Method::kGet, "/api/v1/moderation/queues/{name}", &ModerationHandlers::queue, Execution::kInline},
      {Method::kPost, "/api/v1/moderation/comments/{id}/decision", &ModerationHandlers::decide_comment,
       Execution::kBlocking},
      {Method::kPost, "/api/v1/moderation/notices/{id}/decision", &ModerationHandlers::decide_notice,
       Execution::kBlocking},
      {Method::kGet, "/api/v1/moderation/users/{id}", &ModerationHandlers::user_history, Execution::kInline},
      {Method::kPost, "/api/v1/moderation/users/{id}/enforcement", &ModerationHandlers::enforce, Execution::kBlocking},
      {Method::kPost, "/api/v1/moderation/users/{id}/notes", &ModerationHandlers::add_note, Execution::kBlocking},
      {Method::kGet, "/api/v1/moderation/audit", &ModerationHandlers::audit, Execution::kInline},
      {Method::kPost, "/api/v1/moderation/appeals/{id}/resolution", &ModerationHandlers::resolve_appeal,
       Execution::kBlocking},
      // A period's figures scan the log: off the I/O thread.
      {Method::kGet, "/api/v1/admin/sites/{site}/transparency", &ModerationHandlers::transparency,
       Execution::kBlocking},
  };
  for (const auto& r : routes) router.add({r.method, r.pattern, bind(r.handler), r.execution});
}

}  // namespace townhall::api
