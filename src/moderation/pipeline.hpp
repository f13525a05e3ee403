// The automatic phases of the comment pipeline (docs: DESIGN.md, "Moderation
// model"), run on every new or edited comment after validation, the author's
// standing and the story's state, which the caller checks first:
//
//   floods      posting budgets, repeats, bursts          hold   (floods.hpp)
//   word lists  banned phrases                            reject (word_list.hpp)
//   word lists  suspect phrases                           hold
//   links       denied domains, link count, link policy   hold   (links.hpp)
//   spam        the site's spam model                     hold   (spam_classifier.hpp)
//   trust       pre-moderation: author, rejection rate,   hold   (trust.hpp)
//               story, site, new commenters
//
// Every phase runs, and every finding is kept for the moderator's card (a
// comment rejected for a banned phrase may also carry a spam finding). The
// verdict is the strongest action of all findings; its status reason is the
// code of the first finding, in the order above, with that action. Only
// banned phrases reject: automated steps never reject on a score or a count.
//
// Edits (CommentInput::is_edit) run every phase again, because the text is
// new and unreviewed, except that they take no posting budget and do not
// count towards a story's burst (they add no comment); their repeat
// fingerprint replaces the edited comment's. Staff (AuthorFacts::staff) skip
// the floods and trust phases: moderators and journalists answering readers
// are neither rate-limited nor pre-moderated; the content phases still run.
//
// Thread-safety: Pipeline is internally synchronized (FloodGuard); check()
// may be called from any thread. A SitePolicy is read-only during check()
// and may be shared; its WordLists and SpamModel are thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/id.hpp"
#include "core/time.hpp"
#include "moderation/finding.hpp"
#include "moderation/floods.hpp"
#include "moderation/links.hpp"
#include "moderation/trust.hpp"

namespace townhall::moderation {

class WordList;
class SpamModel;

// One site's automatic moderation settings, compiled. Build it when the
// site's settings change and share it (std::shared_ptr<const SitePolicy>).
struct SitePolicy {
  std::shared_ptr<const WordList> banned;   // null: no banned phrases
  std::shared_ptr<const WordList> suspect;  // null: no suspect phrases
  std::shared_ptr<const SpamModel> spam;    // null: no spam phase
  // Overrides the model's SpamOptions::hold_threshold when set.
  std::optional<double> spam_threshold;
  LinkPolicy links;
  TrustPolicy trust;
};

// What the caller knows about the author when the comment arrives.
struct AuthorFacts {
  core::Id author_id = 0;
  std::string address;  // the client's IP address; empty: no address budget
  core::Millis account_created_at = 0;
  std::int64_t approved_comments = 0;  // on the site, ever (TrustPolicy::new_commenter_approvals)
  std::int64_t decided_recently = 0;   // approved or rejected within TrustPolicy::rejection_window
  std::int64_t rejected_recently = 0;
  bool premoderated_by_enforcement = false;
  bool staff = false;  // a moderator, admin or staff member of the site
};

struct CommentInput {
  std::string_view body_markdown;
  // REQUIRES: unique per comment; an edit passes the edited comment's id.
  core::Id comment_id = 0;
  core::Id story_id = 0;
  bool story_premoderated = false;
  bool is_edit = false;
};

struct Verdict {
  Action action = Action::kPublish;
  std::vector<Finding> findings;  // every phase's, in pipeline order
  // The code of the finding that decided the action; empty when published.
  std::string status_reason;
  // The trust phase asks the caller to record an automatic pre-moderation
  // of the author (see trust.hpp).
  bool record_auto_premoderation = false;
};

// What the phases that read the text found: floods, word lists, the links
// in it and the spam score. The link policy for new commenters and the
// trust phase need the author's standing and the story's state, which
// Pipeline::decide() takes later.
struct ContentFindings {
  std::vector<Finding> findings;  // floods and word lists, in pipeline order
  std::vector<Link> links;        // every link in the text, for the links phase
  std::optional<Finding> spam;
};

class Pipeline {
 public:
  explicit Pipeline(FloodOptions floods = {});

  // Runs the automatic phases on one comment at `now` (Unix milliseconds)
  // and records it in the flood state. Never fails: any body is accepted.
  Verdict check(const SitePolicy& policy, const AuthorFacts& author, const CommentInput& comment, core::Millis now);

  // check() in two steps, for a caller that learns the author's standing
  // and the story's state only where it stores the comment (a new comment
  // does, in the transaction that writes it). check_content() does the
  // work on the text and records the comment in the flood state; it reads
  // only the author's identity (author_id, address, account_created_at,
  // staff) and the comment's ids. decide() is quick and reads the rest:
  // the author's record and CommentInput::story_premoderated.
  ContentFindings check_content(const SitePolicy& policy, const AuthorFacts& author, const CommentInput& comment,
                                core::Millis now);
  Verdict decide(const SitePolicy& policy, ContentFindings content, const AuthorFacts& author,
                 const CommentInput& comment) const;

  const FloodGuard& floods() const { return floods_; }

 private:
  FloodGuard floods_;
};

// "publish", "hold" or "reject".
std::string_view action_name(Action action);

// A finding as stored with the comment: the action's name and the evidence
// as a JSON array [{"label","text","begin","end","weight"}], "[]" when none.
core::AutomatedReason to_automated_reason(const Finding& finding, core::Millis at);

// Every finding of a verdict, in order.
std::vector<core::AutomatedReason> to_automated_reasons(const Verdict& verdict, core::Millis at);

}  // namespace townhall::moderation
