// The tokenizer behind the spam classifier: turns comment text into the
// features the model counts, each with the span of the original text it came
// from, so that a score can be explained with the author's own words.
//
// Features (each a short key; prefixes keep the kinds apart):
//   word          a run of letters and digits, Unicode case-folded
//                 ("Viagra" → "viagra"); apostrophes inside a word are
//                 dropped ("don't" → "dont"); one-letter words are skipped;
//                 ideographs (CJK) count one character each.
//   num:N         a number of N digits ("2024" → "num:4"), capped at num:9,
//                 so that prices and phone numbers share a shape.
//   long:N        a word longer than kMaxWordBytes, by length bucket.
//   url:HOST      a link (http://, https://, www.) or a bare domain with a
//                 common top-level domain; HOST without "www."; a host with
//                 more than two labels adds url:LAST.TWO as well.
//   email:HOST    an e-mail address, by its domain.
//   sym:C         a currency symbol ("$", "€").
//   punct:!!!     three or more exclamation marks in a row.
//   shape:caps    a word of three or more letters written in capitals.
//
// Invalid UTF-8 bytes separate words and are otherwise ignored. Tokenizing
// allocates nothing once the TokenList has grown to the text's size, so a
// TokenList reused across calls keeps scoring allocation-free.
//
// Thread-safety: tokenize() is a pure function; a TokenList is not
// synchronized (use one per thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace townhall::moderation {

// Longer words become long:N; nothing useful is that long in a comment.
inline constexpr std::size_t kMaxWordBytes = 40;

// The tokens of one text: keys in one buffer, each with its source span.
class TokenList {
 public:
  struct Token {
    std::uint32_t key_begin = 0;  // offset of the key in keys_
    std::uint32_t key_size = 0;
    std::uint32_t begin = 0;  // byte span of the source text
    std::uint32_t end = 0;
  };

  void clear() {
    keys_.clear();
    tokens_.clear();
  }
  std::size_t size() const { return tokens_.size(); }
  bool empty() const { return tokens_.empty(); }
  std::string_view key(std::size_t i) const {
    return std::string_view(keys_).substr(tokens_[i].key_begin, tokens_[i].key_size);
  }
  const Token& token(std::size_t i) const { return tokens_[i]; }

  // Starts a key at source offset `begin`; append to it with key_buffer(),
  // then finish it with end_key() or drop it with cancel_key().
  void begin_key(std::size_t begin) {
    pending_key_begin_ = keys_.size();
    pending_begin_ = begin;
  }
  std::string& key_buffer() { return keys_; }
  std::size_t pending_key_size() const { return keys_.size() - pending_key_begin_; }
  std::string_view pending_key() const { return std::string_view(keys_).substr(pending_key_begin_); }
  std::size_t pending_begin() const { return pending_begin_; }
  void end_key(std::size_t end);
  void cancel_key() { keys_.resize(pending_key_begin_); }

  // Appends a whole key in one go.
  void add(std::string_view key, std::size_t begin, std::size_t end);

 private:
  std::string keys_;
  std::vector<Token> tokens_;
  std::size_t pending_key_begin_ = 0;
  std::size_t pending_begin_ = 0;
};

// Replaces the contents of *out with the tokens of `text`, in text order and
// with repeats. REQUIRES: text.size() < 4 GiB (callers cap comments far
// below that).
void tokenize(std::string_view text, TokenList* out);

}  // namespace townhall::moderation
