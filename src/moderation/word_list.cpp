#include "moderation/word_list.hpp"

#include <algorithm>
#include <array>
#include <deque>
#include <utility>

#include "core/text.hpp"
#include "moderation/normalizer.hpp"

namespace townhall::moderation {

namespace {

using core::ErrorKind;
using core::make_error;

constexpr std::uint32_t kNoState = UINT32_MAX;
// A text run this long matches a phrase's run of any shorter length.
constexpr std::uint32_t kMinStretch = 3;
// Full transition tables cost 4 bytes per state and symbol; a list that would
// need more than this is refused rather than allowed to eat the server.
constexpr std::size_t kMaxAutomatonBytes = std::size_t{64} << 20;
// How much of the matched text the moderator's one-line message quotes.
constexpr std::size_t kMaxQuotedBytes = 80;

// Ordinary words and names that contain a common offensive stem. They only
// matter for partial-word phrases ("cock*", "*sex*"): a whole-word phrase
// never hits inside a longer word anyway.
constexpr std::string_view kBuiltinAllow[] = {
    // ass
    "*class*", "*assess*", "assassin*", "assault*", "*assembl*", "assent*", "assert*", "asset*", "*assign*",
    "assimilat*", "*assist*", "*associat*", "assort*", "assuag*", "*assum*", "*assur*", "embass*", "bass", "basses",
    "bassist*", "bassoon*", "brass*", "compass*", "encompass*", "glass*", "hourglass*", "eyeglass*", "grass*",
    "harass*", "lass", "lasses", "lassie*", "lasso*", "mass", "masses", "massag*", "massacr*", "massive*", "pass",
    "passes", "passag*", "passeng*", "passion*", "passiv*", "passport*", "password*", "passed", "passing", "bypass*",
    "surpass*", "trespass*", "crass*", "cassette*", "cassava*", "cassock*", "amass*", "carcass*", "molasses", "morass*",
    "sassafras", "tassel*", "vassal*", "chassis", "jurassic", "hassl*", "picasso", "cassandra", "massachusetts",
    "kansas", "arkansas", "biomass*", "landmass*", "impasse*",
    // cock
    "*cocktail*", "cockpit*", "cockroach*", "cockney*", "cockatoo*", "cockatiel*", "cockerel*", "cockle*", "cockad*",
    "cockscomb*", "cocksure", "cocky", "cockiness", "cockeyed", "cockamamie", "cockfight*", "cockchafer*", "cocker",
    "cockers", "cockermouth", "cockfosters", "hancock", "peacock*", "woodcock*", "shuttlecock*", "hitchcock", "babcock",
    "weathercock*", "stopcock*", "ballcock*", "gamecock*",
    // dick, penis, cunt, clit, sex
    "dickens*", "dickinson*", "dickie*", "dickey*", "dicker*", "dickybird*", "benedick", "moby dick", "penistone",
    "scunthorpe", "clitheroe", "middlesex", "sussex", "essex", "wessex", "unisex*", "sexton*", "sextant*", "sextet*",
    "sextuple*", "sexagenarian*",
    // tit
    "title*", "titan*", "titch*", "titian", "titillat*", "titivat*", "titmouse", "titmice", "titrat*", "titter*",
    "tittle*", "titular*", "titbit*", "tithe*",
    // cum
    "cumin", "cumulat*", "cumulus", "cumbersome", "cumbria*", "cumberland", "cummerbund*", "cucumber*",
    // rape
    "rapeseed*", "grape*", "drape*", "scrape*", "trapez*", "skyscraper*", "parapet*", "therapist*",
    // nigger, niggard
    "niggard*", "niggl*", "snigger*", "nigeria*", "niger", "nigella*", "night*", "nigh",
    // shit, arse, anal, anus, piss, crap
    "shiitake*", "shittah*", "shittim*", "mishit*", "arsenal*", "arsenic*", "arsenide*", "arsenate*", "parse*",
    "sparse*", "coarse*", "hoarse*", "rehears*", "marseill*", "analys*", "analyz*", "analyt*", "analog*", "analgesi*",
    "psychoanaly*", "canal*", "banal*", "uranus", "janus", "pissarro", "scrap*",
    // wank, twat, spic, coon, jap, homo, paki, tard, jew, pube, knob
    "wankel", "swank*", "twattle*", "spice*", "spicy", "spicier", "spiciest", "spicul*", "spick", "suspicio*",
    "conspicu*", "auspic*", "despicab*", "raccoon*", "cocoon*", "tycoon*", "japan*", "jape*", "japonica", "homogen*",
    "homolog*", "homonym*", "homophon*", "homograph*", "homoeopath*", "homosexual*", "homo sapiens", "ecce homo",
    "pakistan*", "custard*", "mustard*", "bustard*", "dastard*", "leotard*", "petard*", "jewel*", "pubert*",
    "pubescen*", "knobbl*", "knobkerrie*"};

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// A phrase or allow entry checked and reduced to its skeleton runs.
struct ParsedPhrase {
  std::vector<SkeletonRun> runs;
  bool word_start = true;
  bool word_end = true;
};

core::Result<ParsedPhrase> parse_phrase(std::string_view raw, const std::string& what) {
  const auto invalid = [&](const std::string& why) {
    return make_error(ErrorKind::kInvalidArgument, "invalid_phrase", what + " " + why);
  };
  if (raw.size() > kMaxPhraseBytes) {
    return invalid("is longer than " + std::to_string(kMaxPhraseBytes) + " bytes");
  }
  if (!core::is_valid_utf8(raw)) return invalid("is not valid UTF-8");
  std::string_view text = trim(raw);
  if (text.empty()) return invalid("is empty");
  ParsedPhrase parsed;
  if (text.front() == '*') {
    parsed.word_start = false;
    text = trim(text.substr(1));
  }
  if (!text.empty() && text.back() == '*') {
    parsed.word_end = false;
    text = trim(text.substr(0, text.size() - 1));
  }
  if (text.find('*') != std::string_view::npos) return invalid("has a '*' that is not at its start or end");
  skeletonize(text, parsed.runs);
  if (parsed.runs.empty()) return invalid("has no letters or digits to match");
  return parsed;
}

// The phrase's symbols as they are spelled, and joined without word gaps:
// written as one word (equal letters at a join merge, as they do in the
// text) and joined by punctuation (they stay apart, as in the text).
std::vector<std::vector<SkeletonRun>> spellings(const std::vector<SkeletonRun>& runs) {
  std::vector<std::vector<SkeletonRun>> out{runs};
  const bool has_gap =
      std::any_of(runs.begin(), runs.end(), [](const SkeletonRun& run) { return run.symbol == kHardBoundary; });
  if (!has_gap) return out;
  std::vector<SkeletonRun> merged;
  std::vector<SkeletonRun> apart;
  for (const SkeletonRun& run : runs) {
    if (run.symbol == kHardBoundary) continue;
    apart.push_back(run);
    if (!merged.empty() && merged.back().symbol == run.symbol) {
      merged.back().count += run.count;
    } else {
      merged.push_back(run);
    }
  }
  out.push_back(std::move(merged));
  if (out.back().size() != apart.size()) out.push_back(std::move(apart));
  return out;
}

std::string pattern_key(const std::vector<SkeletonRun>& runs, bool word_start, bool word_end) {
  std::u32string key;
  key.push_back(word_start ? U'<' : U'*');
  for (const SkeletonRun& run : runs) {
    key.push_back(run.symbol);
    key.push_back(static_cast<char32_t>(run.count));
  }
  key.push_back(word_end ? U'>' : U'*');
  return {reinterpret_cast<const char*>(key.data()), key.size() * sizeof(char32_t)};
}

}  // namespace

// Builds automata from patterns given as runs; kept out of the header.
class WordList::Builder {
 public:
  void add(const std::vector<SkeletonRun>& runs, bool word_start, bool word_end, std::size_t owner) {
    Pattern pattern;
    pattern.word_start = word_start;
    pattern.word_end = word_end;
    pattern.owner = owner;
    std::u32string symbols;
    constexpr std::uint64_t kFnvOffset = 14695981039346656037ULL;
    constexpr std::uint64_t kFnvPrime = 1099511628211ULL;
    pattern.skeleton_hash = kFnvOffset;
    for (const SkeletonRun& run : runs) {
      symbols.push_back(run.symbol);
      pattern.counts.push_back(static_cast<std::uint32_t>(run.count));
      pattern.skeleton_hash = (pattern.skeleton_hash ^ run.symbol) * kFnvPrime;
      pattern.skeleton_hash = (pattern.skeleton_hash ^ run.count) * kFnvPrime;
    }
    symbols_.push_back(std::move(symbols));
    patterns_.push_back(std::move(pattern));
  }

