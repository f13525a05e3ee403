// The community rules a new site starts with.
//
// Written for a local newspaper's comment section: short, plain rules a
// reader can take in at a glance, each with a stable id that reports,
// decisions, enforcement and statements of reasons cite. Admins edit them
// (PUT /api/v1/admin/sites/{site}/rules); the rule "illegal" must stay.
#pragma once

#include <string_view>
#include <vector>

#include "core/moderation.hpp"

namespace townhall::moderation {

// The default rules for `site_id`, numbered from 1, with body_html rendered
// from body_markdown the way rule bodies always are (render::markdown_to_html).
std::vector<core::Rule> default_rules(std::string_view site_id);

}  // namespace townhall::moderation
