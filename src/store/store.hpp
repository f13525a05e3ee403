// Store: everything Townhall keeps, in domain terms.
//
// The interface knows nothing of SQL or of any backend; `main` picks the
// implementation (store/sqlite today, store/postgres later) and both must pass
// tests/store/store_contract.hpp.
//
// Thread safety: every method may be called from any thread concurrently.
// Durability: when a mutating method returns ok, the change is durable (it
// survives kill -9 of the process and, with the backend's default settings, a
// power cut). Implementations batch concurrent writes into shared
// transactions (group commit) to make this cheap.
//
// Errors: NotFound for unknown ids, Conflict for uniqueness violations,
// Unprocessable for violated domain constraints (e.g. a parent in another
// story), Internal for I/O failures. Methods never throw.
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.hpp"
#include "core/result.hpp"
#include "store/moderation_store.hpp"

namespace townhall::store {

using core::Id;
using core::Result;
using core::Status;

// What the transaction storing a new comment read, for the checks that
// must see it as stored: the story (closed? pre-moderated?), the author's
// record on the site and a reply's parent.
struct PostingContext {
  const core::Story& story;
  const core::AuthorRecord& author;
  std::optional<core::CommentStatus> parent_status;  // set for a reply
};

// What the gate decided, written with the comment.
struct PostingDecision {
  core::NewComment& comment;  // status, status reason, reasons, automated outcome
  // A restriction to record on the author in the same transaction: the
  // automatic pre-moderation the trust phase asks for.
  std::optional<core::NewEnforcement> author_restriction;
};

// The last word on a new comment, said inside the transaction that stores
// it, so that what it reads cannot change before the comment is written (a
// ban or a closed story cannot slip between check and write), and so that
// posting reads nothing through a separate connection.
struct CommentGate {
  // How the author's record is counted: as ModerationStore::author_record().
  core::Millis now = 0;
  core::Millis since = 0;
  std::int64_t enough_standing = 0;
  // Decides, or refuses with an error that create_comment() returns as is.
  // Runs on the store's writer, once: it must be quick, must not call the
  // store, and must not throw.
  std::function<Status(const PostingContext&, PostingDecision&)> decide;
};

class Store : public ModerationStore {
 public:
  ~Store() override = default;

  // ---- Sites ----
  // Conflict ("site_exists") if the id is taken.
  virtual Result<core::Site> create_site(const core::Site& site) = 0;
  virtual Result<core::Site> get_site(std::string_view site_id) = 0;
  virtual Result<std::vector<core::Site>> list_sites() = 0;
  // Replaces name, origins and settings. NotFound if absent.
  virtual Result<core::Site> update_site(const core::Site& site) = 0;

  // ---- Stories ----
  virtual Result<core::Story> get_story(std::string_view site_id, std::string_view key) = 0;
  virtual Result<core::Story> get_story_by_id(Id story_id) = 0;
  // Returns the story (site_id, key) if it exists, unchanged; otherwise
  // creates it from `story`. NotFound ("site_not_found") if the site is absent.
  virtual Result<core::Story> ensure_story(const core::NewStory& story) = 0;
  virtual Result<core::Story> update_story(Id story_id, const core::StoryUpdate& update) = 0;
  // Counts for the given keys; unknown keys are reported with 0.
  virtual Result<std::vector<core::StoryCount>> comment_counts(std::string_view site_id,
                                                               const std::vector<std::string>& keys) = 0;

  // ---- Users ----
  // Conflict ("email_taken") if the email is registered (case-insensitively).
  virtual Result<core::User> create_user(const core::NewUser& user) = 0;
  virtual Result<core::User> get_user(Id user_id) = 0;
  // NotFound if no user has this email (compared lower-cased).
  virtual Result<core::Credentials> find_credentials(std::string_view email) = 0;
  virtual Status set_role(Id user_id, core::Role role) = 0;
  virtual Status set_password_hash(Id user_id, std::string_view password_hash) = 0;

  // ---- Sessions ----
  virtual Status create_session(const core::NewSession& session) = 0;
  // The user of an unexpired session; Unauthenticated ("invalid_token") if
  // the hash is unknown, ("token_expired") if it expired before `now`.
  virtual Result<core::User> session_user(std::string_view token_hash, core::Millis now) = 0;
  // Idempotent: deleting an unknown session succeeds.
  virtual Status delete_session(std::string_view token_hash) = 0;

  // ---- Comments ----
  // Stores a new comment and updates the parent's and story's counters in
  // the same transaction. NotFound if the story, parent or author is
  // absent; Unprocessable ("parent_in_other_story") if the parent belongs to
  // another story. Returns the stored comment (root_id, depth, author_name
  // filled in).
  Result<core::Comment> create_comment(const core::NewComment& comment, CommentGate gate = {});
  // The same without waiting: `done` gets the result once the comment is
  // durable (or refused), on a thread of the store's that answers writes
  // one after another: it must be quick, must not throw and must not wait
  // for the store. Posting uses this, so that no thread waits for a commit.
  virtual void submit_comment(core::NewComment comment, CommentGate gate,
                              std::function<void(Result<core::Comment>)> done) = 0;
  virtual Result<core::Comment> get_comment(Id comment_id) = 0;
  // Replaces the body, keeps the previous text as a revision, sets
  // edited_at and the new status (adjusting counters if visibility changes).
  virtual Result<core::Comment> edit_comment(Id comment_id, const core::CommentEdit& edit) = 0;
  // Changes the status, records the change, adjusts counters.
  virtual Result<core::Comment> set_comment_status(Id comment_id, const core::StatusChange& change) = 0;
  // Oldest first; revision 1 is the original text.
  virtual Result<std::vector<core::CommentRevision>> comment_revisions(Id comment_id) = 0;
  virtual Result<core::ThreadPage> read_thread(const core::ThreadQuery& query) = 0;
  // Adds (on = true) or removes the user's reaction; idempotent either way.
  virtual Result<core::ReactionResult> set_reaction(Id comment_id, Id user_id, bool on, core::Millis at) = 0;
  // Whether `user_id` reacted to each of `comment_ids` (for the `me` view).
  virtual Result<std::vector<Id>> reacted_comments(Id user_id, const std::vector<Id>& comment_ids) = 0;
  // Every comment of the story the user reacted to, oldest first.
  virtual Result<std::vector<Id>> reactions_in_story(Id user_id, Id story_id) = 0;
  // The user's own comments in the story that others cannot see (pending or
  // rejected), newest first, at most `limit`: the author still sees them,
  // with the reason, in the widget.
  virtual Result<std::vector<core::Comment>> own_hidden_comments(Id user_id, Id story_id, int limit) = 0;

  // ---- Operations ----
  // Writes a consistent copy of the whole store to `path` while serving.
  virtual Status backup(const std::string& path) = 0;
};

inline Result<core::Comment> Store::create_comment(const core::NewComment& comment, CommentGate gate) {
  // Shared with the callback, so it lives until set_value() has returned.
  auto promise = std::make_shared<std::promise<Result<core::Comment>>>();
  auto stored = promise->get_future();
  submit_comment(comment, std::move(gate),
                 [promise](Result<core::Comment> result) { promise->set_value(std::move(result)); });
  return stored.get();
}

}  // namespace townhall::store
