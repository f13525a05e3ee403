#include "moderation/normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace townhall::moderation {

namespace {

enum class Kind : std::uint8_t {
  kSeparator,   // punctuation, symbols, controls, invalid bytes
  kSpace,       // White_Space
  kIgnorable,   // Default_Ignorable_Code_Point: vanishes inside a word
  kMark,        // a combining mark: belongs to the character before it
  kLetter,      // one or more folded letters
  kDigit,       // an ASCII digit (or a digit of another script, as ASCII)
  kLeetStrong,  // @ $: letters even at the edge of a word
  kLeetWeak,    // ! | + #: letters only inside a word
};

struct CodePointInfo {
  Kind kind = Kind::kSeparator;
  std::uint8_t count = 0;   // symbols this code point becomes
  std::uint32_t value = 0;  // the symbol when count == 1, else an index into the pool
};

// The letter a digit or leet symbol imitates, or 0.
constexpr char leet_letter(char c) {
  switch (c) {
    case '0': return 'o';
    case '1': return 'l';
    case '3': return 'e';
    case '4': return 'a';
    case '5': return 's';
    case '7': return 't';
    case '8': return 'b';
    case '9': return 'g';
    case '@': return 'a';
    case '$': return 's';
    case '!': return 'l';
    case '|': return 'l';
    case '+': return 't';
    case '#': return 'h';
    default: return 0;
  }
}

// i and l share one symbol: capital I, l, 1, | and ! are drawn alike.
constexpr char32_t fold_il(char32_t c) { return c == U'i' ? U'l' : c; }

constexpr CodePointInfo ascii_info(char c) {
  const auto symbol = [](char32_t s) { return CodePointInfo{Kind::kLetter, 1, s}; };
  if (c >= 'a' && c <= 'z') return symbol(fold_il(static_cast<char32_t>(c)));
  if (c >= 'A' && c <= 'Z') return symbol(fold_il(static_cast<char32_t>(c - 'A' + 'a')));
  if (c >= '0' && c <= '9') return {Kind::kDigit, 1, static_cast<std::uint32_t>(c)};
  if (c == '@' || c == '$') return {Kind::kLeetStrong, 1, static_cast<std::uint32_t>(c)};
  if (c == '!' || c == '|' || c == '+' || c == '#') return {Kind::kLeetWeak, 1, static_cast<std::uint32_t>(c)};
  // An apostrophe separates words like a space ("who're" is not "whore").
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\'' || c == '`') {
    return {Kind::kSpace, 0, 0};
  }
  return {Kind::kSeparator, 0, 0};
}

constexpr std::size_t kAsciiSize = 128;
constexpr std::array<CodePointInfo, kAsciiSize> kAscii = [] {
  std::array<CodePointInfo, kAsciiSize> table{};
  for (std::size_t c = 0; c < kAsciiSize; ++c) table[c] = ascii_info(static_cast<char>(c));
  return table;
}();

// Code points below this are classified once into a table (the BMP and the
// plane of mathematical letters and emoji); the rest are classified per use.
constexpr char32_t kTableLimit = 0x20000;
// A gap of punctuation longer than this is a boundary even between letters.
constexpr std::size_t kMaxSoftGap = 3;
constexpr std::size_t kMaxSkeletonUnits = 32;

// Letters in boxes and circles that NFKC leaves alone, and the regional
// indicator symbols that flags are made of: 🅵🆄🅲🅺, 🇫🇺🇨🇰.
char32_t enclosed_letter(char32_t c) {
  constexpr char32_t kRanges[] = {0x1F150, 0x1F170, 0x1F1E6};  // negative circled, negative squared, regional
  constexpr char32_t kLetters = 26;
  for (const char32_t first : kRanges) {
    if (c >= first && c < first + kLetters) return U'a' + (c - first);
  }
  return 0;
}

// Look-alikes readers use that UTS #39 does not list (it compares glyphs of
// one case; these imitate a letter in running text).
char32_t extra_confusable(char32_t c) {
  switch (c) {
    case 0x043F: return U'n';  // Cyrillic п
    case 0x041F: return U'n';  // Cyrillic П
    case 0x0448: return U'w';  // Cyrillic ш
    case 0x0428: return U'w';  // Cyrillic Ш
    case 0x044C: return U'b';  // Cyrillic ь
    case 0x0438: return U'u';  // Cyrillic и
    default: return 0;
  }
}

