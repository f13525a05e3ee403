// The matching skeleton of a text: what the word-list matcher compares, so
// that the evasions readers use to slip a word past a filter all reduce to the
// same sequence of symbols as the plain word.
//
// The text is decoded, and each code point becomes zero or more symbols:
//   - NFKC case folding (fullwidth and mathematical letters, ligatures, ß → ss),
//     then canonical decomposition with the combining marks dropped (é → e);
//   - a letter outside ASCII is replaced by its UTS #39 confusable skeleton when
//     that is ASCII (Cyrillic а → a, Greek ο → o, ø → o); ASCII itself is never
//     skeletonised, because UTS #39 maps "m" to "rn", which would equate
//     "corn" and "com";
//   - i and l become one symbol, written 'l' (I, l, 1, | and ! look alike);
//   - Default_Ignorable code points (zero-width spaces and joiners, soft
//     hyphens, variation selectors, tags) vanish without splitting a word.
// Words are maximal runs of letters, digits and leet symbols. Inside a word
// with a letter, or one containing @ or $, digits and leet symbols become the
// letters they imitate (0→o 1→l 3→e 4→a 5→s 7→t 8→b 9→g @→a $→s !→l |→l +→t
// #→h); ! and # at either end of a word are punctuation ("shit!"), + and |
// there are letters after two or more letters ("cun+"), and a lone digit or
// symbol among spaced-out letters is a letter ("f 4 g"). Apostrophes
// separate words like spaces ("who're" is not "whore").
// Between two words the gap is
//   - hard (a space symbol) when it holds whitespace, except between two
//     single letters ("f u c k") or when it is longer than a few characters;
//   - soft (no symbol, but a word boundary) when it is short punctuation only
//     ("f.u.c.k", "dick-head", "end.Fuck") or spaces between single letters.
// Finally consecutive equal symbols collapse into one run with a count, so
// "fuuuuck" and "fuck" have the same shape; the matcher compares the counts.
//
// Thread-safe: the tables behind this are built once, on first use of a
// character outside ASCII, and never change afterwards.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace townhall::moderation {

// One run of equal symbols of the skeleton, and the original bytes it covers.
struct SkeletonRun {
  char32_t symbol = 0;       // a folded symbol; kHardBoundary for a gap between words
  std::size_t count = 0;     // how many times the symbol repeats (1 for a gap)
  std::size_t begin = 0;     // byte offsets in the original text of the first
  std::size_t end = 0;       // and last character of the run
  bool soft_before = false;  // a soft word boundary precedes this run
  bool joined = false;       // merges letters spaced apart ("a s s"): may end or start mid-run
};

inline constexpr char32_t kHardBoundary = U' ';

// Replaces `runs` with the skeleton of `text`. Bytes that are not valid UTF-8
// are treated as punctuation. Reuses the vector's capacity.
void skeletonize(std::string_view text, std::vector<SkeletonRun>& runs);

// The skeleton as UTF-8, for tests and diagnostics: runs expanded to their
// counts, ' ' for a hard boundary and '_' for a soft one.
// skeleton_string("F.u.c.k y0u!!") == "f_u_c_k you".
std::string skeleton_string(std::string_view text);

}  // namespace townhall::moderation
