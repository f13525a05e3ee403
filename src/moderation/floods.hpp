// The floods phase of the comment pipeline: posting budgets per account and
// per address, repeats of an author's recent comments, and bursts of new
// accounts on one story. Everything it finds is Action::kHold, phase
// "floods"; it never rejects, and it never answers 429 (the HTTP layer
// refuses obviously abusive request rates before the pipeline runs).
//
// Budgets (code "flood"). A token bucket per account and one per address:
// each new comment takes a token; a bucket refills one token every
// `refill_every` up to `capacity`. A comment that finds no token is held
// ("6th comment in 42 s from this account"), and it still drains the
// bucket, so that an author who keeps posting faster than the refill keeps
// being held instead of getting every n-th comment through.
//
// Repeats (code "repeat"). Each author's recent comments are kept as a
// fingerprint for `repeat_window`; a new or edited comment whose text is
// near-identical to another of them (any story) is held. Texts are compared
// as their word-list skeletons (moderation/normalizer.hpp: case, width,
// accents, confusable letters, leetspeak, stretched letters, punctuation and
// spacing do not matter), as sets of character 4-grams; near-identical means
// a Jaccard similarity of at least `repeat_similarity`, estimated from a
// bottom-k MinHash sketch of kSketchSize hashes (exact for skeletons under
// kSketchSize + 3 characters; ±0.03 around 0.9 for longer ones). Short
// texts are exempt: under `repeat_min_chars` letters and digits ("Agreed.",
// "Thank you", "+1"), or under `repeat_short_chars` and made only of common
// words ("Thank you so much!", "Great article, thanks"), repeating is what
// readers do. "cheap viagra here" (15 letters, two uncommon words) is not.
//
// Bursts (code "burst"). Per story, the comments of the last `burst_window`
// and their authors. When more than `burst_accounts` different accounts
// commented in that window, comments from accounts younger than
// `burst_young_account` are held: a brigade of fresh accounts waits for a
// moderator while regular readers of a busy story are not slowed down.
//
// Edits (PostFacts::is_edit) are checked for repeats against the author's
// other comments and replace the edited comment's fingerprint; they take no
// token and do not count towards bursts, because they add no comment.
//
// Memory is bounded: at most max_accounts, max_addresses and max_stories
// entries, each of bounded size (an account holds at most repeat_history
// fingerprints of ~300 bytes; a story at most burst_max_events events).
// When a table is full, entries idle past their usefulness go first, then
// the least recently seen eighth. Defaults bound the whole state near 60 MB
// at worst; a typical site uses a few MB.
//
// Time is passed in (`now`, Unix milliseconds), never read from a clock, so
// tests are deterministic. Calls may arrive slightly out of order from many
// threads; time never runs backwards for a bucket.
//
// Thread-safety: FloodGuard is internally synchronized (sharded mutexes; no
// call holds two locks at once); check() may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/id.hpp"
#include "core/time.hpp"
#include "moderation/finding.hpp"

namespace townhall::moderation {

struct TokenBucketOptions {
  std::int64_t capacity = 5;                                // comments in a quick row
  core::Millis refill_every = 20 * core::kMillisPerSecond;  // one more per interval
};

// Hashes in a repeat fingerprint: 64 give a Jaccard estimate within about
// ±0.03 near 0.9 for 256 bytes per comment.
inline constexpr std::size_t kSketchSize = 64;

struct FloodOptions {
  // An engaged reader answering replies posts five comments in a minute or
  // two; a sustained rate above three a minute is a script or a tantrum.
  TokenBucketOptions account{5, 20 * core::kMillisPerSecond};
  // An address is shared by households, offices, schools and mobile
  // carriers' NAT, so it gets four times the account's room and rate.
  TokenBucketOptions address{20, 5 * core::kMillisPerSecond};

  // Repeats by one author count within a day, across all stories.
  core::Millis repeat_window = core::kMillisPerDay;
  // Jaccard similarity of 4-gram sets at or above which texts are repeats.
  // 0.85 catches a copy with punctuation, case, spacing or a word changed in
  // a comment of a few sentences; a genuinely new comment that shares a
  // stock phrase with an earlier one stays far below.
  double repeat_similarity = 0.85;
  // Letters and digits (of the skeleton) below which a text never repeats.
  std::size_t repeat_min_chars = 12;
  // Below this many, a text made only of common words never repeats.
  std::size_t repeat_short_chars = 40;
  // Fingerprints kept per author (the most recent).
  std::size_t repeat_history = 8;

  // A story with comments from more than burst_accounts accounts within
  // burst_window is under a burst; 20 a minute is far above a local paper's
  // busiest story and typical of a brigade.
  core::Millis burst_window = core::kMillisPerMinute;
  std::size_t burst_accounts = 20;
  // Accounts younger than this are held during a burst.
  core::Millis burst_young_account = 3 * core::kMillisPerDay;
  std::size_t burst_max_events = 256;  // per story; more than burst_accounts

  // Table sizes; see the memory note above.
  std::size_t max_accounts = 20'000;
  std::size_t max_addresses = 20'000;
  std::size_t max_stories = 5'000;
};

// What the floods phase needs to know about one post.
struct PostFacts {
  core::Id author_id = 0;
  std::string_view address;  // the client's address; empty: no address budget
  core::Id story_id = 0;
  core::Id comment_id = 0;  // identifies the comment an edit replaces
  core::Millis account_created_at = 0;
  std::string_view body;  // the Markdown source
  bool is_edit = false;
};

// Sizes of the tables, for metrics and tests.
struct FloodStats {
  std::size_t accounts = 0;
  std::size_t addresses = 0;
  std::size_t stories = 0;
  std::size_t fingerprints = 0;
};

class FloodGuard {
 public:
  explicit FloodGuard(FloodOptions options = {});
  ~FloodGuard();
  FloodGuard(const FloodGuard&) = delete;
  FloodGuard& operator=(const FloodGuard&) = delete;

  // Checks one post and records it (takes tokens, remembers the
  // fingerprint, counts it towards the story's burst), in this order of
  // findings: "flood" (account, then address), "repeat", "burst". Empty
  // when nothing is held.
  std::vector<Finding> check(const PostFacts& post, core::Millis now);

  FloodStats stats() const;
  const FloodOptions& options() const { return options_; }

 private:
  struct Impl;
  const FloodOptions options_;
  std::unique_ptr<Impl> impl_;
};

// A text's repeat fingerprint, exposed for tests: nullopt when the text is
// exempt (too short, or short and only common words).
struct Fingerprint {
  std::vector<std::uint32_t> sketch;  // the smallest 4-gram hashes, ascending, at most kSketchSize
  std::size_t chars = 0;              // letters and digits of the skeleton
};
std::optional<Fingerprint> repeat_fingerprint(std::string_view body, const FloodOptions& options);

// Estimated Jaccard similarity of the 4-gram sets behind two sketches.
double sketch_similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);

}  // namespace townhall::moderation
