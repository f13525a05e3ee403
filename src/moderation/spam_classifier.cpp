#include "moderation/spam_classifier.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <utility>

#include "moderation/spam_tokenizer.hpp"

namespace townhall::moderation {

namespace {

// Serialized form: kMagic, a format version, the example counts, the number
// of features, then the features in key order, each as the length of the
// prefix it shares with the previous key, the rest of the key, and its two
// counts; every integer a LEB128 varint.
constexpr std::string_view kMagic = "THSM";
constexpr std::uint64_t kFormatVersion = 1;
constexpr std::size_t kMaxKeyBytes = 256;
// Pruning leaves this fraction of max_vocabulary, so that it runs rarely.
constexpr double kPruneTarget = 0.9;
// The evidence text shown in a Finding's message is cut to this many bytes.
constexpr std::size_t kMessageTextBytes = 24;

// Scratch space reused by every call on a thread, so that scoring allocates
// nothing per token once warmed up.
struct Scratch {
  TokenList tokens;
  std::vector<std::string_view> keys;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

std::string_view capped(std::string_view text, std::size_t max_bytes) { return text.substr(0, max_bytes); }

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view& in, std::uint64_t* v) {
  std::uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in.empty()) return false;
    const auto byte = static_cast<unsigned char>(in.front());
    in.remove_prefix(1);
    result |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

core::Error bad_model(std::string message) {
  return core::make_error(core::ErrorKind::kInvalidArgument, "bad_spam_model", std::move(message));
}

std::uint32_t add_saturating(std::uint32_t count, int delta) {
  if (delta < 0) return count == 0 ? 0 : count - 1;
  return count == std::numeric_limits<std::uint32_t>::max() ? count : count + 1;
}

// The distinct feature keys of `text`, sorted (views into scratch().tokens).
const std::vector<std::string_view>& distinct_keys(std::string_view text) {
  auto& s = scratch();
  tokenize(text, &s.tokens);
  s.keys.clear();
  for (std::size_t i = 0; i < s.tokens.size(); ++i) s.keys.push_back(s.tokens.key(i));
  std::sort(s.keys.begin(), s.keys.end());
  s.keys.erase(std::unique(s.keys.begin(), s.keys.end()), s.keys.end());
  return s.keys;
}

// Cuts at a UTF-8 boundary and marks the cut.
std::string shorten(std::string_view text) {
  if (text.size() <= kMessageTextBytes) return std::string(text);
  std::size_t cut = kMessageTextBytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\u2026";
}

}  // namespace

std::size_t SpamModel::KeyHash::operator()(std::string_view key) const noexcept {
  return std::hash<std::string_view>{}(key);
}

SpamModel::SpamModel(SpamOptions options) : options_(options) {}

void SpamModel::train(std::string_view text, bool spam) { update_locked(text, spam, +1); }

void SpamModel::untrain(std::string_view text, bool spam) { update_locked(text, spam, -1); }

// Named _locked for what it does with the lock once the text is tokenized.
void SpamModel::update_locked(std::string_view text, bool spam, int delta) {
  const auto& keys = distinct_keys(capped(text, options_.max_text_bytes));
  std::unique_lock lock(mu_);
  auto& examples = spam ? spam_examples_ : ham_examples_;
  auto& features = spam ? spam_features_ : ham_features_;
  if (delta > 0) {
    ++examples;
  } else if (examples > 0) {
    --examples;
  }
  for (const auto key : keys) {
    if (delta > 0) {
      auto it = vocabulary_.find(key);
      if (it == vocabulary_.end()) it = vocabulary_.emplace(std::string(key), Counts{}).first;
      auto& count = spam ? it->second.spam : it->second.ham;
      const auto before = count;
      count = add_saturating(count, delta);
      features += count - before;
      continue;
    }
    const auto it = vocabulary_.find(key);
    if (it == vocabulary_.end()) continue;
    auto& count = spam ? it->second.spam : it->second.ham;
    if (count > 0) {
      --count;
      --features;
    }
    if (it->second.spam == 0 && it->second.ham == 0) vocabulary_.erase(it);
  }
  if (vocabulary_.size() > options_.max_vocabulary) prune_locked();
}

void SpamModel::prune_locked() {
  const auto target = static_cast<std::size_t>(static_cast<double>(options_.max_vocabulary) * kPruneTarget);
  // Drop the features seen in the fewest examples first: count how many
  // features each total has, find the total below which enough go.
  std::vector<std::size_t> by_total;
  for (const auto& [key, counts] : vocabulary_) {
    const std::size_t total = std::uint64_t{counts.spam} + counts.ham;
    if (total >= by_total.size()) by_total.resize(total + 1);
    ++by_total[total];
  }
  std::size_t excess = vocabulary_.size() - target;
  std::size_t cutoff = 0;  // drop every feature with total < cutoff ...
  while (cutoff < by_total.size() && by_total[cutoff] <= excess) excess -= by_total[cutoff++];
  // ... and `excess` of those with total == cutoff.
  for (auto it = vocabulary_.begin(); it != vocabulary_.end();) {
    const std::size_t total = std::uint64_t{it->second.spam} + it->second.ham;
    const bool drop = total < cutoff || (total == cutoff && excess > 0 && excess-- > 0);
    if (drop) {
      spam_features_ -= it->second.spam;
      ham_features_ -= it->second.ham;
      it = vocabulary_.erase(it);
    } else {
      ++it;
    }
  }
}

SpamScore SpamModel::score(std::string_view text) const {
  text = capped(text, options_.max_text_bytes);
  const auto& keys = distinct_keys(text);
  struct Candidate {
    double weight;
    std::string_view key;
  };
  // At most explanation_size, strongest first; reused like the scratch.
  thread_local std::vector<Candidate> top;
  top.clear();
  SpamScore result;
  {
    std::shared_lock lock(mu_);
    const double alpha = options_.smoothing;
    const double vocabulary = static_cast<double>(vocabulary_.size());
    // log(denominator_ham / denominator_spam): the same for every feature.
    const double normalizer = std::log((static_cast<double>(ham_features_) + alpha * vocabulary) /
                                       (static_cast<double>(spam_features_) + alpha * vocabulary));
    double log_odds = std::log((static_cast<double>(spam_examples_) + 1) / (static_cast<double>(ham_examples_) + 1));
    for (const auto key : keys) {
      const auto it = vocabulary_.find(key);
      if (it == vocabulary_.end()) continue;
      const double weight = std::log(it->second.spam + alpha) - std::log(it->second.ham + alpha) + normalizer;
      log_odds += weight;
      if (weight <= 0 || options_.explanation_size == 0) continue;
      if (top.size() == options_.explanation_size && top.back().weight >= weight) continue;
      const auto at = std::find_if(top.begin(), top.end(), [&](const Candidate& c) { return c.weight < weight; });
      top.insert(at, Candidate{weight, key});
      if (top.size() > options_.explanation_size) top.pop_back();
    }
    result.log_odds = log_odds;
  }
  result.probability = 1.0 / (1.0 + std::exp(-result.log_odds));
  // The evidence points at the first place the author wrote each feature.
  const auto& tokens = scratch().tokens;
  for (const auto& c : top) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      if (tokens.key(i) != c.key) continue;
      const auto& token = tokens.token(i);
      result.top_tokens.push_back(TokenWeight{std::string(c.key),
                                              std::string(text.substr(token.begin, token.end - token.begin)),
                                              token.begin, token.end, c.weight});
      break;
    }
  }
  return result;
}

