// A site's word list (banned phrases, which reject a comment, or suspect
// phrases, which hold it for a moderator), compiled into one automaton that
// finds the phrases in a comment however the author disguised them.
//
// Phrase syntax (one phrase per line in the admin's text form):
//
//   phrase                      the phrase as whole words: "cunt" hits "Cunt",
//                               "cunt's", "c.u.n.t", "ｃｕｎｔ", but neither
//                               "cunts" (list it, or write "cunt*") nor
//                               "Scunthorpe"
//   phrase*                     also as the start of a word: "fuck*" hits
//                               "fucking", "fuckwit"
//   *phrase                     also as the end of a word: "*fucker" hits
//                               "motherfucker"
//   *phrase*                    anywhere, even inside a word
//   phrase | allow1, allow2     hits inside a text word or phrase listed after
//                               the bar are ignored: "cock* | cockpit*,
//                               cocktail*" (allow entries use the same syntax)
//   # comment                   blank lines and lines starting with '#' are
//                               skipped
//
// A '*' anywhere but at the start or end of a phrase is an error. Spaces in a
// phrase match any gap between words or none at all: "dick head" hits "dick
// head", "dick-head", "dickhead" and "d i c k h e a d". Both sides are
// compared as their matching skeleton (see normalizer.hpp): case, width,
// diacritics, confusable letters, leetspeak, stretched letters ("fuuuck"),
// separators between single letters and invisible characters do not matter.
// A letter repeated three or more times matches a phrase's single or double
// letter; repeated exactly twice it matches only a double letter, so "hoo"
// does not hit "ho" and "shiitake" does not hit "shit".
//
// Besides the per-phrase allow list, every list carries a built-in allow list
// of ordinary words that contain common offensive stems (Scunthorpe,
// Penistone, Middlesex, Sussex, classic, assessment, cocktail, Dickens, ...);
// see builtin_allow_list(). An allow entry suppresses a hit when its
// occurrence (a partial-word entry taken to the ends of its text word) covers
// the hit, unless the entry spells the phrase itself: listing "scunthorpe" as
// a phrase still hits.
//
// Phrases that reduce to the same skeleton are merged: the first names the
// hits and their allow lists are combined.
//
// A compiled WordList is immutable; find() may be called from any number of
// threads at once. Share it as std::shared_ptr<const WordList> and replace the
// pointer when the list changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "moderation/finding.hpp"

namespace townhall::moderation {

struct SkeletonRun;  // moderation/normalizer.hpp

struct PhraseEntry {
  std::string phrase;              // in the syntax above, e.g. "fuck*"
  std::vector<std::string> allow;  // allow entries for this phrase, same syntax
};

// Limits on what compile() accepts; larger inputs get "invalid_phrase" or
// "word_list_too_large" errors.
inline constexpr std::size_t kMaxPhrases = 10'000;
inline constexpr std::size_t kMaxAllowPerPhrase = 100;
inline constexpr std::size_t kMaxPhraseBytes = 200;  // per phrase or allow entry, before trimming
// find() reports at most this many matches, the earliest first.
inline constexpr std::size_t kMaxMatches = 100;

struct Match {
  std::size_t phrase = 0;  // index into WordList::entries()
  std::size_t begin = 0;   // byte offsets into the body that was searched; a
  std::size_t end = 0;     // partial-word phrase spans its whole text word
};

class WordList {
 public:
  // An empty list: find() never matches.
  WordList();

  // Validates and compiles the entries. Errors (kind kInvalidArgument):
  //   "invalid_phrase"       an entry or allow entry that is invalid UTF-8,
  //                          empty, longer than kMaxPhraseBytes, has a '*'
  //                          inside it or nothing to match (no letters or
  //                          digits); the message names the entry
  //   "too_many_phrases"     more than kMaxPhrases entries or more than
  //                          kMaxAllowPerPhrase allow entries for one phrase
  //   "word_list_too_large"  the automaton would exceed its memory budget
  static core::Result<WordList> compile(std::vector<PhraseEntry> entries);

