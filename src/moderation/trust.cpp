#include "moderation/trust.hpp"

#include <cmath>
#include <string>

namespace townhall::moderation {

namespace {

Finding hold(std::string code, std::string message) {
  return Finding{Action::kHold, "trust", std::move(code), std::move(message), {}};
}

std::string days(core::Millis window) {
  const core::Millis whole = window / core::kMillisPerDay;
  if (whole * core::kMillisPerDay == window) return std::to_string(whole) + (whole == 1 ? " day" : " days");
  return std::to_string(window / core::kMillisPerHour) + " h";
}

}  // namespace

bool is_new_commenter(const TrustPolicy& policy, std::int64_t approved_comments) {
  return approved_comments < policy.new_commenter_approvals;
}

TrustVerdict check_trust(const TrustPolicy& policy, const TrustFacts& facts) {
  TrustVerdict verdict;
  if (facts.premoderated_by_enforcement) {
    verdict.findings.push_back(hold("premoderation", "the author's comments are pre-moderated"));
  }
  if (facts.decided_recently >= policy.rejection_min_decided && facts.decided_recently > 0) {
    const double rate = static_cast<double>(facts.rejected_recently) / static_cast<double>(facts.decided_recently);
    if (rate >= policy.rejection_rate_threshold) {
      Finding finding = hold("rejection_rate",
                             std::to_string(facts.rejected_recently) + " of " + std::to_string(facts.decided_recently) +
                                 " comments decided in the last " + days(policy.rejection_window) + " were rejected (" +
                                 std::to_string(std::lround(rate * 100)) + " %, threshold " +
                                 std::to_string(std::lround(policy.rejection_rate_threshold * 100)) + " %)");
      finding.evidence.push_back(Evidence{"rejected", "", 0, 0, static_cast<double>(facts.rejected_recently)});
      finding.evidence.push_back(Evidence{"decided", "", 0, 0, static_cast<double>(facts.decided_recently)});
      verdict.findings.push_back(std::move(finding));
      verdict.record_auto_premoderation = !facts.premoderated_by_enforcement;
    }
  }
  if (facts.story_premoderated) {
    verdict.findings.push_back(hold("premoderation", "every comment on this story is pre-moderated"));
  }
  if (policy.premoderation == core::Premoderation::kAll) {
    verdict.findings.push_back(hold("premoderation", "every comment on this site is pre-moderated"));
  } else if (policy.premoderation == core::Premoderation::kNewCommenters &&
             is_new_commenter(policy, facts.approved_comments)) {
    verdict.findings.push_back(hold("new_commenter", "the author has " + std::to_string(facts.approved_comments) +
                                                         " approved comments on this site; new commenters' "
                                                         "comments are held until " +
                                                         std::to_string(policy.new_commenter_approvals) +
                                                         " are approved"));
  }
  return verdict;
}

}  // namespace townhall::moderation