  core::Result<Automaton> build() && {
    Automaton automaton;
    automaton.ascii_alphabet.assign(kAsciiAlphabet, 0);
    std::size_t total = 1;
    for (const std::u32string& symbols : symbols_) {
      total += symbols.size();
      for (const char32_t symbol : symbols) {
        if (symbol < kAsciiAlphabet) {
          if (automaton.ascii_alphabet[symbol] == 0) automaton.ascii_alphabet[symbol] = automaton.alphabet_size++;
        } else if (automaton.wide_alphabet.emplace(symbol, automaton.alphabet_size).second) {
          ++automaton.alphabet_size;
        }
      }
    }
    const std::size_t width = automaton.alphabet_size;
    if (total * width * sizeof(std::uint32_t) > kMaxAutomatonBytes) {
      return make_error(ErrorKind::kInvalidArgument, "word_list_too_large",
                        "the word list needs more than " + std::to_string(kMaxAutomatonBytes >> 20) +
                            " MiB; use fewer or shorter phrases");
    }
    // The trie.
    std::vector<std::uint32_t>& next = automaton.next;
    next.assign(width, kNoState);
    std::vector<std::vector<std::uint32_t>> ends(1);
    for (std::size_t p = 0; p < symbols_.size(); ++p) {
      std::size_t state = 0;
      for (const char32_t symbol : symbols_[p]) {
        const std::size_t cell = state * width + automaton.id(symbol);
        if (next[cell] == kNoState) {
          next[cell] = static_cast<std::uint32_t>(ends.size());
          ends.emplace_back();
          next.resize(next.size() + width, kNoState);
        }
        state = next[cell];
      }
      ends[state].push_back(static_cast<std::uint32_t>(p));
    }
    // Failure links, breadth first, folded into the table; each state's
    // outputs include those of its failure state.
    const std::size_t states = ends.size();
    std::vector<std::uint32_t> fail(states, 0);
    std::vector<std::vector<std::uint32_t>> outputs(states);
    std::deque<std::uint32_t> queue;
    for (std::size_t id = 0; id < width; ++id) {
      std::uint32_t& child = next[id];
      if (child == kNoState) {
        child = 0;
      } else {
        outputs[child] = ends[child];
        queue.push_back(child);
      }
    }
    while (!queue.empty()) {
      const std::uint32_t state = queue.front();
      queue.pop_front();
      for (std::size_t id = 0; id < width; ++id) {
        std::uint32_t& child = next[state * width + id];
        const std::uint32_t fallback = next[fail[state] * width + id];
        if (child == kNoState) {
          child = fallback;
          continue;
        }
        fail[child] = fallback;
        outputs[child] = ends[child];
        outputs[child].insert(outputs[child].end(), outputs[fallback].begin(), outputs[fallback].end());
        queue.push_back(child);
      }
    }
    automaton.output_begin.reserve(states + 1);
    for (const auto& list : outputs) {
      automaton.output_begin.push_back(static_cast<std::uint32_t>(automaton.outputs.size()));
      automaton.outputs.insert(automaton.outputs.end(), list.begin(), list.end());
    }
    automaton.output_begin.push_back(static_cast<std::uint32_t>(automaton.outputs.size()));
    automaton.patterns = std::move(patterns_);
    return automaton;
  }

