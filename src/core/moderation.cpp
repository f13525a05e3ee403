#include "core/moderation.hpp"

#include "core/enum_names.hpp"

namespace townhall::core {

namespace {

using detail::find_by_name;
using detail::name_of;

constexpr detail::NameTable<DecisionAction, 4> kDecisionActions{{
    {DecisionAction::kApprove, "approve"},
    {DecisionAction::kReject, "reject"},
    {DecisionAction::kFeature, "feature"},
    {DecisionAction::kUnfeature, "unfeature"},
}};

constexpr detail::NameTable<EnforcementAction, 5> kEnforcementActions{{
    {EnforcementAction::kWarn, "warn"},
    {EnforcementAction::kPremod, "premod"},
    {EnforcementAction::kSuspend, "suspend"},
    {EnforcementAction::kBan, "ban"},
    {EnforcementAction::kLift, "lift"},
}};

constexpr detail::NameTable<StandingStatus, 5> kStandings{{
    {StandingStatus::kOk, "ok"},
    {StandingStatus::kWarned, "warned"},
    {StandingStatus::kPremoderated, "premoderated"},
    {StandingStatus::kSuspended, "suspended"},
    {StandingStatus::kBanned, "banned"},
}};

constexpr detail::NameTable<NoticeStatus, 3> kNoticeStatuses{{
    {NoticeStatus::kReceived, "received"},
    {NoticeStatus::kActioned, "actioned"},
    {NoticeStatus::kRejected, "rejected"},
}};

constexpr detail::NameTable<AppealStatus, 3> kAppealStatuses{{
    {AppealStatus::kOpen, "open"},
    {AppealStatus::kUpheld, "upheld"},
    {AppealStatus::kReversed, "reversed"},
}};

constexpr detail::NameTable<Queue, 7> kQueues{{
    {Queue::kPending, "pending"},
    {Queue::kReported, "reported"},
    {Queue::kUnmoderated, "unmoderated"},
    {Queue::kApproved, "approved"},
    {Queue::kRejected, "rejected"},
    {Queue::kAppeals, "appeals"},
    {Queue::kNotices, "notices"},
}};

constexpr detail::NameTable<WordListKind, 2> kWordListKinds{{
    {WordListKind::kBanned, "banned"},
    {WordListKind::kSuspect, "suspect"},
}};

}  // namespace

std::string_view word_list_kind_name(WordListKind kind) { return name_of(kWordListKinds, kind); }
std::optional<WordListKind> parse_word_list_kind(std::string_view name) { return find_by_name(kWordListKinds, name); }
std::string_view decision_action_name(DecisionAction action) { return name_of(kDecisionActions, action); }
std::optional<DecisionAction> parse_decision_action(std::string_view name) {
  return find_by_name(kDecisionActions, name);
}
std::string_view enforcement_action_name(EnforcementAction action) { return name_of(kEnforcementActions, action); }
std::optional<EnforcementAction> parse_enforcement_action(std::string_view name) {
  return find_by_name(kEnforcementActions, name);
}
std::string_view standing_name(StandingStatus status) { return name_of(kStandings, status); }
std::string_view appeal_status_name(AppealStatus status) { return name_of(kAppealStatuses, status); }
std::optional<AppealStatus> parse_appeal_status(std::string_view name) { return find_by_name(kAppealStatuses, name); }
std::string_view notice_status_name(NoticeStatus status) { return name_of(kNoticeStatuses, status); }
std::optional<NoticeStatus> parse_notice_status(std::string_view name) { return find_by_name(kNoticeStatuses, name); }
std::string_view queue_name(Queue queue) { return name_of(kQueues, queue); }
std::optional<Queue> parse_queue(std::string_view name) { return find_by_name(kQueues, name); }

}  // namespace townhall::core
