#include "moderation/floods.hpp"

#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "core/text.hpp"
#include "moderation/normalizer.hpp"

namespace townhall::moderation {

using core::append_utf8;

namespace {

// Shards per table: enough that request threads rarely wait on each other.
constexpr std::size_t kShards = 16;
// When a full table has no expired entry, this fraction (1/n) of its least
// recently seen entries is dropped at once, so eviction is amortized O(1).
constexpr std::size_t kEvictFraction = 8;
// Characters per shingle.
constexpr std::size_t kShingle = 4;
// How much of a repeated comment its evidence quotes.
constexpr std::size_t kQuoteBytes = 120;

// Words that short courtesy replies are made of. A short text made only of
// these never counts as a repeat (see floods.hpp). Compared as skeletons.
constexpr auto kCommonWords = std::to_array<std::string_view>({
    "a",
    "about",
    "absolutely",
    "agree",
    "agreed",
    "all",
    "also",
    "am",
    "amazing",
    "an",
    "and",
    "any",
    "are",
    "article",
    "as",
    "at",
    "awesome",
    "be",
    "been",
    "best",
    "brilliant",
    "but",
    "by",
    "can",
    "cheers",
    "comment",
    "completely",
    "congrats",
    "congratulations",
    "correct",
    "could",
    "couldn",
    "d",
    "did",
    "disagree",
    "do",
    "does",
    "don",
    "done",
    "enough",
    "even",
    "ever",
    "exactly",
    "excellent",
    "fair",
    "fantastic",
    "for",
    "from",
    "fully",
    "funny",
    "glad",
    "good",
    "great",
    "ha",
    "haha",
    "had",
    "has",
    "have",
    "he",
    "hear",
    "her",
    "here",
    "his",
    "how",
    "i",
    "in",
    "indeed",
    "interesting",
    "is",
    "isn",
    "it",
    "its",
    "job",
    "just",
    "know",
    "lol",
    "love",
    "ll",
    "m",
    "made",
    "me",
    "more",
    "much",
    "my",
    "nice",
    "no",
    "not",
    "of",
    "ok",
    "okay",
    "on",
    "one",
    "or",
    "our",
    "piece",
    "please",
    "point",
    "post",
    "quite",
    "re",
    "read",
    "really",
    "report",
    "reporting",
    "right",
    "s",
    "sad",
    "said",
    "same",
    "share",
    "sharing",
    "she",
    "so",
    "sorry",
    "spot",
    "story",
    "sure",
    "t",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "there",
    "these",
    "they",
    "this",
    "those",
    "thx",
    "to",
    "too",
    "totally",
    "true",
    "ve",
    "very",
    "was",
    "we",
    "well",
    "were",
    "what",
    "who",
    "why",
    "with",
    "wonderful",
    "work",
    "would",
    "wow",
    "yeah",
    "yep",
    "yes",
    "you",
    "your",
    "yours",
});

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using WordSet = std::unordered_set<std::string, StringHash, std::equal_to<>>;

// The skeleton of a text, each run of a symbol written once.
struct SkeletonWords {
  // Words joined by single spaces; soft boundaries ("c.h.e.a.p", "dick-head")
  // join, so a disguise does not change the shingles.
  std::string text;
  std::string words_text;               // words split at soft boundaries too ("end.Thanks")
  std::vector<std::string_view> words;  // into words_text
  std::size_t chars = 0;                // letters and digits, a stretched run counting at most 2
};

void skeleton_words(std::string_view body, SkeletonWords& out) {
  thread_local std::vector<SkeletonRun> runs;
  thread_local std::vector<std::pair<std::size_t, std::size_t>> spans;  // word spans in words_text
  skeletonize(body, runs);
  out.text.clear();
  out.words_text.clear();
  out.words.clear();
  out.chars = 0;
  spans.clear();
  bool in_word = false;
  for (const SkeletonRun& run : runs) {
    if (run.symbol == kHardBoundary) {
      in_word = false;
      continue;
    }
    if (!in_word) {
      if (!out.text.empty()) out.text += ' ';
    }
    if (!in_word || run.soft_before) {
      if (!out.words_text.empty()) out.words_text += ' ';
      spans.emplace_back(out.words_text.size(), out.words_text.size());
    }
    in_word = true;
    append_utf8(out.text, run.symbol);
    append_utf8(out.words_text, run.symbol);
    spans.back().second = out.words_text.size();
    out.chars += std::min<std::size_t>(run.count, 2);
  }
  for (const auto& [begin, end] : spans) {
    out.words.push_back(std::string_view(out.words_text).substr(begin, end - begin));
  }
}

const WordSet& common_words() {
  static const WordSet words = [] {
    WordSet set;
    SkeletonWords skeleton;
    for (const std::string_view word : kCommonWords) {
      skeleton_words(word, skeleton);
      for (const std::string_view w : skeleton.words) set.emplace(w);
    }
    return set;
  }();
  return words;
}

std::uint32_t mix(std::uint32_t h) {
  // The murmur3 finalizer: spreads a packed shingle over all 32 bits.
  h ^= h >> 16;
  h *= 0x85ebca6bU;
  h ^= h >> 13;
  h *= 0xc2b2ae35U;
  h ^= h >> 16;
  return h;
}

std::string ordinal(std::int64_t n) {
  const std::int64_t tens = n % 100;
  const char* suffix = "th";
  if (tens < 11 || tens > 13) {
    switch (n % 10) {
      case 1: suffix = "st"; break;
      case 2: suffix = "nd"; break;
      case 3: suffix = "rd"; break;
      default: break;
    }
  }
  return std::to_string(n) + suffix;
}

std::string duration(core::Millis millis) {
  constexpr core::Millis kMinutesFrom = 2 * core::kMillisPerMinute;
  constexpr core::Millis kHoursFrom = 2 * core::kMillisPerHour;
  constexpr core::Millis kDaysFrom = 2 * core::kMillisPerDay;
  millis = std::max<core::Millis>(millis, 0);
  if (millis >= kDaysFrom) return std::to_string(millis / core::kMillisPerDay) + " days";
  if (millis >= kHoursFrom) return std::to_string(millis / core::kMillisPerHour) + " h";
  if (millis >= kMinutesFrom) return std::to_string(millis / core::kMillisPerMinute) + " min";
  return std::to_string((millis + core::kMillisPerSecond - 1) / core::kMillisPerSecond) + " s";
}

// The first bytes of `text`, cut at a character boundary.
std::string_view quote(std::string_view text) {
  if (text.size() <= kQuoteBytes) return text;
  std::size_t end = kQuoteBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// Takes a bucket remembers for its message, whatever its capacity: an
// operator who lifts the budget (a newsroom importing, a benchmark) must not
// make every account's bucket huge.
constexpr std::size_t kMaxRecentTakes = 64;

// A token bucket with the times of its recent takes, for the message.
class Bucket {
 public:
  // Takes a token at `now`. Returns 0 when one was there, else how many of
  // the recent takes (this one included, at most 2 × capacity + 2, and at
  // most kMaxRecentTakes) fell within
  // the time the bucket takes to refill, *span the time they took, and
  // *all whether those are all the takes of that time.
  std::int64_t take(const TokenBucketOptions& options, core::Millis now, core::Millis* span, bool* all) {
    const auto capacity = static_cast<double>(options.capacity);
    if (recent_.empty()) {
      const auto wanted = static_cast<std::size_t>(std::max<std::int64_t>(options.capacity, 0)) * 2 + 2;
      recent_.assign(std::min(wanted, kMaxRecentTakes), 0);
      tokens_ = capacity;
      at_ = now;
    }
    if (now > at_) {
      const double refill =
          static_cast<double>(now - at_) / static_cast<double>(std::max<core::Millis>(options.refill_every, 1));
      tokens_ = std::min(capacity, tokens_ + refill);
      at_ = now;
    }
    const bool had_token = tokens_ >= 1;
    tokens_ = std::max(0.0, tokens_ - 1);
    recent_[next_] = now;
    next_ = (next_ + 1) % recent_.size();
    taken_ = std::min(taken_ + 1, recent_.size());
    if (had_token) return 0;
    const core::Millis window = options.capacity * options.refill_every;
    std::int64_t count = 0;
    core::Millis oldest = now;
    for (std::size_t i = 0; i < taken_; ++i) {
      const core::Millis t = recent_[i];
      if (t >= now - window && t <= now) {
        ++count;
        oldest = std::min(oldest, t);
      }
    }
    *span = now - oldest;
    *all = static_cast<std::size_t>(count) < recent_.size();
    return count;
  }

 private:
  double tokens_ = 0;
  core::Millis at_ = 0;
  std::vector<core::Millis> recent_;  // ring of the last min(2 × capacity + 2, kMaxRecentTakes) takes
  std::size_t next_ = 0;
  std::size_t taken_ = 0;
};

struct Print {
  core::Id comment_id = 0;
  core::Id story_id = 0;
  core::Millis at = 0;
  std::vector<std::uint32_t> sketch;
};

struct AccountState {
  Bucket bucket;
  std::vector<Print> prints;  // oldest first
};

struct StoryState {
  std::deque<std::pair<core::Millis, core::Id>> events;  // (at, author), oldest first
};

// A hash table split into kShards locked shards, bounded in size.
template <typename Key, typename State, typename Hash = std::hash<Key>>
class Table {
 public:
  Table(std::size_t max_entries, core::Millis idle_expiry)
      : per_shard_(std::max<std::size_t>(1, max_entries / kShards)), idle_expiry_(idle_expiry) {}

  // Runs fn(State&) under the key's shard lock, creating the entry if needed.
  template <typename Lookup, typename Fn>
  auto with(const Lookup& key, core::Millis now, Fn&& fn) {
    Shard& shard = shards_[Hash{}(key) % kShards];
    std::lock_guard lock(shard.mu);
    auto found = shard.map.find(key);
    if (found == shard.map.end()) {
      if (shard.map.size() >= per_shard_) evict(shard, now);
      found = shard.map.try_emplace(Key(key)).first;
    }
    found->second.last_seen = std::max(found->second.last_seen, now);
    return fn(found->second.state);
  }

  // Calls fn(const State&) for every entry; locks one shard at a time.
  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (const Shard& shard : shards_) {
      std::lock_guard lock(shard.mu);
      for (const auto& [key, entry] : shard.map) fn(entry.state);
    }
  }

 private:
  struct Entry {
    State state;
    core::Millis last_seen = 0;
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<Key, Entry, Hash, std::equal_to<>> map;  // GUARDED_BY(mu)
  };

  // REQUIRES: shard.mu held.
  void evict(Shard& shard, core::Millis now) {
    std::erase_if(shard.map, [&](const auto& item) { return item.second.last_seen < now - idle_expiry_; });
    if (shard.map.size() < per_shard_) return;
    std::vector<core::Millis> seen;
    seen.reserve(shard.map.size());
    for (const auto& [key, entry] : shard.map) seen.push_back(entry.last_seen);
    const std::size_t cut = std::max<std::size_t>(1, seen.size() / kEvictFraction) - 1;
    std::nth_element(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(cut), seen.end());
    const core::Millis threshold = seen[cut];
    std::erase_if(shard.map, [&](const auto& item) { return item.second.last_seen <= threshold; });
  }

  std::array<Shard, kShards> shards_;
  const std::size_t per_shard_;
  const core::Millis idle_expiry_;
};

struct IdHash {
  std::size_t operator()(core::Id id) const noexcept { return std::hash<core::Id>{}(id * 0x9E3779B97F4A7C15ULL); }
};

// "4th comment in 5 s from this account" when `count` are all the comments
// of that time, else "6 comments in 1 s ..." (the last ones, which is what
// the bucket remembers).
Finding flood_finding(std::int64_t count, core::Millis span, bool all, std::string_view who) {
  Finding finding{Action::kHold, "floods", "flood", "", {}};
  finding.message = (all ? ordinal(count) + " comment" : std::to_string(count) + " comments") + " in " +
                    duration(span) + " from this " + std::string(who);
  finding.evidence.push_back(Evidence{std::string(who), "", 0, 0, static_cast<double>(count)});
  return finding;
}

}  // namespace

struct FloodGuard::Impl {
  explicit Impl(const FloodOptions& o)
      : accounts(o.max_accounts, std::max(o.repeat_window, o.account.capacity * o.account.refill_every)),
        addresses(o.max_addresses, o.address.capacity * o.address.refill_every),
        stories(o.max_stories, o.burst_window) {}

