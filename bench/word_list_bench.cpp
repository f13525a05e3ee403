// Throughput of the word-list matcher on comment text, with the 2,000-phrase
// evaluation list of tests/moderation (word_list_eval_test.cpp builds the same
// list). Target: 50 MB/s on one core for typical comments.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "moderation/evaluation_data.hpp"
#include "moderation/word_list.hpp"

namespace {

using townhall::moderation::PhraseEntry;
using townhall::moderation::WordList;

constexpr std::size_t kListSize = 2000;
constexpr std::size_t kCorpusBytes = 1 << 20;

const WordList& evaluation_list() {
  static const WordList list = WordList::compile(townhall::moderation::evaluation::evaluation_list(
                                                     townhall::moderation::evaluation::load_vocabulary(), kListSize))
                                   .value();
  return list;
}

// Comments as readers write them under a news story.
const char* const kAsciiComments[] = {
    "I read the whole article twice and I still don't understand why the council approved the plan without "
    "a proper consultation. The residents of the estate were told in March that nothing would change.\n",
    "Great piece, thanks. My grandmother lived in Scunthorpe for forty years and the steelworks were the "
    "heart of the town; it's sad to see how little is left of it now.",
    "This is exactly the kind of reporting we need more of. Well done to the journalist for following the "
    "money - 12.5 million pounds over three years is not a rounding error!",
    "Does anyone know whether the 7:45 train from Penistone is still running after the timetable change? "
    "The website says one thing and the app says another.",
    "Absolutely disgraceful decision by the referee. Second yellow? Never. Watch the replay, he got the ball "
    "first, then the player went down like he'd been shot.",
    "Can we please stop pretending this is a classic assessment of the evidence. It's an opinion column, and "
    "a weak one at that. Cocktail bars in Middlesex are not the economy.",
};
const char* const kTypicalExtras[] = {
    "I don’t think that’s fair — the minister said “no new taxes” in 2019. 🙄\n",
    "Brilliant! 👏👏 Couldn’t agree more… see you at the café on Saturday.\n",
};
const char* const kNonLatin[] = {
    "Ich habe den Artikel gelesen und finde die Entscheidung des Gemeinderats völlig unverständlich. Grüße!\n",
    "Статья хорошая, но автор забыл упомянуть, что решение приняли без обсуждения с жителями района.\n",
    "C’est une très bonne analyse, même si la conclusion me paraît un peu hâtive. Ελπίζω να συνεχίσετε.\n",
};

std::string corpus(bool typical, bool non_latin) {
  std::string text;
  std::size_t i = 0;
  while (text.size() < kCorpusBytes) {
    if (non_latin) {
      text += kNonLatin[i % std::size(kNonLatin)];
    } else {
      text += kAsciiComments[i % std::size(kAsciiComments)];
      if (typical && i % 3 == 0) text += kTypicalExtras[(i / 3) % std::size(kTypicalExtras)];
    }
    ++i;
  }
  return text;
}

void run(benchmark::State& state, const std::string& text, std::size_t comment_bytes) {
  const WordList& list = evaluation_list();
  std::vector<std::string_view> comments;
  for (std::size_t at = 0; at + comment_bytes <= text.size(); at += comment_bytes) {
    comments.push_back(std::string_view(text).substr(at, comment_bytes));
  }
  std::size_t next = 0;
  std::size_t matches = 0;
  for (auto _ : state) {
    const std::string_view comment = comments[next];
    next = (next + 1) % comments.size();
    matches += list.find(comment).size();
    benchmark::DoNotOptimize(matches);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * comment_bytes));
}

// One comment of `range(0)` bytes per iteration, plain ASCII English.
void BM_WordListAscii(benchmark::State& state) {
  static const std::string text = corpus(false, false);
  run(state, text, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_WordListAscii)->Arg(500)->Arg(4000)->Arg(64 << 10);

// With curly quotes, dashes, ellipses and emoji, as most comments have.
void BM_WordListTypical(benchmark::State& state) {
  static const std::string text = corpus(true, false);
  run(state, text, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_WordListTypical)->Arg(500)->Arg(4000)->Arg(64 << 10);

// German, Russian, French and Greek: every letter outside ASCII.
void BM_WordListNonLatin(benchmark::State& state) {
  static const std::string text = corpus(false, true);
  run(state, text, static_cast<std::size_t>(state.range(0)));
}
BENCHMARK(BM_WordListNonLatin)->Arg(500)->Arg(4000);

void BM_WordListCompile2000(benchmark::State& state) {
  const WordList& list = evaluation_list();
  for (auto _ : state) {
    auto compiled = WordList::compile(list.entries());
    benchmark::DoNotOptimize(compiled);
  }
}
BENCHMARK(BM_WordListCompile2000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