std::optional<Finding> SpamModel::check(std::string_view text) const {
  return spam_finding(score(text), options_.hold_threshold);
}

std::optional<Finding> spam_finding(const SpamScore& score, double threshold) {
  if (score.probability < threshold) return std::nullopt;
  Finding finding;
  finding.action = Action::kHold;
  finding.phase = "spam";
  finding.code = "spam";
  // Rounded down, so that a held comment never reads "spam score 1.00".
  const double shown = std::floor(score.probability * 100) / 100;
  finding.message = fmt::format("spam score {:.2f}", std::min(shown, 0.99));
  for (std::size_t i = 0; i < score.top_tokens.size(); ++i) {
    const auto& t = score.top_tokens[i];
    finding.message += i == 0 ? ": top tokens " : ", ";
    finding.message += '"' + shorten(t.text) + '"';
    finding.evidence.push_back(Evidence{t.token, t.text, t.begin, t.end, t.weight});
  }
  return finding;
}

std::string SpamModel::serialize() const {
  std::shared_lock lock(mu_);
  std::vector<const Vocabulary::value_type*> entries;
  entries.reserve(vocabulary_.size());
  for (const auto& entry : vocabulary_) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out(kMagic);
  put_varint(out, kFormatVersion);
  put_varint(out, spam_examples_);
  put_varint(out, ham_examples_);
  put_varint(out, entries.size());
  std::string_view previous;
  for (const auto* entry : entries) {
    const std::string_view key = entry->first;
    const auto shared = static_cast<std::size_t>(
        std::mismatch(previous.begin(), previous.end(), key.begin(), key.end()).first - previous.begin());
    put_varint(out, shared);
    put_varint(out, key.size() - shared);
    out.append(key.substr(shared));
    put_varint(out, entry->second.spam);
    put_varint(out, entry->second.ham);
    previous = key;
  }
  return out;
}