// "LATIN LETTER SMALL CAPITAL R" and the like → r, for letters that neither
// NFKC nor UTS #39 bring to ASCII (small capitals, modifier letters).
char32_t letter_from_name(char32_t c) {
  std::array<char, 128> buffer{};
  UErrorCode status = U_ZERO_ERROR;
  const int32_t length = u_charName(static_cast<UChar32>(c), U_UNICODE_CHAR_NAME, buffer.data(),
                                    static_cast<int32_t>(buffer.size()), &status);
  if (U_FAILURE(status) || length <= 0) return 0;
  const std::string_view name(buffer.data(), static_cast<std::size_t>(length));
  for (const std::string_view prefix : {"LATIN LETTER SMALL CAPITAL ", "MODIFIER LETTER SMALL CAPITAL ",
                                        "MODIFIER LETTER SMALL ", "MODIFIER LETTER CAPITAL "}) {
    if (name.size() == prefix.size() + 1 && name.substr(0, prefix.size()) == prefix) {
      const char letter = name.back();
      if (letter >= 'A' && letter <= 'Z') return static_cast<char32_t>(letter - 'A' + 'a');
    }
  }
  return 0;
}

bool is_mark(char32_t c) {
  const auto mask = U_GET_GC_MASK(static_cast<UChar32>(c));
  return (mask & (U_GC_MN_MASK | U_GC_ME_MASK)) != 0;
}

