// SpamModel: an explainable, per-site spam classifier for comments.
//
// A multinomial naive Bayes model over the features of spam_tokenizer.hpp,
// each feature counted once per comment (so repeating a word does not make a
// comment spammier, and padding with ham words costs the spammer as much as
// it gains). It learns incrementally from moderators' decisions: a comment
// rejected as spam is a spam example, an approved one a ham example; a
// reversed decision is undone with untrain(). Every site starts from the seed
// model trained on the SpamAssassin public corpus (moderation/seed/).
//
// The score explains itself: a comment's log-odds are the prior plus one
// log-likelihood ratio per known feature, and the features that weighed most
// are reported with the text they came from. A high score holds a comment for
// a moderator (Action::kHold); it never rejects on its own.
//
// Memory is bounded: the vocabulary holds at most options.max_vocabulary
// features. Past that, training prunes the rarest features (those seen in
// the fewest comments) down to 90 % of the cap. Each feature costs about 80
// bytes, so the default cap of 200,000 bounds a site's model near 16 MB in
// memory; the serialized form is a few bytes per feature.
//
// Thread-safety: a SpamModel is internally synchronized with a
// reader-writer lock. score(), check() and serialize() take it shared, so
// any number of threads score at once; train(), untrain() and deserialize()
// take it exclusively for the few microseconds a comment's counts take to
// update. Tokenizing happens outside the lock. Typical use: one SpamModel
// per site, owned by the site registry, scored from every request thread and
// trained from the single writer that records moderation decisions. The
// lock may prefer readers (glibc's does), so under a constant stream of
// scores a train() can wait; training is never on a reader's path, and
// serialize() for the database is best called from the writer itself.
// Scoring reuses per-thread scratch buffers: it allocates only for the few
// strings of its explanation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "moderation/finding.hpp"

namespace townhall::moderation {

struct SpamOptions {
  // A comment whose spam probability is at least this is held for review.
  // Chosen on the SpamAssassin evaluation (tests/moderation/
  // spam_evaluation_test.cpp, 80/20 split): at 0.99 about 0.25-0.4 % of ham
  // is held and 98-99 % of messages are classified right (95-97 % of spam
  // held); 0.5 holds ~0.5-0.8 % of ham for 1-2 points more spam recall.
  // Naive Bayes probabilities are extreme, so most spam scores above 0.999
  // and the threshold matters less than its looks suggest.
  double hold_threshold = 0.99;

  // Upper bound on the number of distinct features; see the header comment.
  std::size_t max_vocabulary = 200'000;

  // Only the first max_text_bytes of a text are scored or learned; the rest
  // of an enormous text adds nothing a moderator needs to see.
  std::size_t max_text_bytes = std::size_t{64} * 1024;

  // Additive (Lidstone) smoothing of every feature count: larger values
  // trust rare features less. 0.1 beat 1.0 (Laplace) by half a point of
  // accuracy on the evaluation, and lets a site's model learn a new spam
  // word from a few rejections.
  double smoothing = 0.1;

  // How many features explain a score (Finding evidence, SpamScore).
  std::size_t explanation_size = 5;
};

// One feature's part in a score.
struct TokenWeight {
  std::string token;      // the feature key: "viagra", "url:cheap.example"
  std::string text;       // the text it came from, as written
  std::size_t begin = 0;  // byte span of `text` in the scored text
  std::size_t end = 0;
  double weight = 0;  // log P(feature | spam) - log P(feature | ham)
};

struct SpamScore {
  double probability = 0.5;  // P(spam | text), 0..1
  double log_odds = 0;       // log(probability / (1 - probability))
  // The features that pushed most towards spam, strongest first, at most
  // options.explanation_size of them (empty if none leaned towards spam).
  std::vector<TokenWeight> top_tokens;
};

// Counts a model holds, for metrics and tests.
struct SpamModelStats {
  std::uint64_t spam_examples = 0;
  std::uint64_t ham_examples = 0;
  std::size_t vocabulary = 0;
};

class SpamModel {
 public:
  explicit SpamModel(SpamOptions options = {});
  SpamModel(const SpamModel&) = delete;
  SpamModel& operator=(const SpamModel&) = delete;

  // Learns one example: `spam` true for a comment rejected as spam, false
  // for an approved one. Texts that yield no feature count as an example
  // all the same (they shift the prior).
  void train(std::string_view text, bool spam);

  // Forgets an example trained earlier with the same text and label (a
  // moderator reversed the decision). Counts never go below zero, so an
  // untrain without its train leaves the model unharmed but skewed.
  // REQUIRES: train(text, spam) happened before.
  void untrain(std::string_view text, bool spam);

  // The spam probability of `text` with the features that weighed most.
  // Any input is accepted: empty text and an untrained model score the
  // prior (0.5 when there are no examples); invalid UTF-8 bytes are
  // skipped; text past options.max_text_bytes is ignored.
  SpamScore score(std::string_view text) const;

  // The pipeline's spam phase: a Finding with Action::kHold, phase and code
  // "spam", a message naming the top features and their Evidence, when the
  // score reaches options.hold_threshold; nullopt otherwise.
  std::optional<Finding> check(std::string_view text) const;

  // A compact, versioned byte string of the counts (not the options), for
  // the site's row in the database. Deterministic: equal models give equal
  // bytes.
  std::string serialize() const;

  // Replaces the counts with those of `bytes` from serialize(). On error
  // (kInvalidArgument, code "bad_spam_model") the model is left unchanged.
  core::Status deserialize(std::string_view bytes);

  SpamModelStats stats() const;
  const SpamOptions& options() const { return options_; }

 private:
  struct Counts {
    std::uint32_t spam = 0;  // examples of each class that hold the feature
    std::uint32_t ham = 0;
  };
  struct KeyHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view key) const noexcept;
  };
  using Vocabulary = std::unordered_map<std::string, Counts, KeyHash, std::equal_to<>>;

  void update_locked(std::string_view text, bool spam, int delta);  // REQUIRES: mu_ held exclusively
  void prune_locked();                                              // REQUIRES: mu_ held exclusively

  const SpamOptions options_;
  mutable std::shared_mutex mu_;
  Vocabulary vocabulary_;            // GUARDED_BY(mu_)
  std::uint64_t spam_examples_ = 0;  // GUARDED_BY(mu_)
  std::uint64_t ham_examples_ = 0;   // GUARDED_BY(mu_)
  std::uint64_t spam_features_ = 0;  // GUARDED_BY(mu_): sum of Counts::spam
  std::uint64_t ham_features_ = 0;   // GUARDED_BY(mu_): sum of Counts::ham
};

// The Finding for a score at or above `threshold`, nullopt below it.
std::optional<Finding> spam_finding(const SpamScore& score, double threshold);

}  // namespace townhall::moderation
