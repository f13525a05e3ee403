// The domain: sites, stories, users, sessions and comments as plain structs.
//
// These types cross every layer (store, moderation, render, api) and so hold
// no behaviour beyond naming their enums; no backend or HTTP type appears here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"

namespace townhall::core {

// ---- Sites ----------------------------------------------------------------

// Which new comments a site holds for review before anyone sees them.
enum class Premoderation {
  kOff,            // publish unless a check holds it
  kNewCommenters,  // hold comments of readers with no approved comment yet
  kAll,            // hold every comment
};

std::string_view premoderation_name(Premoderation mode);
std::optional<Premoderation> parse_premoderation(std::string_view name);

// What the links check does with a comment that links somewhere.
enum class LinkPolicy {
  kAllow,              // links are fine (deny list and max_links still apply)
  kHold,               // hold every comment with a link not on the allow list
  kHoldNewCommenters,  // hold those of readers who are still new commenters
};

std::string_view link_policy_name(LinkPolicy policy);
std::optional<LinkPolicy> parse_link_policy(std::string_view name);

struct SiteSettings {
  // How long after posting an author may still edit a comment.
  std::int64_t edit_window_seconds = 300;
  // Longest comment body accepted, in Unicode code points.
  std::int64_t max_body_chars = 5000;
  // Stories stop accepting comments this many days after they were first
  // seen; 0 keeps them open until closed by hand.
  std::int64_t auto_close_days = 0;
  // Open reports on a comment whose weights sum to this hide it until a
  // moderator decides (docs/moderation.md, "Report weights"). A reporter
  // with no track record weighs 1.
  double report_threshold = 3;
  Premoderation premoderation = Premoderation::kOff;

