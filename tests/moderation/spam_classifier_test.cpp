#include "moderation/spam_classifier.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace townhall::moderation {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kSpam[] = {
    "Cheap viagra, winner! Claim your free prize at http://cheap-pills.example.com now",
    "You are a WINNER: free casino bonus, click http://cheap-pills.example.com/win",
    "Buy cheap viagra online, free shipping, visit cheap-pills.example.com today",
    "Free money!!! Work from home, earn $5000 a week, click here",
};
constexpr const char* kHam[] = {
    "The council vote on the new bridge was closer than the article suggests.",
    "I disagree with the author: the bridge budget was debated for two years.",
    "Thanks for the reporting, the timeline of the council meeting is helpful.",
    "Does anyone know when the bridge is supposed to open to cyclists?",
};

void train_corpus(SpamModel& model) {
  for (const auto* text : kSpam) model.train(text, true);
  for (const auto* text : kHam) model.train(text, false);
}

TEST(SpamModel, AnUntrainedModelScoresEverythingAtOneHalfAndHoldsNothing) {
  SpamModel model;
  const auto score = model.score("Cheap viagra http://spam.example");
  EXPECT_DOUBLE_EQ(score.probability, 0.5);
  EXPECT_TRUE(score.top_tokens.empty());
  EXPECT_FALSE(model.check("Cheap viagra http://spam.example").has_value());
}

TEST(SpamModel, SeparatesSpamFromHamAfterTraining) {
  SpamModel model;
  train_corpus(model);
  EXPECT_GT(model.score("free viagra winner, click http://cheap-pills.example.com").probability, 0.99);
  EXPECT_LT(model.score("the council should publish the bridge budget").probability, 0.01);
}

TEST(SpamModel, EachModeratorDecisionMovesTheScore) {
  SpamModel model;
  train_corpus(model);
  const std::string text = "Great crypto opportunity, message me on telegram";
  const double before = model.score(text).probability;
  model.train("crypto opportunity on telegram, guaranteed returns", true);
  const double after_spam = model.score(text).probability;
  EXPECT_GT(after_spam, before);
  model.train("The telegram from the mayor's office was quoted in full.", false);
  EXPECT_LT(model.score(text).probability, after_spam);
}

TEST(SpamModel, UntrainReversesADecisionExactly) {
  SpamModel model;
  train_corpus(model);
  const auto bytes = model.serialize();
  const std::string text = "A mistaken rejection about the bridge budget";
  model.train(text, true);
  EXPECT_NE(model.serialize(), bytes);
  model.untrain(text, true);
  EXPECT_EQ(model.serialize(), bytes);
}

TEST(SpamModel, UntrainWithoutTrainNeverGoesNegative) {
  SpamModel model;
  model.untrain("never seen before", true);
  const auto stats = model.stats();
  EXPECT_EQ(stats.spam_examples, 0U);
  EXPECT_EQ(stats.vocabulary, 0U);
  EXPECT_DOUBLE_EQ(model.score("never seen before").probability, 0.5);
}

TEST(SpamModel, ExplainsAScoreWithTheTokensThatWeighedMost) {
  SpamModel model;
  train_corpus(model);
  const std::string text = "Hello, CHEAP viagra for the winner: http://cheap-pills.example.com/x";
  const auto score = model.score(text);
  ASSERT_FALSE(score.top_tokens.empty());
  ASSERT_LE(score.top_tokens.size(), model.options().explanation_size);
  for (std::size_t i = 0; i < score.top_tokens.size(); ++i) {
    const auto& t = score.top_tokens[i];
    EXPECT_GT(t.weight, 0) << t.token;
    if (i > 0) {
      EXPECT_LE(t.weight, score.top_tokens[i - 1].weight);
    }
    EXPECT_EQ(text.substr(t.begin, t.end - t.begin), t.text) << t.token;
  }
  std::vector<std::string> tokens;
  for (const auto& t : score.top_tokens) tokens.push_back(t.token);
  EXPECT_THAT(tokens, ::testing::Contains("viagra"));
  EXPECT_THAT(tokens, ::testing::Contains("url:cheap-pills.example.com"));
  EXPECT_THAT(tokens, ::testing::Not(::testing::Contains("hello")));
}

TEST(SpamModel, ALikelySpamCommentIsHeldNeverRejected) {
  SpamModel model;
  train_corpus(model);
  const auto finding = model.check("Cheap viagra! You are a winner, click http://cheap-pills.example.com/win");
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->action, Action::kHold);
  EXPECT_EQ(finding->phase, "spam");
  EXPECT_EQ(finding->code, "spam");
  EXPECT_THAT(finding->message, StartsWith("spam score 0.99: top tokens \""));
  EXPECT_THAT(finding->message, HasSubstr("\"http://cheap-pills.examp\u2026\""));
  ASSERT_FALSE(finding->evidence.empty());
  for (const auto& e : finding->evidence) {
    EXPECT_FALSE(e.label.empty());
    EXPECT_GT(e.weight, 0);
    EXPECT_LT(e.begin, e.end);
  }
  EXPECT_FALSE(model.check("When does the bridge open to cyclists?").has_value());
}