core::Status SpamModel::deserialize(std::string_view bytes) {
  if (bytes.substr(0, kMagic.size()) != kMagic) return bad_model("not a spam model");
  bytes.remove_prefix(kMagic.size());
  std::uint64_t version = 0;
  std::uint64_t spam_examples = 0;
  std::uint64_t ham_examples = 0;
  std::uint64_t size = 0;
  if (!get_varint(bytes, &version) || version != kFormatVersion) return bad_model("unknown spam model version");
  if (!get_varint(bytes, &spam_examples) || !get_varint(bytes, &ham_examples) || !get_varint(bytes, &size)) {
    return bad_model("truncated spam model header");
  }
  // Every feature takes at least four bytes: no claim of more can be true.
  if (size > bytes.size() / 4) return bad_model("spam model feature count exceeds its size");
  Vocabulary vocabulary;
  vocabulary.reserve(size);
  std::uint64_t spam_features = 0;
  std::uint64_t ham_features = 0;
  std::string key;
  for (std::uint64_t i = 0; i < size; ++i) {
    std::uint64_t shared = 0;
    std::uint64_t suffix = 0;
    std::uint64_t spam = 0;
    std::uint64_t ham = 0;
    if (!get_varint(bytes, &shared) || !get_varint(bytes, &suffix) || shared > key.size() || suffix > bytes.size() ||
        shared + suffix > kMaxKeyBytes) {
      return bad_model("corrupt spam model feature");
    }
    std::string next = key.substr(0, shared);
    next.append(bytes.substr(0, suffix));
    bytes.remove_prefix(suffix);
    if (!get_varint(bytes, &spam) || !get_varint(bytes, &ham) || spam > std::numeric_limits<std::uint32_t>::max() ||
        ham > std::numeric_limits<std::uint32_t>::max()) {
      return bad_model("corrupt spam model counts");
    }
    if (i > 0 && next <= key) return bad_model("spam model features out of order");
    key = std::move(next);
    if (spam + ham == 0) continue;
    vocabulary.emplace(key, Counts{static_cast<std::uint32_t>(spam), static_cast<std::uint32_t>(ham)});
    spam_features += spam;
    ham_features += ham;
  }
  if (!bytes.empty()) return bad_model("trailing bytes after spam model");
  std::unique_lock lock(mu_);
  vocabulary_ = std::move(vocabulary);
  spam_examples_ = spam_examples;
  ham_examples_ = ham_examples;
  spam_features_ = spam_features;
  ham_features_ = ham_features;
  if (vocabulary_.size() > options_.max_vocabulary) prune_locked();
  return {};
}

SpamModelStats SpamModel::stats() const {
  std::shared_lock lock(mu_);
  return SpamModelStats{spam_examples_, ham_examples_, vocabulary_.size()};
}

}  // namespace townhall::moderation
