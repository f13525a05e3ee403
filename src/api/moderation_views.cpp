#include "api/moderation_views.hpp"

#include <boost/json.hpp>

#include "api/views.hpp"

namespace townhall::api {

namespace json = boost::json;

namespace {

json::value time_or_null(const std::optional<core::Millis>& at) {
  return at ? json::value(core::format_rfc3339(*at)) : json::value(nullptr);
}

json::value id_or_null(const std::optional<core::Id>& id) {
  return id ? json::value(core::id_to_string(*id)) : json::value(nullptr);
}

json::value text_or_null(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

json::value person_view(const std::optional<core::Id>& id, const std::string& name) {
  return id ? author_view(*id, name) : json::value(nullptr);
}

}  // namespace

bool RuleLookup::has_site(std::string_view site_id) const {
  for (const auto& rule : rules_) {
    if (rule.site_id == site_id) return true;
  }
  return false;
}

const core::Rule* RuleLookup::find(std::string_view site_id, std::string_view rule_id) const {
  for (const auto& rule : rules_) {
    if (rule.site_id == site_id && rule.id == rule_id) return &rule;
  }
  return nullptr;
}

json::object rule_view(const core::Rule& rule) {
  json::object o{
      {"id", rule.id},
      {"number", rule.number},
      {"title", rule.title},
      {"body_markdown", rule.body_markdown},
      {"body_html", rule.body_html},
  };
  if (rule.archived) o["archived"] = true;
  return o;
}

json::value rule_ref_view(const RuleLookup& rules, std::string_view site_id, std::string_view rule_id) {
  if (rule_id.empty()) return nullptr;
  if (const core::Rule* rule = rules.find(site_id, rule_id)) {
    return json::object{{"id", rule->id}, {"number", rule->number}, {"title", rule->title}};
  }
  return json::object{{"id", rule_id}, {"number", nullptr}, {"title", rule_id}};
}

json::object report_view(const core::Report& report) {
  return json::object{
      {"id", core::id_to_string(report.id)},
      {"comment_id", core::id_to_string(report.comment_id)},
      {"rule_id", report.rule_id},
      {"details", report.details},
      {"created_at", core::format_rfc3339(report.created_at)},
  };
}

json::object moderator_report_view(const core::Report& report, const RuleLookup& rules) {
  const core::Rule* rule = rules.find(report.site_id, report.rule_id);
  return json::object{
      {"id", core::id_to_string(report.id)},
      {"rule_id", report.rule_id},
      {"rule_title", rule != nullptr ? rule->title : report.rule_id},
      {"details", report.details},
      {"reporter", author_view(report.reporter_id, report.reporter_name)},
      {"weight", report.weight},
      {"created_at", core::format_rfc3339(report.created_at)},
  };
}

json::object notice_view(const core::LegalNotice& notice) {
  return json::object{
      {"id", core::id_to_string(notice.id)},
      {"comment_id", core::id_to_string(notice.comment_id)},
      {"status", core::notice_status_name(notice.status)},
      {"received_at", core::format_rfc3339(notice.received_at)},
      {"decided_at", time_or_null(notice.decided_at)},
      {"decision", text_or_null(notice.decision)},
  };
}

json::object moderator_notice_view(const core::LegalNotice& notice) {
  json::object o = notice_view(notice);
  o["site_id"] = notice.site_id;
  o["law"] = notice.law;
  o["details"] = notice.details;
  o["name"] = notice.notifier_name;
  o["email"] = notice.notifier_email;
  o["good_faith"] = true;
  return o;
}

json::object appeal_view(const core::Appeal& appeal) {
  return json::object{
      {"id", core::id_to_string(appeal.id)},
      {"notice_id", core::id_to_string(appeal.notification_id)},
      {"site_id", appeal.site_id},
      {"status", core::appeal_status_name(appeal.status)},
      {"created_at", core::format_rfc3339(appeal.created_at)},
      {"text", appeal.text},
      {"appellant", author_view(appeal.user_id, appeal.user_name)},
      {"decided_by", person_view(appeal.decided_by, appeal.decided_by_name)},
      {"resolution", text_or_null(appeal.resolution)},
      {"resolved_at", time_or_null(appeal.resolved_at)},
  };
}

json::object enforcement_view(const core::Enforcement& e) {
  return json::object{
      {"id", core::id_to_string(e.id)},
      {"user_id", core::id_to_string(e.user_id)},
      {"action", core::enforcement_action_name(e.action)},
      {"site_id", e.site_id ? json::value(*e.site_id) : json::value(nullptr)},
      {"rule_id", text_or_null(e.rule_id)},
      {"explanation", e.explanation},
      {"automated", e.automated},
      {"actor", person_view(e.actor_id, e.actor_name)},
      {"created_at", core::format_rfc3339(e.created_at)},
      {"until", time_or_null(e.until)},
      {"lifted_at", time_or_null(e.lifted_at)},
      {"acknowledged_at", time_or_null(e.acknowledged_at)},
      {"notice_id", id_or_null(e.notification_id)},
  };
}

json::object standing_view(const core::Standing& standing) {
  return json::object{
      {"status", core::standing_name(standing.status)},    {"until", time_or_null(standing.until)},
      {"notice_id", id_or_null(standing.notification_id)}, {"rule_id", text_or_null(standing.rule_id)},
      {"explanation", text_or_null(standing.explanation)},
  };
}

json::object notification_view(const core::Notification& n, const RuleLookup& rules, const core::Comment* comment,
                               const core::Story* story, core::Millis now) {
  json::value comment_json = nullptr;
  if (comment != nullptr) {
    json::value story_json = nullptr;
    if (story != nullptr) story_json = json::object{{"key", story->key}, {"title", story->title}, {"url", story->url}};
    comment_json = json::object{
        {"id", core::id_to_string(comment->id)},
        {"excerpt", excerpt(comment->body_markdown)},
        {"status", core::status_name(comment->status)},
        {"story", std::move(story_json)},
    };
  }
  // Once per decision, within its deadline: a lodged appeal closes the door.
  const bool possible = n.appeal_deadline.has_value() && !n.appeal_id.has_value() && now <= *n.appeal_deadline;
  return json::object{
      {"id", core::id_to_string(n.id)},
      {"kind", n.kind},
      {"site_id", n.site_id},
      {"created_at", core::format_rfc3339(n.created_at)},
      {"read", n.read_at.has_value()},
      {"action", text_or_null(n.action)},
      {"scope", text_or_null(n.scope)},
      {"until", time_or_null(n.until)},
      {"rule", rule_ref_view(rules, n.site_id, n.rule_id)},
      {"explanation", text_or_null(n.explanation)},
      {"legal_ground", text_or_null(n.legal_ground)},
      {"automated", n.automated},
      {"comment", std::move(comment_json)},
      {"notice_id", id_or_null(n.notice_id)},
      {"requires_acknowledgement", n.requires_acknowledgement},
      {"acknowledged_at", time_or_null(n.acknowledged_at)},
      {"appeal",
       json::object{
           {"possible", possible},
           {"deadline", time_or_null(n.appeal_deadline)},
           {"id", id_or_null(n.appeal_id)},
           {"status", text_or_null(n.appeal_status)},
       }},
  };
}

std::string excerpt(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    // Count lead bytes only, so the cut never splits a UTF-8 sequence.
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (chars == max_chars) return std::string(text.substr(0, i)) + "…";
    ++chars;
  }
  return std::string(text);
}

}  // namespace townhall::api