TEST(SpamModel, TheHoldThresholdIsAnOption) {
  SpamOptions options;
  options.hold_threshold = 0.9999999;
  SpamModel strict(options);
  train_corpus(strict);
  const std::string borderline = "free shipping for the council";
  EXPECT_LT(strict.score(borderline).probability, options.hold_threshold);
  EXPECT_FALSE(strict.check(borderline).has_value());
}

TEST(SpamModel, SerializationRoundTripsScoresAndStats) {
  SpamModel model;
  train_corpus(model);
  const auto bytes = model.serialize();
  SpamModel copy;
  ASSERT_TRUE(copy.deserialize(bytes).ok());
  EXPECT_EQ(copy.serialize(), bytes);
  EXPECT_EQ(copy.stats().vocabulary, model.stats().vocabulary);
  EXPECT_EQ(copy.stats().spam_examples, 4U);
  EXPECT_EQ(copy.stats().ham_examples, 4U);
  for (const auto* text : {"cheap viagra winner", "the bridge council", ""}) {
    EXPECT_DOUBLE_EQ(copy.score(text).probability, model.score(text).probability) << text;
  }
}

TEST(SpamModel, TheSerializedFormIsCompact) {
  SpamModel model;
  train_corpus(model);
  // Front-coded keys and varint counts: a few bytes per feature.
  EXPECT_LT(model.serialize().size(), model.stats().vocabulary * 12);
}

TEST(SpamModel, DeserializeRejectsCorruptBytesAndKeepsTheModel) {
  SpamModel model;
  train_corpus(model);
  const auto good = model.serialize();
  const double before = model.score("cheap viagra").probability;
  const std::vector<std::string> corrupt = {
      "",
      "nope",
      good.substr(0, good.size() / 2),
      good + "x",
      "THSM" + std::string(1, '\x07'),
      std::string("THSM\x01\x00\x00\xff\xff\xff\xff\x0f", 12),  // claims billions of features
  };
  for (const auto& bytes : corrupt) {
    const auto status = model.deserialize(bytes);
    ASSERT_FALSE(status.ok()) << bytes.size();
    EXPECT_EQ(status.error().code, "bad_spam_model");
  }
  EXPECT_EQ(model.serialize(), good);
  EXPECT_DOUBLE_EQ(model.score("cheap viagra").probability, before);
}

TEST(SpamModel, OddInputIsScoredNotRejected) {
  SpamModel model;
  train_corpus(model);
  const double prior = model.score("").probability;
  EXPECT_DOUBLE_EQ(prior, 0.5);  // as many spam as ham examples
  EXPECT_DOUBLE_EQ(model.score("   \n\t").probability, prior);
  EXPECT_GT(model.score("cheap\xff\xfe viagra \xc3").probability, 0.5);
  model.train("\xff\xfe\xfd", true);  // no features, still an example
  EXPECT_EQ(model.stats().spam_examples, 5U);
}

TEST(SpamModel, OnlyTheFirstMaxTextBytesOfAnEnormousTextCount) {
  SpamOptions options;
  options.max_text_bytes = 1000;
  SpamModel model(options);
  train_corpus(model);
  std::string enormous(10'000'000, ' ');
  enormous.replace(enormous.size() - 30, 20, "cheap viagra winner");
  EXPECT_DOUBLE_EQ(model.score(enormous).probability, model.score("").probability);
  const auto vocabulary = model.stats().vocabulary;
  model.train(enormous, true);  // nothing but spaces in its first 1000 bytes
  EXPECT_EQ(model.stats().vocabulary, vocabulary);
}

TEST(SpamModel, TheVocabularyStaysWithinItsCap) {
  SpamOptions options;
  options.max_vocabulary = 100;
  SpamModel model(options);
  for (int i = 0; i < 500; ++i) {
    const bool spam = i % 2 == 0;
    model.train((spam ? "offer words unique" : "bridge words unique") + std::to_string(i) + "x", spam);
  }
  EXPECT_LE(model.stats().vocabulary, options.max_vocabulary);
  // The features seen most survive pruning; the rarest went first.
  EXPECT_GT(model.score("offer").probability, 0.99);
  EXPECT_LT(model.score("bridge").probability, 0.01);
  EXPECT_EQ(model.stats().spam_examples + model.stats().ham_examples, 500U);
}

// The contract of the header: score() and serialize() from any number of
// threads while one writer trains and untrains.
TEST(SpamModel, ScoresFromManyThreadsWhileAWriterTrains) {
  constexpr int kReaders = 3;
  constexpr int kScoresPerReader = 3000;
  constexpr int kTrainings = 2000;
  SpamModel model;
  train_corpus(model);
  std::atomic<int> wrong{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < kReaders; ++r) {
    readers.emplace_back([&] {
      for (int i = 0; i < kScoresPerReader; ++i) {
        const auto score = model.score("cheap viagra winner http://cheap-pills.example.com");
        if (!(score.probability > 0.5 && score.probability <= 1.0)) ++wrong;
        if (i % 100 == 0 && model.serialize().empty()) ++wrong;
      }
    });
  }
  for (int i = 0; i < kTrainings; ++i) {
    model.train("more ham about the bridge " + std::to_string(i), false);
    if (i % 3 == 0) model.untrain("more ham about the bridge " + std::to_string(i), false);
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(model.stats().ham_examples, 4U + kTrainings - (kTrainings + 2) / 3);
}

}  // namespace
}  // namespace townhall::moderation