 private:
  std::vector<std::u32string> symbols_;
  std::vector<Pattern> patterns_;
};

std::uint32_t WordList::Automaton::id(char32_t symbol) const {
  if (symbol < kAsciiAlphabet) return ascii_alphabet[symbol];
  const auto found = wide_alphabet.find(symbol);
  return found == wide_alphabet.end() ? 0 : found->second;
}

namespace {

// A run that joins spaced-out letters ("a a s s") may hold a word boundary.
bool boundary_before(const std::vector<SkeletonRun>& runs, std::size_t first) {
  return first == 0 || runs[first - 1].symbol == kHardBoundary || runs[first].soft_before || runs[first].joined;
}

bool boundary_after(const std::vector<SkeletonRun>& runs, std::size_t last) {
  return last + 1 == runs.size() || runs[last + 1].symbol == kHardBoundary || runs[last + 1].soft_before ||
         runs[last].joined;
}

// A text run of `have` equal symbols stands for a phrase run of `want`: the
// same count, or a stretch of kMinStretch or more. At an open end of a
// partial-word phrase the text may simply have more, and so at either end
// of a hit that starts or stops among spaced-out letters ("a a s s").
bool counts_match(std::uint32_t want, const SkeletonRun& run, bool open_end) {
  if (run.count == want) return true;
  if (run.count < want) return false;
  return open_end || run.count >= kMinStretch;
}

}  // namespace

void WordList::Automaton::scan(const std::vector<SkeletonRun>& runs, std::vector<Hit>& hits) const {
  if (patterns.empty()) return;
  const std::size_t width = alphabet_size;
  std::uint32_t state = 0;
  for (std::size_t last = 0; last < runs.size(); ++last) {
    state = next[state * width + id(runs[last].symbol)];
    for (std::uint32_t o = output_begin[state]; o < output_begin[state + 1]; ++o) {
      const std::uint32_t p = outputs[o];
      const Pattern& pattern = patterns[p];
      const std::size_t length = pattern.counts.size();
      const std::size_t first = last + 1 - length;
      if (pattern.word_start && !boundary_before(runs, first)) continue;
      if (pattern.word_end && !boundary_after(runs, last)) continue;
      bool ok = true;
      for (std::size_t i = 0; i < length && ok; ++i) {
        const bool at_start = i == 0 && (!pattern.word_start || runs[first].joined);
        const bool at_end = i + 1 == length && (!pattern.word_end || runs[last].joined);
        const bool open_end = at_start || at_end;
        ok = counts_match(pattern.counts[i], runs[first + i], open_end);
      }
      if (ok) hits.push_back({p, first, last});
    }
  }
}

WordList::WordList() = default;

core::Result<WordList> WordList::compile(std::vector<PhraseEntry> entries) {
  if (entries.size() > kMaxPhrases) {
    return make_error(ErrorKind::kInvalidArgument, "too_many_phrases",
                      "a word list holds at most " + std::to_string(kMaxPhrases) + " phrases");
  }
  WordList list;
  Builder phrases;
  Builder allows;
  std::unordered_map<std::string, std::size_t> seen;  // pattern key → the phrase that owns it
  for (std::size_t index = 0; index < entries.size(); ++index) {
    PhraseEntry& entry = entries[index];
    // Named by number and text, so an admin finds it in a long list; text
    // that is not valid UTF-8 (or too long to quote) is named by number only.
    std::string what = "phrase " + std::to_string(index + 1);
    if (core::is_valid_utf8(entry.phrase) && entry.phrase.size() <= kMaxPhraseBytes && !trim(entry.phrase).empty()) {
      what += " (" + quote(std::string(trim(entry.phrase))) + ")";
    }
    auto parsed = parse_phrase(entry.phrase, what);
    if (!parsed.ok()) return parsed.error();
    entry.phrase = std::string(trim(entry.phrase));
    const std::string& what_quoted = what;
    if (entry.allow.size() > kMaxAllowPerPhrase) {
      return make_error(ErrorKind::kInvalidArgument, "too_many_phrases",
                        what_quoted + " has more than " + std::to_string(kMaxAllowPerPhrase) + " allowed words");
    }
    const std::string key = pattern_key(parsed->runs, parsed->word_start, parsed->word_end);
    const auto [found, inserted] = seen.emplace(key, index);
    const std::size_t owner = found->second;
    if (inserted) {
      for (const auto& spelling : spellings(parsed->runs)) {
        phrases.add(spelling, parsed->word_start, parsed->word_end, owner);
      }
    }
    for (std::size_t a = 0; a < entry.allow.size(); ++a) {
      auto allow = parse_phrase(entry.allow[a], what_quoted + ": allowed word " + std::to_string(a + 1));
      if (!allow.ok()) return allow.error();
      entry.allow[a] = std::string(trim(entry.allow[a]));
      for (const auto& spelling : spellings(allow->runs)) {
        allows.add(spelling, allow->word_start, allow->word_end, owner);
      }
    }
  }
  auto phrase_automaton = std::move(phrases).build();
  if (!phrase_automaton.ok()) return phrase_automaton.error();
  auto allow_automaton = std::move(allows).build();
  if (!allow_automaton.ok()) return allow_automaton.error();
  list.entries_ = std::move(entries);
  list.phrases_ = std::move(phrase_automaton).value();
  list.allows_ = std::move(allow_automaton).value();
  return list;
}

const WordList::Automaton& WordList::builtin_allows() {
  // Never destroyed: shared by every list until the process exits.
  static const Automaton* const automaton = new Automaton(compile_builtin_allows());
  return *automaton;
}

WordList::Automaton WordList::compile_builtin_allows() {
  Builder builder;
  for (const std::string_view entry : kBuiltinAllow) {
    auto parsed = parse_phrase(entry, "built-in allowed word");
    if (!parsed.ok()) continue;  // the table is fixed; its tests keep every entry valid
    for (const auto& spelling : spellings(parsed->runs)) {
      builder.add(spelling, parsed->word_start, parsed->word_end, kBuiltinOwner);
    }
  }
  auto automaton = std::move(builder).build();
  return automaton.ok() ? std::move(automaton).value() : Automaton{};
}

std::vector<Match> WordList::search(std::string_view body, std::size_t limit) const {
  std::vector<Match> matches;
  if (phrases_.patterns.empty() || body.empty()) return matches;
  std::vector<SkeletonRun> runs;
  skeletonize(body, runs);
  std::vector<Hit> hits;
  phrases_.scan(runs, hits);
  if (hits.empty()) return matches;

  std::vector<Hit> allowed;
  allows_.scan(runs, allowed);
  const std::size_t own_allows = allowed.size();
  const Automaton& builtin = builtin_allows();
  builtin.scan(runs, allowed);
  // A partial-word allow entry covers its whole text word ("tittle*" covers "tittles").
  for (std::size_t a = 0; a < allowed.size(); ++a) {
    const Pattern& allow = a < own_allows ? allows_.patterns[allowed[a].pattern] : builtin.patterns[allowed[a].pattern];
    while (!allow.word_start && !boundary_before(runs, allowed[a].first)) --allowed[a].first;
    while (!allow.word_end && !boundary_after(runs, allowed[a].last)) ++allowed[a].last;
  }
  const auto is_allowed = [&](const Hit& hit) {
    const Pattern& phrase = phrases_.patterns[hit.pattern];
    for (std::size_t a = 0; a < allowed.size(); ++a) {
      const bool own = a < own_allows;
      const Pattern& allow = own ? allows_.patterns[allowed[a].pattern] : builtin.patterns[allowed[a].pattern];
      if (own && allow.owner != phrase.owner) continue;
      if (allow.skeleton_hash == phrase.skeleton_hash) continue;
      if (allowed[a].first <= hit.first && allowed[a].last >= hit.last) return true;
    }
    return false;
  };

  for (const Hit& hit : hits) {
    if (!allowed.empty() && is_allowed(hit)) continue;
    const Pattern& pattern = phrases_.patterns[hit.pattern];
    std::size_t first = hit.first;
    std::size_t last = hit.last;
    // A partial-word hit shows the whole word it is part of.
    while (!pattern.word_start && !boundary_before(runs, first)) --first;
    while (!pattern.word_end && !boundary_after(runs, last)) ++last;
    matches.push_back({pattern.owner, runs[first].begin, runs[last].end});
  }
  std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
    return std::tie(a.begin, a.phrase, a.end) < std::tie(b.begin, b.phrase, b.end);
  });
  matches.erase(std::unique(matches.begin(), matches.end(),
                            [](const Match& a, const Match& b) {
                              return a.begin == b.begin && a.phrase == b.phrase && a.end == b.end;
                            }),
                matches.end());
  if (matches.size() > limit) matches.resize(limit);
  return matches;
}

