// The word-list evaluation's data (tests/moderation/data), shared by the
// evaluation test and the benchmarks that reuse its 2,000-phrase list.
// Header-only so that bench/ can include it without a test library.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "moderation/word_list.hpp"

namespace townhall::moderation::evaluation {

inline std::filesystem::path data_dir() { return std::filesystem::path(__FILE__).parent_path() / "data"; }

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The offensive base phrases and the nouns and modifiers the list combines.
struct Vocabulary {
  std::vector<PhraseEntry> base;  // empty when offensive_base.txt does not parse
  std::vector<std::string> nouns;
  std::vector<std::string> modifiers;
};

inline std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    const auto first = item.find_first_not_of(' ');
    if (first != std::string::npos) items.push_back(item.substr(first, item.find_last_not_of(' ') - first + 1));
  }
  return items;
}

inline Vocabulary load_vocabulary() {
  Vocabulary v;
  if (auto base = parse_phrase_list(read_file(data_dir() / "offensive_base.txt")); base.ok()) v.base = *base;
  std::ifstream combinations(data_dir() / "combinations.txt");
  for (std::string line; std::getline(combinations, line);) {
    if (line.rfind("nouns:", 0) == 0) v.nouns = split_list(line.substr(6));
    if (line.rfind("modifiers:", 0) == 0) v.modifiers = split_list(line.substr(10));
  }
  return v;
}

// The evaluation list: the base phrases, "you <noun>" for every noun, then
// "<modifier> <noun>" until the list holds `size` phrases.
inline std::vector<PhraseEntry> evaluation_list(const Vocabulary& v, std::size_t size) {
  std::vector<PhraseEntry> entries = v.base;
  for (const std::string& noun : v.nouns) entries.push_back({"you " + noun, {}});
  for (const std::string& modifier : v.modifiers) {
    for (const std::string& noun : v.nouns) {
      if (entries.size() < size) entries.push_back({modifier + " " + noun, {}});
    }
  }
  return entries;
}

}  // namespace townhall::moderation::evaluation