  Table<core::Id, AccountState, IdHash> accounts;
  Table<std::string, Bucket, StringHash> addresses;
  Table<core::Id, StoryState, IdHash> stories;
};

FloodGuard::FloodGuard(FloodOptions options) : options_(options), impl_(std::make_unique<Impl>(options_)) {}

FloodGuard::~FloodGuard() = default;

std::vector<Finding> FloodGuard::check(const PostFacts& post, core::Millis now) {
  std::vector<Finding> findings;
  const std::optional<Fingerprint> print = repeat_fingerprint(post.body, options_);

  struct RepeatOf {
    double similarity = 0;
    core::Id comment_id = 0;
    core::Id story_id = 0;
    core::Millis at = 0;
  };
  std::optional<RepeatOf> repeat;
  std::int64_t account_count = 0;
  core::Millis account_span = 0;
  bool account_all = true;

  impl_->accounts.with(post.author_id, now, [&](AccountState& state) {
    if (!post.is_edit) account_count = state.bucket.take(options_.account, now, &account_span, &account_all);
    std::erase_if(state.prints, [&](const Print& p) { return p.at < now - options_.repeat_window; });
    if (print) {
      for (const Print& p : state.prints) {
        if (p.comment_id == post.comment_id) continue;
        const double similarity = sketch_similarity(print->sketch, p.sketch);
        if (similarity >= options_.repeat_similarity && (!repeat || similarity > repeat->similarity)) {
          repeat = RepeatOf{similarity, p.comment_id, p.story_id, p.at};
        }
      }
    }
    auto own = std::find_if(state.prints.begin(), state.prints.end(),
                            [&](const Print& p) { return p.comment_id == post.comment_id; });
    if (own != state.prints.end()) state.prints.erase(own);
    if (print && options_.repeat_history > 0) {
      if (state.prints.size() >= options_.repeat_history) state.prints.erase(state.prints.begin());
      state.prints.push_back(Print{post.comment_id, post.story_id, now, print->sketch});
    }
  });
  if (account_count > 0) findings.push_back(flood_finding(account_count, account_span, account_all, "account"));

  if (!post.is_edit && !post.address.empty()) {
    core::Millis span = 0;
    bool all = true;
    const std::int64_t count = impl_->addresses.with(
        post.address, now, [&](Bucket& bucket) { return bucket.take(options_.address, now, &span, &all); });
    if (count > 0) findings.push_back(flood_finding(count, span, all, "address"));
  }

  if (repeat) {
    Finding finding{Action::kHold, "floods", "repeat", "", {}};
    const auto percent = static_cast<int>(repeat->similarity * 100 + 0.5);
    finding.message = "repeat of a comment posted " + duration(now - repeat->at) + " ago on " +
                      (repeat->story_id == post.story_id ? "this story" : "another story") + " (" +
                      std::to_string(percent) + " % similar)";
    const std::string_view quoted = quote(post.body);
    finding.evidence.push_back(Evidence{"comment " + std::to_string(repeat->comment_id), std::string(quoted), 0,
                                        quoted.size(), repeat->similarity});
    findings.push_back(std::move(finding));
  }

  if (!post.is_edit) {
    const std::size_t accounts = impl_->stories.with(post.story_id, now, [&](StoryState& state) -> std::size_t {
      auto& events = state.events;
      while (!events.empty() && events.front().first < now - options_.burst_window) events.pop_front();
      events.emplace_back(now, post.author_id);
      while (events.size() > options_.burst_max_events) events.pop_front();
      if (events.size() <= options_.burst_accounts) return 0;
      thread_local std::vector<core::Id> authors;
      authors.clear();
      for (const auto& [at, author] : events) {
        if (at >= now - options_.burst_window) authors.push_back(author);
      }
      std::sort(authors.begin(), authors.end());
      return static_cast<std::size_t>(std::unique(authors.begin(), authors.end()) - authors.begin());
    });
    const core::Millis age = now - post.account_created_at;
    if (accounts > options_.burst_accounts && age < options_.burst_young_account) {
      Finding finding{Action::kHold, "floods", "burst", "", {}};
      finding.message = "burst on this story: " + std::to_string(accounts) + " accounts commented in the last " +
                        duration(options_.burst_window) + "; this account is " + duration(age) + " old";
      finding.evidence.push_back(Evidence{"story", "", 0, 0, static_cast<double>(accounts)});
      findings.push_back(std::move(finding));
    }
  }
  return findings;
}

FloodStats FloodGuard::stats() const {
  FloodStats stats;
  impl_->accounts.for_each([&](const AccountState& state) {
    ++stats.accounts;
    stats.fingerprints += state.prints.size();
  });
  impl_->addresses.for_each([&](const Bucket&) { ++stats.addresses; });
  impl_->stories.for_each([&](const StoryState&) { ++stats.stories; });
  return stats;
}

std::optional<Fingerprint> repeat_fingerprint(std::string_view body, const FloodOptions& options) {
  thread_local SkeletonWords skeleton;
  skeleton_words(body, skeleton);
  if (skeleton.chars < options.repeat_min_chars) return std::nullopt;
  if (skeleton.chars < options.repeat_short_chars) {
    const WordSet& common = common_words();
    const bool all_common = std::all_of(skeleton.words.begin(), skeleton.words.end(),
                                        [&](std::string_view w) { return common.find(w) != common.end(); });
    if (all_common) return std::nullopt;
  }
  thread_local std::vector<std::uint32_t> hashes;
  hashes.clear();
  const std::string_view text = skeleton.text;
  const auto hash_at = [&](std::size_t i, std::size_t n) {
    std::uint32_t packed = 0;
    for (std::size_t k = 0; k < n; ++k) packed = (packed << 8) | static_cast<unsigned char>(text[i + k]);
    return mix(packed ^ static_cast<std::uint32_t>(n) << 28);
  };
  if (text.size() < kShingle) {
    hashes.push_back(hash_at(0, text.size()));
  } else {
    for (std::size_t i = 0; i + kShingle <= text.size(); ++i) hashes.push_back(hash_at(i, kShingle));
  }
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  Fingerprint out;
  out.chars = skeleton.chars;
  out.sketch.assign(hashes.begin(), hashes.begin() + static_cast<std::ptrdiff_t>(std::min(hashes.size(), kSketchSize)));
  return out;
}

double sketch_similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  // Bottom-k estimate: among the k smallest hashes of the union, the share
  // that both sketches hold. Exact when both sets are smaller than k.
  if (a.empty() || b.empty()) return 0;
  std::size_t i = 0;
  std::size_t j = 0;
  std::size_t taken = 0;
  std::size_t shared = 0;
  // Branch-free merge while both have hashes left (the comparisons are
  // unpredictable, and every comment is compared with the author's recent
  // ones); a hash in both counts once.
  while (taken < kSketchSize && i < a.size() && j < b.size()) {
    const std::uint32_t x = a[i];
    const std::uint32_t y = b[j];
    shared += static_cast<std::size_t>(x == y);
    i += static_cast<std::size_t>(x <= y);
    j += static_cast<std::size_t>(y <= x);
    ++taken;
  }
  // What is left of one sketch only adds to the union.
  taken = std::min(kSketchSize, taken + (a.size() - i) + (b.size() - j));
  return static_cast<double>(shared) / static_cast<double>(taken);
}

}  // namespace townhall::moderation
