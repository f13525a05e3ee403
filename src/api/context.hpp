// What every handler group shares. Private to api/.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "api/api.hpp"
#include "api/router.hpp"
#include "api/session_cache.hpp"
#include "api/site_directory.hpp"
#include "api/site_policies.hpp"
#include "api/story_ids.hpp"
#include "api/thread_cache.hpp"
#include "api/throttle.hpp"
#include "core/domain.hpp"
#include "core/moderation.hpp"
#include "core/result.hpp"
#include "http/message.hpp"
#include "live/stream_hub.hpp"
#include "moderation/pipeline.hpp"

namespace townhall::api {

struct Context {
  Context(const ApiOptions& options, store::Store& store, live::EventBus& bus, core::IdGenerator& ids);

  const ApiOptions options;
  store::Store& store;
  live::EventBus& bus;
  core::IdGenerator& ids;
  ThreadCache thread_cache;
  SiteDirectory sites;
  SessionCache sessions;
  StoryIds story_ids;
  Throttle signups_by_address;
  Throttle signin_failures_by_account;
  Throttle signin_failures_by_address;
  Throttle reports_by_reader;  // keyed by user id, or by address when signed out
  SitePolicies policies;
  moderation::Pipeline pipeline;
  // Last: it renders events through the members above until destroyed.
  live::StreamHub streams;

  // The signed-in user: 401 "missing_token", "invalid_token", "token_expired".
  core::Result<core::User> authenticate(const http::Request& request);
  // Publishes an event about a story; its cached pages drop on the bus.
  void story_changed(live::EventKind kind, const std::string& site_id, core::Id story_id, core::Id comment_id);
};

// A comment's text about to be stored, and what the automatic checks need.
struct CommentToCheck {
  const core::User& author;
  const core::Site& site;
  const core::Story& story;
  const core::AuthorRecord& record;  // from author_record() below
  std::string_view body_markdown;
  core::Id comment_id = 0;  // the new comment's id, or the edited one's
  bool is_edit = false;
  std::string_view address;  // the client's network address
  core::Millis now = 0;
};

struct CheckedComment {
  core::CommentStatus status = core::CommentStatus::kPublished;
  std::string status_reason;
  std::vector<core::AutomatedReason> reasons;  // for the moderator's card
  // When held or rejected: the audit entry and statement to record with it.
  std::optional<core::AutomatedOutcome> outcome;
};

// A new comment about to be stored, and what its checks need first.
struct NewCommentToCheck {
  const core::User& author;
  std::shared_ptr<const core::Site> site;  // kept by the gate, which runs later
  core::Id story_id = 0;
  std::optional<core::Id> parent_id;
  std::string_view body_markdown;
  core::Id comment_id = 0;
  std::string_view address;  // the client's network address
  core::Millis now = 0;
};

// The automatic checks on a new comment, in the two steps of
// moderation::Pipeline (comment_checks.cpp): gate_new_comment() checks the
// text at once and sets up the gate that finishes in the transaction that
// stores the comment, with the author's record and the story as stored
// then. The gate refuses a restricted author (refused_for is set; answer
// with the restriction), a closed story (403 "story_closed") and a reply to
// a comment readers cannot see (404 "parent_not_found"); otherwise it sets
// the status, the reasons and the automated outcome, and records the
// automatic pre-moderation of the author the trust phase asks for.
struct NewCommentGate {
  store::CommentGate gate;
  // Set by the gate when it runs:
  std::optional<core::Standing> refused_for;  // the restriction that refused the author
};

// REQUIRES: `gate` lives until the store has run `gate.gate.decide`, which
// records a refusal in it (post_comment keeps it in the store's callback).
core::Status gate_new_comment(Context& context, const NewCommentToCheck& comment, NewCommentGate& gate);

// What the checks need to know of the author on the site, with their
// active restriction, in one store read (comment_checks.cpp).
core::Result<core::AuthorRecord> author_record(Context& context, const core::User& author, const core::Site& site,
                                               core::Millis now);

// Runs the automatic checks (comment_checks.cpp). An author whose rejection
// rate calls for it is pre-moderated automatically, on their history.
core::Result<CheckedComment> check_comment(Context& context, const CommentToCheck& comment);

// Whether the story takes comments: not closed by hand, not past the site's
// auto-close age.
bool story_open(const core::Story& story, const core::Site& site, core::Millis now);

// The site's rules in order, archived ones after when asked for. A site with
// no rules at all gets the default rules (moderation/default_rules.hpp)
// first. Does not check that the site exists.
core::Result<std::vector<core::Rule>> site_rules(Context& context, std::string_view site_id, bool include_archived);

// The comment whose id is `id_text`: 404 "comment_not_found" when the id is
// malformed or unknown (whatever the comment's status).
core::Result<core::Comment> find_comment(Context& context, std::string_view id_text);

// 403 "insufficient_role" unless the user has at least `minimum`.
core::Status require_role(const core::User& user, core::Role minimum);

// The data of a live event as readers' streams carry it (docs/api.md,
// "Live events"), or nullopt when readers are not told (a held comment).
std::optional<std::string> render_live_event(Context& context, const live::Event& event);

// Route registration, one function per resource group.
void add_comment_routes(Router& router, Context& context);
void add_account_routes(Router& router, Context& context);
void add_admin_routes(Router& router, Context& context);
// Readers' side of moderation: rules, reports, illegal-content notices,
// notifications, warnings and appeals (community_handlers.cpp).
void add_community_routes(Router& router, Context& context);
// Moderators' side: queues, decisions, users, enforcement, audit, appeals,
// notices, transparency (moderation_handlers.cpp).
void add_moderation_routes(Router& router, Context& context);
void add_page_routes(Router& router, Context& context);
void add_live_routes(Router& router, Context& context);
void add_asset_routes(Router& router, Context& context);

}  // namespace townhall::api
