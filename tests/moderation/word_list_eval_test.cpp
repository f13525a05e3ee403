// The word-list matcher measured on data: recall on an evasion set and false
// positives on a whole English dictionary, against a 2,000-phrase list. The
// figures are printed for docs/moderation.md and the targets asserted.
//
// The list: data/offensive_base.txt (written phrases), then "you <noun>" and
// "<modifier> <noun>" from data/combinations.txt, in order, until there are
// 2,000 phrases.
// The evasion set: data/evasions.tsv (made by data/make_evasions.py).
// The dictionary: Debian's /usr/share/dict/british-english-large (package
// wbritish-large). A word counts as a false positive unless it is listed in
// data/dictionary_offensive.txt: dictionary words that are themselves the
// offensive words of the list (the dictionary has "wanker" and "cunt").
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "moderation/evaluation_data.hpp"
#include "moderation/word_list.hpp"

namespace townhall::moderation {
namespace {

constexpr std::size_t kListSize = 2000;
constexpr double kMinRecall = 0.99;
constexpr double kMaxFalsePositiveRate = 0.0005;
constexpr std::size_t kMinEvasionCases = 300;
constexpr const char* kDictionary = "/usr/share/dict/british-english-large";

using evaluation::data_dir;
using evaluation::read_file;

std::vector<PhraseEntry> evaluation_list() {
  const evaluation::Vocabulary vocabulary = evaluation::load_vocabulary();
  EXPECT_FALSE(vocabulary.base.empty()) << "offensive_base.txt";
  return evaluation::evaluation_list(vocabulary, kListSize);
}

// \uXXXX and \UXXXXXXXX escapes to UTF-8.
std::string unescape(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'u' || text[i + 1] == 'U')) {
      const std::size_t digits = text[i + 1] == 'u' ? 4 : 8;
      core::append_utf8(out, static_cast<char32_t>(std::stoul(text.substr(i + 2, digits), nullptr, 16)));
      i += 1 + digits;
    } else {
      out += text[i];
    }
  }
  return out;
}

class WordListEvaluation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto compiled = WordList::compile(evaluation_list());
    ASSERT_TRUE(compiled.ok()) << compiled.error().message;
    list_ = new WordList(std::move(compiled).value());
  }
  static void TearDownTestSuite() {
    delete list_;
    list_ = nullptr;
  }
  static WordList* list_;
};

WordList* WordListEvaluation::list_ = nullptr;

TEST_F(WordListEvaluation, ListHasTwoThousandPhrases) { EXPECT_EQ(list_->size(), kListSize); }

TEST_F(WordListEvaluation, RecallOnEvasionSet) {
  std::ifstream in(data_dir() / "evasions.tsv");
  std::map<std::string, std::pair<std::size_t, std::size_t>> by_technique;  // hits, cases
  std::size_t cases = 0;
  std::size_t hits = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab1 = line.find('\t');
    const auto tab2 = line.find('\t', tab1 + 1);
    ASSERT_NE(tab2, std::string::npos) << line;
    const std::string phrase = line.substr(0, tab1);
    const std::string technique = line.substr(tab1 + 1, tab2 - tab1 - 1);
    const std::string text = unescape(line.substr(tab2 + 1));
    bool hit = false;
    for (const Match& match : list_->find(text)) hit = hit || list_->entries()[match.phrase].phrase == phrase;
    ++cases;
    auto& [technique_hits, technique_cases] = by_technique[technique];
    ++technique_cases;
    if (hit) {
      ++hits;
      ++technique_hits;
    } else {
      std::printf("  missed: %s (%s): %s\n", phrase.c_str(), technique.c_str(), text.c_str());
    }
  }
  const double recall = cases == 0 ? 0 : static_cast<double>(hits) / static_cast<double>(cases);
  for (const auto& [technique, counts] : by_technique) {
    std::printf("  %-22s %3zu / %3zu\n", technique.c_str(), counts.first, counts.second);
  }
  std::printf("EVASION RECALL: %zu / %zu cases = %.2f %% (%zu techniques, %zu-phrase list)\n", hits, cases,
              100.0 * recall, by_technique.size(), list_->size());
  EXPECT_GE(cases, kMinEvasionCases);
  EXPECT_GE(recall, kMinRecall);
}

TEST_F(WordListEvaluation, FalsePositivesOnEnglishDictionary) {
  std::ifstream dictionary(kDictionary);
  if (!dictionary) GTEST_SKIP() << kDictionary << " is missing: apt-get install wbritish-large";
  std::set<std::string> offensive;
  std::ifstream expected(data_dir() / "dictionary_offensive.txt");
  for (std::string line; std::getline(expected, line);) {
    if (!line.empty() && line[0] != '#') offensive.insert(line);
  }
  std::size_t words = 0;
  std::size_t flagged = 0;
  std::size_t intended = 0;
  std::vector<std::string> false_positives;
  for (std::string word; std::getline(dictionary, word);) {
    if (word.empty()) continue;
    ++words;
    const std::vector<Match> matches = list_->find(word);
    if (matches.empty()) continue;
    ++flagged;
    if (offensive.count(word) != 0) {
      ++intended;
    } else {
      false_positives.push_back(word + " (" + list_->entries()[matches.front().phrase].phrase + ")");
    }
  }
  for (const std::string& entry : false_positives) std::printf("  false positive: %s\n", entry.c_str());
  const double rate = words == 0 ? 1 : static_cast<double>(false_positives.size()) / static_cast<double>(words);
  std::printf(
      "DICTIONARY: %zu words tested, %zu flagged, %zu of them offensive words of the list "
      "(data/dictionary_offensive.txt), %zu false positives = %.4f %%\n",
      words, flagged, intended, false_positives.size(), 100.0 * rate);
  EXPECT_GT(words, 100'000U);
  EXPECT_LE(rate, kMaxFalsePositiveRate);
}

}  // namespace
}  // namespace townhall::moderation