  // ---- Automatic checks (docs/moderation.md, "Automatic checks") ----
  // Established readers cite sources freely; the accounts spammers create
  // are new, so by default only their links wait for a moderator.
  LinkPolicy links = LinkPolicy::kHoldNewCommenters;
  // More links than this in one comment holds it: room for a couple of
  // sources, not for link spam.
  std::int64_t max_links = 3;
  // Lower-case host names; a domain covers its subdomains. Links to allowed
  // domains never count against the policy; links to denied ones hold.
  std::vector<std::string> link_allow_domains;
  std::vector<std::string> link_deny_domains;
  // A reader is a new commenter until this many of their comments on the
  // site were approved (Premoderation::kNewCommenters, links policy).
  std::int64_t new_commenter_approvals = 1;
  // When more than this share of a reader's comments decided in the last
  // rejection_window_days were rejected, they are pre-moderated
  // automatically (and it is recorded on their history).
  double rejection_rate_threshold = 0.3;
  std::int64_t rejection_window_days = 7;
  // Spam probability from which a comment is held (never rejected).
  double spam_threshold = 0.99;
};

// A publication ("The Millbrook Courier"). One install serves many.
struct Site {
  std::string id;  // short slug chosen by the admin: [a-z0-9-]{1,64}
  std::string name;
  // Origins ("https://news.example") whose pages may embed the discussion and
  // call the API from a browser; CORS answers only these.
  std::vector<std::string> allowed_origins;
  SiteSettings settings;
  Millis created_at = 0;
};

// ---- Stories --------------------------------------------------------------

// An article under which readers discuss. `key` is the publisher's own story
// identifier, unique within the site; `id` is Townhall's.
struct Story {
  Id id = 0;
  std::string site_id;
  std::string key;
  std::string title;
  std::string url;
  bool closed = false;        // closed by hand; see also SiteSettings::auto_close_days
  bool premoderated = false;  // every new comment is held for review
  Millis created_at = 0;
  std::int64_t comment_count = 0;   // publicly visible comments
  std::int64_t featured_count = 0;  // visible comments a moderator featured
};

struct NewStory {
  Id id = 0;  // assigned by the caller; used only if the story is created
  std::string site_id;
  std::string key;
  std::string title;
  std::string url;
  Millis created_at = 0;
};

struct StoryUpdate {
  std::optional<std::string> title;
  std::optional<std::string> url;
  std::optional<bool> closed;
  std::optional<bool> premoderated;
};

// ---- Users and sessions ---------------------------------------------------

enum class Role { kCommenter, kStaff, kModerator, kAdmin };

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

struct User {
  Id id = 0;
  std::string email;  // stored lower-cased
  std::string name;   // display name shown beside comments
  Role role = Role::kCommenter;
  Millis created_at = 0;
  // For moderators: the sites they moderate; empty means every site.
  std::vector<std::string> moderated_sites;
};

struct NewUser {
  Id id = 0;
  std::string email;
  std::string name;
  std::string password_hash;  // Argon2id string from libsodium; never the password
  Role role = Role::kCommenter;
  Millis created_at = 0;
};

// What sign-in needs: the user and the stored password hash.
struct Credentials {
  User user;
  std::string password_hash;
};

// A bearer-token session. Only the hash of the token is ever stored.
struct NewSession {
  std::string token_hash;  // 32 raw bytes (SHA-256 of the token)
  Id user_id = 0;
  Millis created_at = 0;
  Millis expires_at = 0;
};

// ---- Comments -------------------------------------------------------------

enum class CommentStatus {
  kPublished,  // visible, not yet reviewed by a moderator
  kPending,    // held for review; visible only to its author
  kApproved,   // visible, reviewed
  kRejected,   // removed by a moderator or an automatic check
  kDeleted,    // removed by its author; a placeholder stays if it has replies
};

std::string_view status_name(CommentStatus status);
std::optional<CommentStatus> parse_status(std::string_view name);
// Whether other readers see the comment's text in the public thread.
constexpr bool is_publicly_visible(CommentStatus s) {
  return s == CommentStatus::kPublished || s == CommentStatus::kApproved;
}

struct Comment {
  Id id = 0;
  Id story_id = 0;
  std::string site_id;
  std::optional<Id> parent_id;  // nullopt for a top-level comment
  Id root_id = 0;               // the top-level ancestor (itself at top level)
  int depth = 0;                // 0 at top level
  Id author_id = 0;
  std::string author_name;
  std::string body_markdown;
  std::string body_html;  // rendered once at write time; safe to embed
  CommentStatus status = CommentStatus::kPublished;
  std::string status_reason;  // machine-readable, empty when none
  Millis created_at = 0;
  std::optional<Millis> edited_at;
  std::int64_t reaction_count = 0;
  std::int64_t reply_count = 0;  // publicly visible direct replies
  bool featured = false;
  // Open (undecided) reports and the sum of their weights.
  std::int64_t open_reports = 0;
  double report_weight = 0;
};

// Why an automatic step held, rejected or flagged a comment: kept with the
// comment (every new and edited text) and shown on the moderator's card.
struct AutomatedReason {
  std::string phase;          // "reports", "word_lists", "links", "floods", "spam", "trust"
  std::string code;           // "reported", "suspect_words", "premoderation", ...
  std::string action;         // "publish" (flag only), "hold" or "reject"
  std::string message;        // for the moderator
  std::string evidence_json;  // a JSON array, "[]" when none
  Millis at = 0;
};

// When the pipeline held or rejected a comment: what the store records for
// it in the same transaction (the audit entry and, for a rejection, the
// author's statement of reasons).
struct AutomatedOutcome {
  Id audit_id = 0;
  Id notification_id = 0;
  Millis appeal_deadline = 0;
  std::string explanation;  // for the author and the audit log
};

struct NewComment {
  Id id = 0;
  Id story_id = 0;
  std::optional<Id> parent_id;
  Id author_id = 0;
  std::string body_markdown;
  std::string body_html;
  CommentStatus status = CommentStatus::kPublished;
  std::string status_reason;
  Millis created_at = 0;
  std::vector<AutomatedReason> reasons;       // what the pipeline found, kept for moderators
  std::optional<AutomatedOutcome> automated;  // set when status is not published
};

struct CommentEdit {
  std::string body_markdown;
  std::string body_html;
  Millis edited_at = 0;
  // The status after the edit (an edit may be held for review again).
  CommentStatus status = CommentStatus::kPublished;
  std::string status_reason;
  std::vector<AutomatedReason> reasons;
  std::optional<AutomatedOutcome> automated;  // set when the edit is held or rejected
};

struct CommentRevision {
  Id comment_id = 0;
  int revision = 0;  // 1 for the original text
  std::string body_markdown;
  Millis created_at = 0;
};

// Who or what changed a comment's status and why; every change is recorded.
struct StatusChange {
  CommentStatus to = CommentStatus::kPublished;
  std::optional<Id> actor_id;  // nullopt when automation decided
  std::string reason;          // machine-readable ("author_deleted")
  Millis at = 0;
};

// ---- Thread reading -------------------------------------------------------

enum class ThreadSort { kNewest, kOldest, kReactions, kReplies };

std::string_view sort_name(ThreadSort sort);
std::optional<ThreadSort> parse_sort(std::string_view name);

// Position in a sorted list of top-level comments: the sort key of the last
// comment seen (a count for kReactions/kReplies, unused otherwise) and its id.
struct PageKey {
  std::int64_t count = 0;
  Id id = 0;
};

struct ThreadQuery {
  Id story_id = 0;
  ThreadSort sort = ThreadSort::kNewest;
  int limit = 20;                  // top-level comments per page
  std::optional<PageKey> after;    // nullopt for the first page
  int max_replies_per_root = 100;  // replies loaded under each top-level comment
  // Only the featured comments, any depth, most recently featured first,
  // without replies (the widget's Featured tab). `sort` is ignored.
  bool featured_only = false;
};

// A page of the public thread: top-level comments in sort order and, for
// each, its replies (all depths, oldest first). Hidden comments are left out,
// except deleted ones that still have visible replies (shown as placeholders).
struct ThreadPage {
  std::vector<Comment> top_level;
  std::vector<std::vector<Comment>> replies;  // parallel to top_level
  std::vector<bool> replies_truncated;        // parallel to top_level
  std::optional<PageKey> next;                // nullopt on the last page
};

struct ReactionResult {
  bool reacted = false;
  std::int64_t reaction_count = 0;
};

struct StoryCount {
  std::string key;
  std::int64_t comment_count = 0;
};

}  // namespace townhall::core