// Classifies code points outside ASCII with ICU; the only place ICU is used.
class Classifier {
 public:
  Classifier() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
    nfd_ = icu::Normalizer2::getNFDInstance(status);
    spoof_.reset(uspoof_open(&status));
    if (U_FAILURE(status)) {
      nfkc_cf_ = nullptr;  // without ICU data: non-ASCII letters stay as they are
    }
  }

  // Appends the symbols of `c` to `pool` (when more than one) and says what it is.
  CodePointInfo classify(char32_t c, std::vector<char32_t>& pool) const {
    const auto cp = static_cast<UChar32>(c);
    if (c < kAsciiSize) return kAscii[c];
    if (u_hasBinaryProperty(cp, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return {Kind::kIgnorable, 0, 0};
    if (is_mark(c)) return {Kind::kMark, 0, 0};
    if (u_isUWhiteSpace(cp) || c == 0x2018 || c == 0x2019 || c == 0x02BC || c == 0x2032) return {Kind::kSpace, 0, 0};
    const auto type = u_charType(cp);
    if (type == U_UNASSIGNED || type == U_CONTROL_CHAR || type == U_SURROGATE || type == U_PRIVATE_USE_CHAR ||
        nfkc_cf_ == nullptr) {
      return {Kind::kSeparator, 0, 0};
    }
    if (const char32_t letter = enclosed_letter(c); letter != 0) return {Kind::kLetter, 1, fold_il(letter)};
    if (const char32_t letter = extra_confusable(c); letter != 0) return {Kind::kLetter, 1, fold_il(letter)};
    std::u32string folded;
    for (const char32_t x : decompose(c)) {
      if (is_mark(x) || u_hasBinaryProperty(static_cast<UChar32>(x), UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
      folded.push_back(x);
    }
    if (folded.empty()) return {Kind::kIgnorable, 0, 0};
    if (folded.size() == 1 && folded[0] < kAsciiSize) return kAscii[folded[0]];  // fullwidth, math, circled, ſ
    // Then the skeleton of the character as written: a capital Greek Ν is
    // drawn as N, its folded ν as v.
    if ((U_GET_GC_MASK(cp) & (U_GC_L_MASK | U_GC_S_MASK)) != 0) {
      const std::u32string ascii = ascii_skeleton(cp);
      if (ascii.size() == 1) return {Kind::kLetter, 1, fold_il(ascii[0])};
    }
    if (folded.size() == 1 && u_charType(static_cast<UChar32>(folded[0])) == U_DECIMAL_DIGIT_NUMBER) {
      const auto digit = u_charDigitValue(static_cast<UChar32>(folded[0]));
      return kAscii[static_cast<std::size_t>('0' + digit)];
    }
    std::u32string symbols;
    for (const char32_t x : folded) append_letters(x, symbols);
    if (symbols.empty()) return {Kind::kSeparator, 0, 0};
    if (symbols.size() == 1) return {Kind::kLetter, 1, symbols[0]};
    const auto index = static_cast<std::uint32_t>(pool.size());
    pool.insert(pool.end(), symbols.begin(), symbols.end());
    return {Kind::kLetter, static_cast<std::uint8_t>(symbols.size()), index};
  }

 private:
  struct SpoofCloser {
    void operator()(USpoofChecker* checker) const { uspoof_close(checker); }
  };

  // NFKC case folding, then canonical decomposition.
  std::u32string decompose(char32_t c) const {
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString folded = nfkc_cf_->normalize(icu::UnicodeString(static_cast<UChar32>(c)), status);
    const icu::UnicodeString decomposed = nfd_->normalize(folded, status);
    std::u32string out;
    if (U_FAILURE(status)) return out;
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 x = decomposed.char32At(i);
      out.push_back(static_cast<char32_t>(x));
      i += U16_LENGTH(x);
    }
    return out;
  }

  // The UTS #39 skeleton of one character as lower-case ASCII letters, or
  // empty when it is not made of ASCII letters.
  std::u32string ascii_skeleton(UChar32 x) const {
    std::array<UChar, 2> in{};
    int32_t length = 0;
    U16_APPEND_UNSAFE(in.data(), length, x);
    std::array<UChar, kMaxSkeletonUnits> out{};
    UErrorCode status = U_ZERO_ERROR;
    const int32_t out_length =
        uspoof_getSkeleton(spoof_.get(), 0, in.data(), length, out.data(), static_cast<int32_t>(out.size()), &status);
    std::u32string letters;
    if (U_FAILURE(status)) return {};
    for (int32_t i = 0; i < out_length;) {
      UChar32 y = 0;
      U16_NEXT(out.data(), i, out_length, y);
      if (is_mark(static_cast<char32_t>(y))) continue;
      if (y >= 'A' && y <= 'Z') y = y - 'A' + 'a';
      if (y < 'a' || y > 'z') return {};
      // UTS #39 spells m as "rn"; here m is a letter of its own.
      if (y == 'n' && !letters.empty() && letters.back() == U'r') {
        letters.back() = U'm';
      } else {
        letters.push_back(static_cast<char32_t>(y));
      }
    }
    return letters;
  }

  void append_letters(char32_t x, std::u32string& symbols) const {
    if (x < kAsciiSize) {
      const CodePointInfo info = kAscii[x];
      if (info.kind == Kind::kLetter) symbols.push_back(info.value);
      return;
    }
    const auto cp = static_cast<UChar32>(x);
    const auto mask = U_GET_GC_MASK(cp);
    const bool letter = (mask & U_GC_L_MASK) != 0;
    if (!letter && (mask & U_GC_S_MASK) == 0) return;  // punctuation and the like
    std::u32string ascii = ascii_skeleton(cp);
    // Small letters such as Cyrillic к, т, м skeletonise to small capitals;
    // their capitals (К, Т, М) are the confusables of K, T, M.
    if (ascii.empty() && letter) ascii = ascii_skeleton(u_toupper(cp));
    if (ascii.empty() && letter) {
      if (const char32_t named = letter_from_name(x); named != 0) ascii.push_back(named);
    }
    if (!ascii.empty()) {
      for (const char32_t a : ascii) symbols.push_back(fold_il(a));
    } else if (letter) {
      symbols.push_back(static_cast<char32_t>(u_foldCase(cp, U_FOLD_CASE_DEFAULT)));
    }
  }

  const icu::Normalizer2* nfkc_cf_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  std::unique_ptr<USpoofChecker, SpoofCloser> spoof_;
};

struct Table {
  Classifier classifier;
  std::vector<CodePointInfo> infos;  // indexed by code point, below kTableLimit
  std::vector<char32_t> pool;        // symbols of code points that become several
};

const Table& table() {
  static const Table* const instance = [] {
    auto* built = new Table;  // never destroyed: used until the process exits
    built->infos.resize(kTableLimit);
    for (char32_t c = 0; c < kTableLimit; ++c) built->infos[c] = built->classifier.classify(c, built->pool);
    return built;
  }();
  return *instance;
}

// Builds the runs from classified code points: collects a word's units,
// resolves its leet symbols, then decides the boundary before it.
class RunBuilder {
 public:
  explicit RunBuilder(std::vector<SkeletonRun>& runs) : runs_(runs) { runs_.clear(); }

  void add(const CodePointInfo& info, const char32_t* symbols, std::size_t begin, std::size_t end) {
    switch (info.kind) {
      case Kind::kLetter:
      case Kind::kDigit:
      case Kind::kLeetStrong:
      case Kind::kLeetWeak:
        if (info.count == 1) {
          token_.push_back({info.value, begin, end, info.kind});
        } else {
          for (std::size_t i = 0; i < info.count; ++i) token_.push_back({symbols[i], begin, end, Kind::kLetter});
        }
        break;
      case Kind::kMark:
        if (!token_.empty()) token_.back().end = end;
        break;
      case Kind::kIgnorable: break;
      case Kind::kSpace:
      case Kind::kSeparator:
        flush_token();
        gap_.add(begin, end, info.kind == Kind::kSpace);
        break;
    }
  }

  void finish() {
    flush_token();
    resolve_pending(false);
  }

 private:
  struct Unit {
    char32_t symbol;
    std::size_t begin;
    std::size_t end;
    Kind kind;
  };

  // The characters between two words.
  struct Gap {
    std::size_t length = 0;  // code points
    bool has_space = false;
    std::size_t begin = 0;
    std::size_t end = 0;

    void add(std::size_t from, std::size_t to, bool space) {
      if (length == 0) begin = from;
      end = to;
      ++length;
      has_space = has_space || space;
    }
  };

  // A word of one digit or leet symbol ("f 4 g", "k | k e"), held until the
  // next word shows whether it is a letter spaced out among others.
  struct Pending {
    Unit unit;
    Gap gap;
  };

  static bool is_edge_letter(const Unit& unit) {
    return unit.kind == Kind::kLeetWeak && (unit.symbol == U'+' || unit.symbol == U'|');
  }

  bool soft_gap(const Gap& gap, std::size_t before, std::size_t after) const {
    return gap.length <= kMaxSoftGap && (!gap.has_space || (before == 1 && after == 1));
  }

  void flush_token() {
    if (token_.empty()) return;
    if (token_.size() == 1 && token_[0].kind != Kind::kLetter) {
      add_single_symbol(token_[0]);
      token_.clear();
      return;
    }
    std::size_t first = 0;
    std::size_t last = token_.size();
    while (first < last && token_[first].kind == Kind::kLeetWeak) ++first;
    while (last > first && token_[last - 1].kind == Kind::kLeetWeak) --last;
    // "+r@nny", "cun+", "pak|": a + or | at the very edge of a word of two or
    // more letters is a letter; "shit!", "A+" and "C++" end in punctuation.
    constexpr std::size_t kMinLettersBesideEdge = 2;
    const std::size_t letters = last - first;
    if (letters >= kMinLettersBesideEdge) {
      std::size_t outer = 0;
      while (outer < first && !is_edge_letter(token_[outer])) ++outer;
      if (outer < first) first = outer;  // the leading symbols from the outermost + or | on
      outer = token_.size();
      while (outer > last && !is_edge_letter(token_[outer - 1])) --outer;
      if (outer > last) last = outer;
    }
    for (std::size_t i = 0; i < first; ++i) gap_.add(token_[i].begin, token_[i].end, false);
    if (last - first == 1 && token_[first].kind != Kind::kLetter) {
      add_single_symbol(token_[first]);
    } else if (first < last) {
      resolve_leet(first, last);
      const std::size_t length = last - first;
      resolve_pending(length == 1 && soft_gap(gap_, 1, 1));
      emit(token_.data() + first, length);
    }
    for (std::size_t i = last; i < token_.size(); ++i) gap_.add(token_[i].begin, token_[i].end, false);
    token_.clear();
  }

  void add_single_symbol(Unit unit) {
    const char letter = leet_letter(static_cast<char>(unit.symbol));
    if (!pending_ && letter != 0 && emitted_any_ && previous_length_ == 1 && soft_gap(gap_, 1, 1)) {
      unit.symbol = static_cast<char32_t>(letter);
      emit(&unit, 1);
      return;
    }
    resolve_pending(soft_gap(gap_, 1, 1));
    pending_ = Pending{unit, gap_};
    gap_ = Gap{};
  }

  // Emits the held single symbol: as a letter when spaced among letters,
  // otherwise as it stands (a digit, @ or $) or as punctuation (! | + #).
  void resolve_pending(bool spaced_among_letters) {
    if (!pending_) return;
    Pending pending = *pending_;
    pending_.reset();
    const char letter = leet_letter(static_cast<char>(pending.unit.symbol));
    const bool as_letter = letter != 0 && (spaced_among_letters || pending.unit.kind == Kind::kLeetStrong);
    if (as_letter) pending.unit.symbol = static_cast<char32_t>(letter);
    if (!as_letter && pending.unit.kind == Kind::kLeetWeak) {
      Gap merged = pending.gap;
      merged.add(pending.unit.begin, pending.unit.end, false);
      for (std::size_t i = 0; i < gap_.length; ++i) merged.add(gap_.begin, gap_.end, gap_.has_space);
      gap_ = merged;
      return;
    }
    const Gap after = gap_;
    gap_ = pending.gap;
    emit(&pending.unit, 1);
    gap_ = after;
  }

  // Digits and leet symbols become letters in a word with a letter, @ or $.
  void resolve_leet(std::size_t first, std::size_t last) {
    bool has_letter = false;
    bool has_strong = false;
    for (std::size_t i = first; i < last; ++i) {
      has_letter = has_letter || token_[i].kind == Kind::kLetter;
      has_strong = has_strong || token_[i].kind == Kind::kLeetStrong;
    }
    if (!has_letter && !has_strong) return;
    for (std::size_t i = first; i < last; ++i) {
      Unit& unit = token_[i];
      if (unit.kind == Kind::kLetter) continue;
      const char letter = leet_letter(static_cast<char>(unit.symbol));
      if (letter != 0) unit.symbol = static_cast<char32_t>(letter);
    }
  }

  void emit(const Unit* units, std::size_t length) {
    bool soft = false;
    if (emitted_any_) {
      soft = soft_gap(gap_, previous_length_, length);
      if (!soft) runs_.push_back({kHardBoundary, 1, gap_.begin, gap_.end, false, false});
    }
    // Equal letters merge within a word and across spaced-out single letters
    // ("a s s"), but not across punctuation between words ("Dickens's").
    const bool join = soft && previous_length_ == 1 && length == 1;
    for (std::size_t i = 0; i < length; ++i) {
      const Unit& unit = units[i];
      if (!runs_.empty() && runs_.back().symbol == unit.symbol && (i > 0 || join || !emitted_any_)) {
        ++runs_.back().count;
        runs_.back().end = unit.end;
        runs_.back().joined = runs_.back().joined || (i == 0 && join);
      } else {
        runs_.push_back({unit.symbol, 1, unit.begin, unit.end, soft && i == 0, false});
      }
    }
    previous_length_ = length;
    emitted_any_ = true;
    gap_ = Gap{};
  }

  std::vector<SkeletonRun>& runs_;
  std::vector<Unit> token_;
  std::optional<Pending> pending_;
  Gap gap_;
  bool emitted_any_ = false;
  std::size_t previous_length_ = 0;
};

}  // namespace

void skeletonize(std::string_view text, std::vector<SkeletonRun>& runs) {
  RunBuilder builder(runs);
  const Table* slow = nullptr;  // looked up on the first code point outside ASCII
  std::vector<char32_t> scratch;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t pos = 0;
  while (pos < length) {
    const std::size_t begin = static_cast<std::size_t>(pos);
    if (bytes[pos] < kAsciiSize) {
      builder.add(kAscii[bytes[pos]], nullptr, begin, begin + 1);
      ++pos;
      continue;
    }
    UChar32 c = 0;
    U8_NEXT(bytes, pos, length, c);
    const auto end = static_cast<std::size_t>(pos);
    if (c < 0) {
      builder.add(CodePointInfo{}, nullptr, begin, end);
      continue;
    }
    if (slow == nullptr) slow = &table();
    if (static_cast<char32_t>(c) < kTableLimit) {
      const CodePointInfo& info = slow->infos[static_cast<std::size_t>(c)];
      builder.add(info, info.count > 1 ? slow->pool.data() + info.value : nullptr, begin, end);
    } else {
      scratch.clear();
      const CodePointInfo info = slow->classifier.classify(static_cast<char32_t>(c), scratch);
      builder.add(info, info.count > 1 ? scratch.data() + info.value : nullptr, begin, end);
    }
  }
  builder.finish();
}

std::string skeleton_string(std::string_view text) {
  std::vector<SkeletonRun> runs;
  skeletonize(text, runs);
  icu::UnicodeString out;
  for (const SkeletonRun& run : runs) {
    if (run.soft_before) out.append(static_cast<UChar32>(U'_'));
    for (std::size_t i = 0; i < run.count; ++i) out.append(static_cast<UChar32>(run.symbol));
  }
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace townhall::moderation
