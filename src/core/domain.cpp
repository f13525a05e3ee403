#include "core/domain.hpp"

#include <array>
#include <utility>

#include "core/enum_names.hpp"

namespace townhall::core {

namespace {

using detail::find_by_name;
using detail::name_of;

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles{{
    {Role::kCommenter, "commenter"},
    {Role::kStaff, "staff"},
    {Role::kModerator, "moderator"},
    {Role::kAdmin, "admin"},
}};

constexpr std::array<std::pair<CommentStatus, std::string_view>, 5> kStatuses{{
    {CommentStatus::kPublished, "published"},
    {CommentStatus::kPending, "pending"},
    {CommentStatus::kApproved, "approved"},
    {CommentStatus::kRejected, "rejected"},
    {CommentStatus::kDeleted, "deleted"},
}};

constexpr std::array<std::pair<ThreadSort, std::string_view>, 4> kSorts{{
    {ThreadSort::kNewest, "newest"},
    {ThreadSort::kOldest, "oldest"},
    {ThreadSort::kReactions, "reactions"},
    {ThreadSort::kReplies, "replies"},
}};

constexpr std::array<std::pair<Premoderation, std::string_view>, 3> kPremoderation{{
    {Premoderation::kOff, "off"},
    {Premoderation::kNewCommenters, "new_commenters"},
    {Premoderation::kAll, "all"},
}};

constexpr std::array<std::pair<LinkPolicy, std::string_view>, 3> kLinkPolicies{{
    {LinkPolicy::kAllow, "allow"},
    {LinkPolicy::kHold, "hold"},
    {LinkPolicy::kHoldNewCommenters, "hold_new_commenters"},
}};

}  // namespace

std::string_view link_policy_name(LinkPolicy policy) { return name_of(kLinkPolicies, policy); }
std::optional<LinkPolicy> parse_link_policy(std::string_view name) { return find_by_name(kLinkPolicies, name); }
std::string_view premoderation_name(Premoderation mode) { return name_of(kPremoderation, mode); }
std::optional<Premoderation> parse_premoderation(std::string_view name) { return find_by_name(kPremoderation, name); }
std::string_view role_name(Role role) { return name_of(kRoles, role); }
std::optional<Role> parse_role(std::string_view name) { return find_by_name(kRoles, name); }
std::string_view status_name(CommentStatus status) { return name_of(kStatuses, status); }
std::optional<CommentStatus> parse_status(std::string_view name) { return find_by_name(kStatuses, name); }
std::string_view sort_name(ThreadSort sort) { return name_of(kSorts, sort); }
std::optional<ThreadSort> parse_sort(std::string_view name) { return find_by_name(kSorts, name); }

}  // namespace townhall::core
