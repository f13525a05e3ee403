// The trust phase of the comment pipeline, the last one: pre-moderation of
// new commenters, of an author whose comments are often rejected, and of a
// whole site or story. Everything it finds is Action::kHold, phase "trust".
//
// The phase is pure: the caller supplies the author's record (counted by the
// store) and records what the phase asks for. When an author's recent
// rejection rate reaches the threshold, the finding "rejection_rate" holds
// the comment and TrustVerdict::record_auto_premoderation asks the caller to
// record an automatic pre-moderation on the author's history (an
// Enforcement kPremod with automated = true), so that the author is told
// and can appeal, and moderators see it; from then on the author arrives
// with premoderated_by_enforcement set and is not recorded twice.
#pragma once

#include <cstdint>
#include <vector>

#include "core/domain.hpp"
#include "core/time.hpp"
#include "moderation/finding.hpp"

namespace townhall::moderation {

struct TrustPolicy {
  // The site's pre-moderation mode (SiteSettings::premoderation).
  core::Premoderation premoderation = core::Premoderation::kOff;
  // A commenter is new until this many of their comments on the site were
  // approved (or published and left standing; the caller counts). With
  // kNewCommenters their comments are held meanwhile; LinkMode::
  // kHoldNewCommenters holds their links. One matches the site setting's
  // promise "hold comments of readers with no approved comment yet".
  std::int64_t new_commenter_approvals = 1;
  // Recent rejections at or above this share of recent decisions hold the
  // author's comments and ask for an automatic pre-moderation. 30 %: a
  // reader who breaks the rules in three comments out of ten is not having
  // a bad day; a regular reader is rarely above a few percent.
  double rejection_rate_threshold = 0.3;
  // Fewer decided comments than this are no record: 1 rejected of 1 (or 2
  // of 4) is a bad day, not a pattern.
  std::int64_t rejection_min_decided = 5;
  // The window the caller counts decided and rejected comments over.
  core::Millis rejection_window = 7 * core::kMillisPerDay;
};

// The author's record, as the caller counted it.
struct TrustFacts {
  std::int64_t approved_comments = 0;        // on the site, ever
  std::int64_t decided_recently = 0;         // approved or rejected within rejection_window
  std::int64_t rejected_recently = 0;        // of those, rejected
  bool premoderated_by_enforcement = false;  // an active kPremod enforcement (manual or automatic)
  bool story_premoderated = false;           // Story::premoderated
};

struct TrustVerdict {
  // Whichever apply, in this order:
  //   "premoderation"   the author is pre-moderated (enforcement)
  //   "rejection_rate"  "4 of 10 comments decided in the last 7 days were rejected (40 %)"
  //   "premoderation"   the story is pre-moderated
  //   "premoderation"   the site pre-moderates every comment
  //   "new_commenter"   the site pre-moderates new commenters
  std::vector<Finding> findings;
  // The caller should record an automatic pre-moderation of the author.
  bool record_auto_premoderation = false;
};

// Whether the author is still a new commenter under `policy`.
bool is_new_commenter(const TrustPolicy& policy, std::int64_t approved_comments);

TrustVerdict check_trust(const TrustPolicy& policy, const TrustFacts& facts);

}  // namespace townhall::moderation