std::vector<Match> WordList::find(std::string_view body) const { return search(body, kMaxMatches); }

bool WordList::contains_match(std::string_view body) const { return !search(body, 1).empty(); }

std::span<const std::string_view> builtin_allow_list() { return kBuiltinAllow; }

core::Result<PhraseEntry> parse_phrase_line(std::string_view line) {
  PhraseEntry entry;
  const auto bar = line.find('|');
  entry.phrase = std::string(trim(line.substr(0, bar)));
  if (entry.phrase.empty()) {
    return make_error(ErrorKind::kInvalidArgument, "invalid_phrase", "the phrase before '|' is empty");
  }
  if (bar == std::string_view::npos) return entry;
  std::string_view rest = line.substr(bar + 1);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    if (!item.empty()) entry.allow.emplace_back(item);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return entry;
}

core::Result<std::vector<PhraseEntry>> parse_phrase_list(std::string_view text) {
  if (!core::is_valid_utf8(text)) {
    return make_error(ErrorKind::kInvalidArgument, "invalid_phrase", "the word list is not valid UTF-8");
  }
  std::vector<PhraseEntry> entries;
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    const auto newline = text.find('\n');
    const std::string_view line = trim(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    if (line.empty() || line.front() == '#') continue;
    auto entry = parse_phrase_line(line);
    if (!entry.ok()) {
      return make_error(ErrorKind::kInvalidArgument, "invalid_phrase",
                        "line " + std::to_string(number) + ": " + entry.error().message);
    }
    entries.push_back(std::move(entry).value());
  }
  return entries;
}