  // Every phrase hit in `body`, sorted by begin offset (then by phrase), at
  // most kMaxMatches. Bytes that are not valid UTF-8 count as punctuation.
  std::vector<Match> find(std::string_view body) const;

  // True if find(body) would not be empty; stops at the first hit.
  bool contains_match(std::string_view body) const;

  // The entries as given to compile() (trimmed), in order.
  const std::vector<PhraseEntry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  class Builder;

  // A phrase, an alternative spelling of one (its words joined), or an allow
  // entry, as runs of the skeleton.
  struct Pattern {
    std::vector<std::uint32_t> counts;  // of each run, after the symbol
    bool word_start = true;             // must begin at a word boundary
    bool word_end = true;               // must end at a word boundary
    std::size_t owner = 0;              // phrase index; kBuiltinOwner for built-in allows
    std::uint64_t skeleton_hash = 0;    // of symbols and counts: tells a phrase from an equal allow entry
  };

  struct Hit {
    std::size_t pattern;
    std::size_t first;  // first and last run of the hit
    std::size_t last;
  };

  static constexpr std::size_t kAsciiAlphabet = 128;
  static constexpr std::size_t kBuiltinOwner = SIZE_MAX;

  // Aho–Corasick over skeleton symbols, as a full transition table.
  struct Automaton {
    std::vector<Pattern> patterns;
    std::unordered_map<char32_t, std::uint32_t> wide_alphabet;  // symbols outside ASCII
    std::vector<std::uint32_t> ascii_alphabet;                  // symbol id per ASCII code
    std::uint32_t alphabet_size = 1;                            // id 0: a symbol in no pattern
    std::vector<std::uint32_t> next;                            // state * alphabet_size + id
    std::vector<std::uint32_t> output_begin;                    // per state, into outputs
    std::vector<std::uint32_t> outputs;                         // pattern indexes

    std::uint32_t id(char32_t symbol) const;
    // Appends every pattern occurrence whose boundaries and counts fit.
    void scan(const std::vector<SkeletonRun>& runs, std::vector<Hit>& hits) const;
  };

  static Automaton compile_builtin_allows();
  static const Automaton& builtin_allows();  // built on first use, shared by every list

  std::vector<Match> search(std::string_view body, std::size_t limit) const;

  std::vector<PhraseEntry> entries_;
  Automaton phrases_;
  Automaton allows_;
};

// Built-in allow entries applied to every list (phrase syntax, e.g.
// "cocktail*"), so that common words and place names containing an offensive
// stem are not hit by partial-word phrases.
std::span<const std::string_view> builtin_allow_list();

// Parses the admin's text form (syntax above) into entries. Errors:
// "invalid_phrase" for a line with an empty phrase before '|' or invalid
// UTF-8; the message gives the line number. Validation of the phrases
// themselves happens in WordList::compile().
core::Result<std::vector<PhraseEntry>> parse_phrase_list(std::string_view text);

// One line of the text form: "phrase" or "phrase | allow1, allow2".
core::Result<PhraseEntry> parse_phrase_line(std::string_view line);

// The text form of one entry, as parse_phrase_line() reads it back.
std::string format_phrase_line(const PhraseEntry& entry);

// Which list a WordList is: banned phrases reject, suspect phrases hold.
enum class ListKind { kBanned, kSuspect };

// The finding of one list for a comment body, or nothing when no phrase hits.
// Banned: Action::kReject, code "banned_words"; suspect: Action::kHold, code
// "suspect_words"; phase "word_lists". One piece of evidence per match
// (label: the phrase, text: the original text), and a message for the
// moderator such as "suspect phrase 'x' matched 'x.y'" (" and 2 more").
std::optional<Finding> check_word_list(const WordList& list, ListKind kind, std::string_view body);

}  // namespace townhall::moderation
