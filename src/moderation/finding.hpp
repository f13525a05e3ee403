// What an automatic check says about a comment: publish, hold or reject, a
// machine-readable code, a sentence for the moderator and the evidence.
//
// Every phase of the comment pipeline returns Findings; the pipeline keeps
// the strongest action and shows every finding on the moderator's card.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace townhall::moderation {

enum class Action { kPublish, kHold, kReject };

// One piece of evidence: what matched (a phrase, a token, a domain), the
// original text it matched and where, and how much it weighed.
struct Evidence {
  std::string label;      // the phrase, token or domain from the site's lists
  std::string text;       // the original text matched, as the author wrote it
  std::size_t begin = 0;  // byte offsets of `text` in the comment body
  std::size_t end = 0;    // (begin == end when the evidence has no span)
  double weight = 0;      // phase-specific: a token's log-likelihood ratio, a count
};

struct Finding {
  Action action = Action::kPublish;
  std::string phase;    // "word_lists", "links", "floods", "spam", "trust"
  std::string code;     // "banned_words", "suspect_words", "links", "spam", ...
  std::string message;  // for the moderator: "suspect phrase 'x' matched 'x.y'"
  std::vector<Evidence> evidence;
};

}  // namespace townhall::moderation