std::string format_phrase_line(const PhraseEntry& entry) {
  std::string line = entry.phrase;
  for (std::size_t i = 0; i < entry.allow.size(); ++i) {
    line += i == 0 ? " | " : ", ";
    line += entry.allow[i];
  }
  return line;
}

std::optional<Finding> check_word_list(const WordList& list, ListKind kind, std::string_view body) {
  const std::vector<Match> matches = list.find(body);
  if (matches.empty()) return std::nullopt;
  const bool banned = kind == ListKind::kBanned;
  Finding finding;
  finding.action = banned ? Action::kReject : Action::kHold;
  finding.phase = "word_lists";
  finding.code = banned ? "banned_words" : "suspect_words";
  for (const Match& match : matches) {
    finding.evidence.push_back({list.entries()[match.phrase].phrase,
                                std::string(body.substr(match.begin, match.end - match.begin)), match.begin, match.end,
                                1.0});
  }
  const Evidence& first = finding.evidence.front();
  std::string quoted = first.text;
  if (quoted.size() > kMaxQuotedBytes) {
    std::size_t cut = kMaxQuotedBytes;
    while (cut > 0 && (static_cast<unsigned char>(quoted[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    quoted = quoted.substr(0, cut) + "…";
  }
  finding.message =
      std::string(banned ? "banned" : "suspect") + " phrase " + quote(first.label) + " matched " + quote(quoted);
  if (matches.size() > 1) finding.message += " and " + std::to_string(matches.size() - 1) + " more";
  return finding;
}

}  // namespace townhall::moderation
