#include "core/domain.hpp"

#include <array>
#include <utility>

namespace townhall::core {

namespace {

template <typename E, std::size_t N>
std::optional<E> find_by_name(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "unknown";
}

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

}  // namespace

std::string_view role_name(Role role) { return name_of(kRoles, role); }
std::optional<Role> parse_role(std::string_view name) { return find_by_name(kRoles, name); }
std::string_view status_name(CommentStatus status) { return name_of(kStatuses, status); }
std::optional<CommentStatus> parse_status(std::string_view name) { return find_by_name(kStatuses, name); }
std::string_view sort_name(ThreadSort sort) { return name_of(kSorts, sort); }
std::optional<ThreadSort> parse_sort(std::string_view name) { return find_by_name(kSorts, name); }

}  // namespace townhall::core
