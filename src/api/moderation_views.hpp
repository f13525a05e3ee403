// JSON views of the moderation domain: the shapes documented in
// docs/api-moderation.md, shared by the readers' side (community_handlers)
// and the moderators' side (moderation_handlers). Like views.hpp: ids are
// strings, times RFC 3339 UTC, absent values null.
//
// Only the handler files include this header, so it may carry Boost.JSON.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string_view>
#include <vector>

#include "core/moderation.hpp"

namespace townhall::api {

// The rules of one or more sites, archived ones included, so that a view can
// cite a rule by id with its number and title.
class RuleLookup {
 public:
  RuleLookup() = default;
  explicit RuleLookup(std::vector<core::Rule> rules) : rules_(std::move(rules)) {}

  void add(const std::vector<core::Rule>& rules) { rules_.insert(rules_.end(), rules.begin(), rules.end()); }
  // Whether rules of this site were added.
  bool has_site(std::string_view site_id) const;
  // nullptr when the site has no rule with this id.
  const core::Rule* find(std::string_view site_id, std::string_view rule_id) const;

 private:
  std::vector<core::Rule> rules_;
};

// {id, number, title, body_markdown, body_html}, plus "archived": true for an
// archived rule.
boost::json::object rule_view(const core::Rule& rule);
// A citation {id, number, title}: null when rule_id is empty; a rule the
// lookup does not know keeps its id with number null and the id as title.
boost::json::value rule_ref_view(const RuleLookup& rules, std::string_view site_id, std::string_view rule_id);

// What the reporter sees: {id, comment_id, rule_id, details, created_at}.
boost::json::object report_view(const core::Report& report);
// A queue item's report: {id, rule_id, rule_title, details, reporter {id,name},
// weight, created_at}.
boost::json::object moderator_report_view(const core::Report& report, const RuleLookup& rules);

// What anyone holding the receipt sees: {id, comment_id, status, received_at,
// decided_at, decision}.
boost::json::object notice_view(const core::LegalNotice& notice);
// What moderators see: the public view plus {law, details, name, email,
// good_faith} (a stored notice always had good_faith true).
boost::json::object moderator_notice_view(const core::LegalNotice& notice);

// {id, status, created_at, text, appellant {id,name}, decided_by {id,name}|null,
//  resolution, resolved_at}.
boost::json::object appeal_view(const core::Appeal& appeal);

// {id, action, site_id, rule_id, explanation, automated, actor {id,name}|null,
//  created_at, until, lifted_at, acknowledged_at}.
boost::json::object enforcement_view(const core::Enforcement& enforcement);

// {status, until, notice_id, rule_id, explanation}.
boost::json::object standing_view(const core::Standing& standing);

// A statement of reasons (docs/api-moderation.md, "The notification object").
// `comment` and `story` fill its "comment" member (excerpt, story key, title
// and url); with comment null it is null. `now` decides appeal.possible.
boost::json::object notification_view(const core::Notification& notification, const RuleLookup& rules,
                                      const core::Comment* comment, const core::Story* story, core::Millis now);

// The first `max_chars` code points of a comment's text, with "…" when cut.
std::string excerpt(std::string_view text, std::size_t max_chars = 200);

}  // namespace townhall::api
