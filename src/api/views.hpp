// JSON views of domain values: the shapes documented in docs/api.md.
// Ids are strings; times are RFC 3339 UTC.
#pragma once

#include <boost/json/value.hpp>

#include "core/domain.hpp"

namespace townhall::api {

// Replies deeper than this are shown at this depth with a "reply_to"
// reference instead of being nested further (narrow screens stay readable).
constexpr int kMaxNestingDepth = 3;

boost::json::value user_view(const core::User& user);
// What admins see of a user: user_view plus "sites", the sites a moderator
// moderates (empty: every site).
boost::json::value admin_user_view(const core::User& user);
// A public user: id and name only.
boost::json::value author_view(core::Id id, const std::string& name);
boost::json::value site_view(const core::Site& site);
// `open` is the effective state: closed by hand or by the auto-close age.
boost::json::value story_view(const core::Story& story, bool open);
// A comment as its author or any reader sees it. Comments that are not
// publicly visible (kept only as placeholders for their replies) have no
// body and no author. `replies` is empty; thread_view fills it.
boost::json::object comment_view(const core::Comment& comment);
// The thread response {story, comments, next_cursor}.
boost::json::value thread_view(const core::Story& story, bool open, const core::ThreadPage& page,
                               const std::optional<std::string>& next_cursor);

}  // namespace townhall::api
