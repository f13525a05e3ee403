#include "moderation/trust.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace townhall::moderation {
namespace {

std::vector<std::string> codes(const TrustVerdict& verdict) {
  std::vector<std::string> out;
  for (const Finding& f : verdict.findings) out.push_back(f.code);
  return out;
}

using Codes = std::vector<std::string>;

TEST(Trust, NothingForAnEstablishedCommenterOnAnOpenSite) {
  const TrustVerdict verdict = check_trust(TrustPolicy{}, TrustFacts{10, 8, 0, false, false});
  EXPECT_TRUE(verdict.findings.empty());
  EXPECT_FALSE(verdict.record_auto_premoderation);
}

TEST(Trust, NewCommentersAreHeldUntilEnoughApprovals) {
  TrustPolicy policy;
  policy.premoderation = core::Premoderation::kNewCommenters;
  policy.new_commenter_approvals = 3;
  for (std::int64_t approved = 0; approved < 3; ++approved) {
    const TrustVerdict verdict = check_trust(policy, TrustFacts{approved, 0, 0, false, false});
    ASSERT_EQ(codes(verdict), Codes{"new_commenter"});
    EXPECT_EQ(verdict.findings[0].action, Action::kHold);
    EXPECT_EQ(verdict.findings[0].phase, "trust");
  }
  EXPECT_EQ(check_trust(policy, TrustFacts{0, 0, 0, false, false}).findings[0].message,
            "the author has 0 approved comments on this site; new commenters' comments are held until 3 are "
            "approved");
  EXPECT_TRUE(check_trust(policy, TrustFacts{3, 0, 0, false, false}).findings.empty());
  EXPECT_TRUE(is_new_commenter(policy, 2));
  EXPECT_FALSE(is_new_commenter(policy, 3));
  // The threshold means "new" for the link policy even when pre-moderation is off.
  policy.premoderation = core::Premoderation::kOff;
  EXPECT_TRUE(check_trust(policy, TrustFacts{0, 0, 0, false, false}).findings.empty());
}

TEST(Trust, RejectionRateNeedsEnoughDecisions) {
  const TrustPolicy policy;                                                               // 30 %, at least 5 decided
  EXPECT_TRUE(check_trust(policy, TrustFacts{5, 1, 1, false, false}).findings.empty());   // 1 of 1
  EXPECT_TRUE(check_trust(policy, TrustFacts{5, 4, 4, false, false}).findings.empty());   // 4 of 4
  EXPECT_TRUE(check_trust(policy, TrustFacts{5, 10, 2, false, false}).findings.empty());  // 20 %
  const TrustVerdict at_threshold = check_trust(policy, TrustFacts{5, 10, 3, false, false});
  ASSERT_EQ(codes(at_threshold), Codes{"rejection_rate"});
  EXPECT_TRUE(at_threshold.record_auto_premoderation);
  EXPECT_EQ(at_threshold.findings[0].message,
            "3 of 10 comments decided in the last 7 days were rejected (30 %, threshold 30 %)");
  ASSERT_EQ(at_threshold.findings[0].evidence.size(), 2u);
  EXPECT_EQ(at_threshold.findings[0].evidence[0].weight, 3);
  const TrustVerdict five = check_trust(policy, TrustFacts{5, 5, 2, false, false});  // 40 % of the minimum
  EXPECT_EQ(codes(five), Codes{"rejection_rate"});
}

TEST(Trust, AnAlreadyPremoderatedAuthorIsNotRecordedTwice) {
  const TrustVerdict verdict = check_trust(TrustPolicy{}, TrustFacts{5, 10, 9, true, false});
  EXPECT_EQ(codes(verdict), (Codes{"premoderation", "rejection_rate"}));
  EXPECT_FALSE(verdict.record_auto_premoderation);
  EXPECT_EQ(verdict.findings[0].message, "the author's comments are pre-moderated");
}

TEST(Trust, StoryAndSitePremoderation) {
  TrustPolicy policy;
  EXPECT_EQ(codes(check_trust(policy, TrustFacts{9, 0, 0, false, true})), Codes{"premoderation"});
  EXPECT_EQ(check_trust(policy, TrustFacts{9, 0, 0, false, true}).findings[0].message,
            "every comment on this story is pre-moderated");
  policy.premoderation = core::Premoderation::kAll;
  const TrustVerdict all = check_trust(policy, TrustFacts{9, 0, 0, false, true});
  EXPECT_EQ(codes(all), (Codes{"premoderation", "premoderation"}));
  EXPECT_EQ(all.findings[1].message, "every comment on this site is pre-moderated");
}

TEST(Trust, AWindowThatIsNotWholeDaysIsShownInHours) {
  TrustPolicy policy;
  policy.rejection_window = 36 * core::kMillisPerHour;
  policy.rejection_min_decided = 2;
  EXPECT_EQ(check_trust(policy, TrustFacts{0, 2, 2, false, false}).findings[0].message,
            "2 of 2 comments decided in the last 36 h were rejected (100 %, threshold 30 %)");
}

}  // namespace
}  // namespace townhall::moderation
