// The word-list matcher, specified by example: each evasion technique, the
// Scunthorpe problem, allow lists, evidence offsets and invalid input.
#include "moderation/word_list.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "moderation/normalizer.hpp"

namespace townhall::moderation {
namespace {

WordList compile(std::vector<PhraseEntry> entries) {
  auto list = WordList::compile(std::move(entries));
  EXPECT_TRUE(list.ok()) << list.error().message;
  return list.ok() ? std::move(list).value() : WordList{};
}

WordList compile_text(std::string_view text) {
  auto entries = parse_phrase_list(text);
  EXPECT_TRUE(entries.ok()) << entries.error().message;
  return compile(entries.ok() ? entries.value() : std::vector<PhraseEntry>{});
}

// The phrases that hit `body`, as written in the list.
std::vector<std::string> hits(const WordList& list, std::string_view body) {
  std::vector<std::string> out;
  for (const Match& match : list.find(body)) out.push_back(list.entries()[match.phrase].phrase);
  return out;
}

bool hit(const WordList& list, std::string_view body) { return !list.find(body).empty(); }

struct Evasion {
  const char* technique;
  const char* text;
};

TEST(WordListEvasion, EveryTechniqueReducesToThePlainWord) {
  const WordList list = compile_text("fuck\nshit\ncunt\nass\nkill yourself\n");
  const Evasion cases[] = {
      {"case", "FuCk"},
      {"leet digits", "sh1t"},
      {"leet symbols", "$hit"},
      {"leet @ and $", "@$$"},
      {"leet ! inside", "sh!t"},
      {"leet | inside", "sh|t"},
      {"leet 5 and 7", "5hi7"},
      {"leet + at the end", "shi+"},
      {"stretched", "fuuuuuck"},
      {"stretched double letter", "asssss"},
      {"dots", "f.u.c.k"},
      {"spaces", "f u c k"},
      {"hyphens", "f-u-c-k"},
      {"spaced dots", "f . u . c . k"},
      {"spaced digits", "s h 1 t"},
      {"zero-width space", "f\u200Bu\u200Bc\u200Bk"},
      {"zero-width joiner", "f\u200Du\u200Dc\u200Dk"},
      {"zero-width non-joiner", "c\u200Cu\u200Cn\u200Ct"},
      {"word joiner", "c\u2060unt"},
      {"soft hyphen", "sh\u00ADit"},
      {"byte order mark", "sh\uFEFFit"},
      {"variation selector", "c\uFE0Fu\uFE0Fn\uFE0Ft"},
      {"fullwidth", "\uFF46\uFF55\uFF43\uFF4B"},
      {"mathematical bold", "\U0001D41F\U0001D42E\U0001D41C\U0001D424"},
      {"mathematical fraktur", "\U0001D523\U0001D532\U0001D520\U0001D528"},
      {"circled", "\u24D5\u24E4\u24D2\u24DA"},
      {"negative squared", "\U0001F175\U0001F184\U0001F172\U0001F17A"},
      {"superscript", "\u1DA0\u1D58\u1D9C\u1D4F"},
      {"small capitals", "\uA730\u1D1C\u1D04\u1D0B"},
      {"precomposed diacritics", "f\u00FCck"},
      {"combining diacritics", "fu\u0308ck"},
      {"strikethrough marks", "f\u0336u\u0336c\u0336k\u0336"},
      {"Cyrillic look-alikes", "\u0441unt"},
      {"Cyrillic small ka", "fuc\u043A"},
      {"Greek look-alikes", "f\u03C5c\u03BA"},
      {"Greek capitals", "\u0391SS"},
      {"multiword spaced out", "k i l l y o u r s e l f"},
      {"multiword joined", "killyourself"},
      {"multiword leet", "k1ll y0ur5elf"},
  };
  for (const Evasion& evasion : cases) {
    EXPECT_TRUE(hit(list, evasion.text)) << evasion.technique << ": " << evasion.text << " → "
                                         << skeleton_string(evasion.text);
  }
}

TEST(WordListEvasion, SkeletonShowsWordsAndBoundaries) {
  EXPECT_EQ(skeleton_string("F.u.c.k y0u!!"), "f_u_c_k you");
  EXPECT_EQ(skeleton_string("I love it"), "l love lt");    // i and l are one symbol
  EXPECT_EQ(skeleton_string("100 people"), "100 people");  // digits stay digits without letters
  EXPECT_EQ(skeleton_string("Stra\u00DFe caf\u00E9"), "strasse cafe");
  EXPECT_EQ(skeleton_string("who're"), "who re");  // an apostrophe separates words
}

TEST(WordListEvasion, WordsOfTheTextStayApart) {
  const WordList list = compile_text("penis\nass\nhell\nwhore\n");
  EXPECT_FALSE(hit(list, "the pen is mightier"));
  EXPECT_FALSE(hit(list, "has sex"));
  EXPECT_FALSE(hit(list, "he'll be there"));
  EXPECT_FALSE(hit(list, "who're they?"));
  EXPECT_FALSE(hit(list, "hello"));
}

TEST(WordListEvasion, DoubleLettersAreNotStretches) {
  const WordList list = compile_text("ho\nshit\n");
  EXPECT_FALSE(hit(list, "hoo"));
  EXPECT_FALSE(hit(list, "shiitake"));
  EXPECT_TRUE(hit(list, "hooo"));
  EXPECT_TRUE(hit(list, "shiiit"));
}

TEST(WordListEvasion, LeetNeedsALetterNearby) {
  const WordList list = compile_text("shit\n");
  EXPECT_TRUE(hit(list, "shit!"));  // trailing ! is punctuation
  EXPECT_TRUE(hit(list, "(shit)"));
  EXPECT_FALSE(hit(list, "5417"));  // a number is a number
  EXPECT_FALSE(hit(list, "C++ code"));
}

TEST(WordListScunthorpe, WholeWordPhrasesLeaveLongerWordsAlone) {
  const WordList list = compile_text("cunt\npenis\nsex\nass\ncock\ndick\n");
  for (const char* word : {"Scunthorpe", "Penistone", "Middlesex", "Sussex", "classic", "assessment", "cocktail",
                           "Dickens", "Essex", "passage", "peacock"}) {
    EXPECT_FALSE(hit(list, word)) << word;
  }
  EXPECT_TRUE(hit(list, "cunt"));
}

TEST(WordListScunthorpe, BuiltInAllowListProtectsPartialWordPhrases) {
  const WordList list = compile_text("*cunt*\npenis*\n*sex\n*ass*\ncock*\ndick*\n");
  for (const char* word : {"Scunthorpe", "Penistone", "Middlesex", "Sussex", "classic", "assessment", "cocktail",
                           "Dickens", "Dickens's novels", "cocktails", "reassessment?"}) {
    EXPECT_FALSE(hit(list, word)) << word;
  }
  EXPECT_EQ(hits(list, "cocksure dickhead"), std::vector<std::string>{"dick*"});
  EXPECT_EQ(hits(list, "sc.u.n.t"), std::vector<std::string>{"*cunt*"});
}

TEST(WordListScunthorpe, ListingAnAllowedWordItselfStillHits) {
  const WordList list = compile_text("scunthorpe\n");
  EXPECT_TRUE(hit(list, "Scunthorpe"));
}

TEST(WordListAllow, PerPhraseAllowListSuppressesHitsInsideItsWords) {
  const WordList list = compile_text("arse* | arsenal*, arsenic\nretard* | retardant*\n");
  EXPECT_FALSE(hit(list, "Arsenal won"));
  EXPECT_FALSE(hit(list, "arsenic"));
  EXPECT_FALSE(hit(list, "fire retardants"));
  EXPECT_TRUE(hit(list, "arsehole"));
  EXPECT_TRUE(hit(list, "retarded"));
}

TEST(WordListAllow, AllowListBelongsToItsPhrase) {
  const WordList list = compile_text("arse* | arsey\n*sey\n");
  EXPECT_EQ(hits(list, "arsey"), std::vector<std::string>{"*sey"});
}

TEST(WordListAllow, AllowEntriesAreMatchedThroughEvasionToo) {
  const WordList list = compile_text("*cunt* | scunthorpe\n");
  EXPECT_FALSE(hit(list, "SCUNTH0RPE"));
}

TEST(WordListSyntax, PrefixSuffixAndSubstring) {
  const WordList list = compile_text("fuck*\n*fucker\n*wank*\n");
  EXPECT_EQ(hits(list, "fucking"), std::vector<std::string>{"fuck*"});
  EXPECT_EQ(hits(list, "motherfucker"), std::vector<std::string>{"*fucker"});
  EXPECT_EQ(hits(list, "superwankery"), std::vector<std::string>{"*wank*"});
  EXPECT_FALSE(hit(list, "unfucked"));  // neither the start of the word nor "fucker"
}

TEST(WordListSyntax, SpacesMatchAnyGapOrNone) {
  const WordList list = compile_text("dick head\n");
  for (const char* text : {"dick head", "dickhead", "dick-head", "dick\n\nhead", "d i c k h e a d"}) {
    EXPECT_TRUE(hit(list, text)) << text;
  }
  EXPECT_FALSE(hit(list, "dick heads"));
}

TEST(WordListSyntax, EquivalentPhrasesMerge) {
  const WordList list = compile_text("shit | shittim\nSH1T | shittah\n");
  EXPECT_EQ(hits(list, "shit"), std::vector<std::string>{"shit"});
}

TEST(WordListEvidence, OffsetsPointAtTheOriginalBytes) {
  const WordList list = compile_text("fuck*\n");
  const std::string body = "Caf\u00E9 \u2014 what the f.\u00FC.c.k\u200B?! \U0001F621 fuuuucking hell";
  const std::vector<Match> matches = list.find(body);
  ASSERT_EQ(matches.size(), 2U);
  EXPECT_EQ(body.substr(matches[0].begin, matches[0].end - matches[0].begin), "f.\u00FC.c.k");
  EXPECT_EQ(body.substr(matches[1].begin, matches[1].end - matches[1].begin), "fuuuucking");
}

TEST(WordListEvidence, CombiningMarksBelongToTheirLetter) {
  const WordList list = compile_text("cunt\n");
  const std::string body = "a cun\u0301t\u0301!";
  const std::vector<Match> matches = list.find(body);
  ASSERT_EQ(matches.size(), 1U);
  EXPECT_EQ(body.substr(matches[0].begin, matches[0].end - matches[0].begin), "cun\u0301t\u0301");
}

TEST(WordListEvidence, FindingsCarryPhraseTextAndSpan) {
  const WordList list = compile_text("idiot\nmoron\n");
  const std::string body = "you i.d.i.o.t, you m0ron";
  const auto suspect = check_word_list(list, ListKind::kSuspect, body);
  ASSERT_TRUE(suspect.has_value());
  EXPECT_EQ(suspect->action, Action::kHold);
  EXPECT_EQ(suspect->phase, "word_lists");
  EXPECT_EQ(suspect->code, "suspect_words");
  EXPECT_EQ(suspect->message, "suspect phrase 'idiot' matched 'i.d.i.o.t' and 1 more");
  ASSERT_EQ(suspect->evidence.size(), 2U);
  EXPECT_EQ(suspect->evidence[1].label, "moron");
  EXPECT_EQ(suspect->evidence[1].text, "m0ron");
  EXPECT_EQ(suspect->evidence[1].begin, body.find("m0ron"));
  EXPECT_EQ(suspect->evidence[1].end, body.size());

  const auto banned = check_word_list(list, ListKind::kBanned, "moron");
  ASSERT_TRUE(banned.has_value());
  EXPECT_EQ(banned->action, Action::kReject);
  EXPECT_EQ(banned->code, "banned_words");
  EXPECT_EQ(banned->message, "banned phrase 'moron' matched 'moron'");
  EXPECT_FALSE(check_word_list(list, ListKind::kBanned, "a civil comment").has_value());
}

TEST(WordListEvidence, InvalidUtf8InTheBodyIsPunctuation) {
  const WordList list = compile_text("shit\n");
  EXPECT_TRUE(hit(list, "sh\xFFit"));
  EXPECT_TRUE(hit(list, "\xC3 shit \xE2\x82"));
}

TEST(WordListEvidence, MatchesAreCapped) {
  const WordList list = compile_text("shit\n");
  std::string body;
  for (std::size_t i = 0; i < 2 * kMaxMatches; ++i) body += "shit ";
  EXPECT_EQ(list.find(body).size(), kMaxMatches);
  EXPECT_TRUE(list.contains_match(body));
}

TEST(WordListInput, InvalidPhrasesAreRejectedWithAReason) {
  const auto expect_invalid = [](std::vector<PhraseEntry> entries, std::string_view code, std::string_view words) {
    auto list = WordList::compile(std::move(entries));
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, code);
    EXPECT_EQ(list.error().kind, core::ErrorKind::kInvalidArgument);
    EXPECT_NE(list.error().message.find(words), std::string::npos) << list.error().message;
  };
  expect_invalid({{"ok", {}}, {"  ", {}}}, "invalid_phrase", "phrase 2 is empty");
  expect_invalid({{"sh\xFFt", {}}}, "invalid_phrase", "not valid UTF-8");
  expect_invalid({{std::string(kMaxPhraseBytes + 1, 'a'), {}}}, "invalid_phrase", "longer than");
  expect_invalid({{"f*ck", {}}}, "invalid_phrase", "'*'");
  expect_invalid({{"*", {}}}, "invalid_phrase", "no letters or digits");
  expect_invalid({{"?!...", {}}}, "invalid_phrase", "no letters or digits");
  expect_invalid({{"cunt*", {"scunthorpe", ""}}}, "invalid_phrase", "allowed word 2 is empty");
  expect_invalid(std::vector<PhraseEntry>(kMaxPhrases + 1, PhraseEntry{"x", {}}), "too_many_phrases", "at most");
  expect_invalid({{"x", std::vector<std::string>(kMaxAllowPerPhrase + 1, "y")}}, "too_many_phrases", "allowed");
}

TEST(WordListInput, TextFormRoundTrips) {
  const auto entries = parse_phrase_list("# banned\n\n  fuck* \ncock* | cocktail*, cockpit\r\nidiot |\n");
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3U);
  EXPECT_EQ((*entries)[0].phrase, "fuck*");
  EXPECT_EQ((*entries)[1].allow, (std::vector<std::string>{"cocktail*", "cockpit"}));
  EXPECT_TRUE((*entries)[2].allow.empty());
  EXPECT_EQ(format_phrase_line((*entries)[1]), "cock* | cocktail*, cockpit");
  EXPECT_EQ(parse_phrase_line(format_phrase_line((*entries)[1]))->allow, (*entries)[1].allow);

  const auto bad = parse_phrase_list("ok\n | allowed\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "invalid_phrase");
  EXPECT_NE(bad.error().message.find("line 2"), std::string::npos);
}

TEST(WordListInput, EmptyListMatchesNothing) {
  EXPECT_TRUE(WordList().find("anything at all").empty());
  EXPECT_TRUE(compile({}).find("anything").empty());
}

TEST(WordListInput, BuiltInAllowListIsValid) {
  for (const std::string_view entry : builtin_allow_list()) {
    EXPECT_TRUE(WordList::compile({{std::string(entry), {}}}).ok()) << entry;
  }
}

}  // namespace
}  // namespace townhall::moderation
