#include "moderation/spam_tokenizer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace townhall::moderation {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> keys(std::string_view text) {
  TokenList tokens;
  tokenize(text, &tokens);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < tokens.size(); ++i) out.emplace_back(tokens.key(i));
  return out;
}

TEST(SpamTokenizer, WordsAreCaseFoldedAndOneLetterWordsSkipped) {
  EXPECT_THAT(keys("Buy a Cheap watch"), ElementsAre("buy", "cheap", "watch"));
}

TEST(SpamTokenizer, FoldsUnicodeCase) {
  EXPECT_THAT(keys("STRASSE Straße ÉTÉ"), ElementsAre("strasse", "shape:caps", "straße", "été", "shape:caps"));
}

TEST(SpamTokenizer, ApostrophesJoinContractions) { EXPECT_THAT(keys("don't won\u2019t"), ElementsAre("dont", "wont")); }

TEST(SpamTokenizer, CapitalWordsAddAShapeFeature) {
  EXPECT_THAT(keys("FREE money OK"), ElementsAre("free", "shape:caps", "money", "ok"));
}

TEST(SpamTokenizer, NumbersBecomeTheirShape) {
  EXPECT_THAT(keys("call 5551234 in 2024, 7 days, 12345678901234"),
              ElementsAre("call", "num:7", "in", "num:4", "num:1", "days", "num:9"));
}

TEST(SpamTokenizer, LinksBecomeTheirHostAndDomain) {
  EXPECT_THAT(keys("see http://Cheap.Pills.example.com/buy?now=1 and https://www.news.org."),
              ElementsAre("see", "url:cheap.pills.example.com", "url:example.com", "and", "url:news.org"));
}

TEST(SpamTokenizer, BareDomainsAndEmailAddressesAreRecognized) {
  EXPECT_THAT(
      keys("visit casino-bonus.xyz or mail win@prize.example.net"),
      ElementsAre("visit", "url:casino-bonus.xyz", "or", "mail", "email:prize.example.net", "email:example.net"));
}

TEST(SpamTokenizer, DottedWordsThatAreNotDomainsStayWords) {
  EXPECT_THAT(keys("e.g. the end.Next"), ElementsAre("the", "end", "next"));
}

TEST(SpamTokenizer, CurrencyAndExclamationRunsAreFeatures) {
  EXPECT_THAT(keys("$500 now!!! €3 ok!"), ElementsAre("sym:$", "num:3", "now", "punct:!!!", "sym:€", "num:1", "ok"));
}

TEST(SpamTokenizer, IdeographsCountOneEach) { EXPECT_THAT(keys("免费注册"), ElementsAre("免", "费", "注", "册")); }

TEST(SpamTokenizer, VeryLongWordsBecomeALengthBucket) {
  EXPECT_THAT(keys(std::string(95, 'x') + " end"), ElementsAre("long:9", "end"));
}

TEST(SpamTokenizer, EveryTokenKnowsItsSourceSpan) {
  const std::string text = "Hello http://spam.example/x WORLD";
  TokenList tokens;
  tokenize(text, &tokens);
  ASSERT_EQ(tokens.size(), 4U);
  const auto span = [&](std::size_t i) {
    return text.substr(tokens.token(i).begin, tokens.token(i).end - tokens.token(i).begin);
  };
  EXPECT_EQ(span(0), "Hello");
  EXPECT_EQ(span(1), "http://spam.example/x");
  EXPECT_EQ(span(2), "WORLD");
  EXPECT_EQ(tokens.key(3), "shape:caps");
  EXPECT_EQ(span(3), "WORLD");
}

TEST(SpamTokenizer, EmptyAndPunctuationOnlyTextsHaveNoTokens) {
  EXPECT_THAT(keys(""), IsEmpty());
  EXPECT_THAT(keys(" \n\t.,;-- ?!"), IsEmpty());
}

TEST(SpamTokenizer, InvalidUtf8SeparatesWords) {
  EXPECT_THAT(keys("cheap\xff\xfe"
                   "pills \xc3"),
              ElementsAre("cheap", "pills"));
  EXPECT_THAT(keys("\xe2\x82"), IsEmpty());  // a truncated sequence at the end
}

TEST(SpamTokenizer, AReusedListIsReplacedNotAppended) {
  TokenList tokens;
  tokenize("one two three", &tokens);
  tokenize("four", &tokens);
  ASSERT_EQ(tokens.size(), 1U);
  EXPECT_EQ(tokens.key(0), "four");
}

}  // namespace
}  // namespace townhall::moderation
