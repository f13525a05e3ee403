#include "core/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace townhall::core {
namespace {

using namespace std::string_view_literals;

struct Utf8Case {
  std::string_view name;
  std::string_view text;
  bool valid;
};

// Boundaries of Unicode's well-formed byte sequences (Table 3-7), one row each.
constexpr Utf8Case kUtf8Cases[] = {
    {"empty", ""sv, true},
    {"ascii", "hello, world"sv, true},
    {"nul_is_valid_utf8", "a\0b"sv, true},
    {"two_byte_lowest", "\xC2\x80"sv, true},
    {"two_byte_highest", "\xDF\xBF"sv, true},
    {"three_byte_lowest", "\xE0\xA0\x80"sv, true},
    {"three_byte_before_surrogates", "\xED\x9F\xBF"sv, true},
    {"three_byte_after_surrogates", "\xEE\x80\x80"sv, true},
    {"three_byte_highest", "\xEF\xBF\xBF"sv, true},
    {"four_byte_lowest", "\xF0\x90\x80\x80"sv, true},
    {"four_byte_emoji", "\xF0\x9F\x98\x80"sv, true},
    {"four_byte_highest", "\xF4\x8F\xBF\xBF"sv, true},
    {"mixed_scripts",
     "Gr\xC3\xBC\xC3\x9F"
     "e \xE4\xBD\xA0\xE5\xA5\xBD \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85"sv,
     true},
    {"overlong_slash_2", "\xC0\xAF"sv, false},
    {"overlong_nul_2", "\xC0\x80"sv, false},
    {"overlong_c1", "\xC1\xBF"sv, false},
    {"overlong_slash_3", "\xE0\x80\xAF"sv, false},
    {"overlong_3_highest", "\xE0\x9F\xBF"sv, false},
    {"overlong_slash_4", "\xF0\x80\x80\xAF"sv, false},
    {"overlong_4_highest", "\xF0\x8F\xBF\xBF"sv, false},
    {"high_surrogate", "\xED\xA0\x80"sv, false},
    {"low_surrogate", "\xED\xBF\xBF"sv, false},
    {"surrogate_pair_cesu8", "\xED\xA0\xBD\xED\xB8\x80"sv, false},
    {"above_max", "\xF4\x90\x80\x80"sv, false},
    {"lead_f5", "\xF5\x80\x80\x80"sv, false},
    {"lead_ff", "\xFF"sv, false},
    {"lead_fe", "\xFE"sv, false},
    {"five_byte_form", "\xF8\x88\x80\x80\x80"sv, false},
    {"lone_continuation", "\x80"sv, false},
    {"continuation_after_ascii", "a\xBF"sv, false},
    {"truncated_2", "\xC3"sv, false},
    {"truncated_3_of_1", "\xE2"sv, false},
    {"truncated_3_of_2", "\xE2\x82"sv, false},
    {"truncated_4_of_3", "\xF0\x9F\x98"sv, false},
    {"truncated_in_middle", "a\xE2\x82z"sv, false},
    {"truncated_emoji_then_ascii",
     "\xF0\x9F\x98"
     "a"sv,
     false},
    {"bad_third_byte", "\xE2\x82\x41"sv, false},
    {"bad_fourth_byte", "\xF0\x9F\x98\x41"sv, false},
    {"two_byte_then_continuation", "\xC3\xA9\x80"sv, false},
};

TEST(IsValidUtf8, Table) {
  for (const auto& c : kUtf8Cases) {
    EXPECT_EQ(is_valid_utf8(c.text), c.valid) << c.name;
  }
}

TEST(IsValidUtf8, EveryCodePointRoundTrips) {
  // Encode every scalar value by hand and check the validator agrees; then
  // check that all surrogates are refused.
  auto encode = [](char32_t cp) {
    std::string s;
    if (cp < 0x80) {
      s += static_cast<char>(cp);
    } else if (cp < 0x800) {
      s += static_cast<char>(0xC0 | (cp >> 6));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      s += static_cast<char>(0xE0 | (cp >> 12));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      s += static_cast<char>(0xF0 | (cp >> 18));
      s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
  };
  int wrong = 0;
  for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    const std::string s = encode(cp);
    if (is_valid_utf8(s) == surrogate) ++wrong;
    if (!surrogate && count_code_points(s) != 1) ++wrong;
  }
  EXPECT_EQ(wrong, 0);
}

TEST(CountCodePoints, CountsCodePointsNotBytes) {
  EXPECT_EQ(count_code_points(""), 0u);
  EXPECT_EQ(count_code_points("abc"), 3u);
  EXPECT_EQ(count_code_points("\xC3\xA9t\xC3\xA9"), 3u);                 // été
  EXPECT_EQ(count_code_points("\xE4\xBD\xA0\xE5\xA5\xBD"), 2u);          // 你好
  EXPECT_EQ(count_code_points("\xF0\x9F\x98\x80\xF0\x9F\x98\x80"), 2u);  // two emoji
  EXPECT_EQ(count_code_points("e\xCC\x81"), 2u);                         // e + combining acute
  EXPECT_EQ(count_code_points(std::string_view("a\0b", 3)), 3u);
}

struct ForbiddenCase {
  std::string_view name;
  std::string_view text;
  bool forbidden;
};

constexpr ForbiddenCase kForbiddenCases[] = {
    {"plain", "Hello, world."sv, false},
    {"tab_lf_cr_allowed", "a\tb\nc\r\nd"sv, false},
    {"emoji", "\xF0\x9F\x91\x8D"sv, false},
    {"nul", "a\0b"sv, true},
    {"bell", "a\x07"sv, true},
    {"escape", "\x1B[31mred"sv, true},
    {"vertical_tab", "a\vb"sv, true},
    {"form_feed", "a\fb"sv, true},
    {"unit_separator", "\x1F"sv, true},
    {"space_is_fine", " "sv, false},
    {"delete", "a\x7F"sv, true},
    {"c1_first", "\xC2\x80"sv, true},
    {"c1_nel", "\xC2\x85"sv, true},
    {"c1_last", "\xC2\x9F"sv, true},
    {"nbsp_is_fine", "\xC2\xA0"sv, false},
    {"fffe", "\xEF\xBF\xBE"sv, true},
    {"ffff", "\xEF\xBF\xBF"sv, true},
    {"fffd_is_fine", "\xEF\xBF\xBD"sv, false},
    {"lre", "\xE2\x80\xAA"sv, true},
    {"rle", "\xE2\x80\xAB"sv, true},
    {"pdf", "\xE2\x80\xAC"sv, true},
    {"lro", "\xE2\x80\xAD"sv, true},
    {"rlo_in_filename", "invoice\xE2\x80\xAEgpj.exe"sv, true},
    {"lri", "\xE2\x81\xA6"sv, true},
    {"rli", "\xE2\x81\xA7"sv, true},
    {"fsi", "\xE2\x81\xA8"sv, true},
    {"pdi", "\xE2\x81\xA9"sv, true},
    {"lrm_is_fine", "\xE2\x80\x8E"sv, false},
    {"rlm_is_fine", "\xE2\x80\x8F"sv, false},
    {"before_lre_is_fine", "\xE2\x80\xA9"sv, false},  // U+2029 paragraph separator
    {"after_pdi_is_fine", "\xE2\x81\xAA"sv, false},   // U+206A
    {"arabic", "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85"sv, false},
    {"forbidden_after_emoji", "\xF0\x9F\x98\x80\x01"sv, true},
    {"invalid_utf8_is_not_waved_through", "\xC0\xAF"sv, true},
};

TEST(HasForbiddenCharacters, Table) {
  for (const auto& c : kForbiddenCases) {
    EXPECT_EQ(has_forbidden_characters(c.text), c.forbidden) << c.name;
  }
}

struct NormalizeCase {
  std::string_view input;
  std::string_view expected;
};

constexpr NormalizeCase kNormalizeCases[] = {
    {"", ""},
    {"   ", ""},
    {"\r\n\t \r", ""},
    {"hello", "hello"},
    {"  hello  ", "hello"},
    {"\thello\n", "hello"},
    {"a\r\nb", "a\nb"},
    {"a\rb", "a\nb"},
    {"a\nb", "a\nb"},
    {"a\r\n\r\nb", "a\n\nb"},
    {"a\r\r\nb", "a\n\nb"},
    {"a\n\rb", "a\n\nb"},
    {"\r\n  a  \r\n  b  \r\n", "a  \n  b"},
    {"line one\r\nline two\rline three\n", "line one\nline two\nline three"},
    {"\xC2\xA0"
     "a"
     "\xC2\xA0",
     "\xC2\xA0"
     "a"
     "\xC2\xA0"},  // only ASCII whitespace is trimmed
    {"\f\va\v\f", "a"},
};

TEST(NormalizeNewlinesAndTrim, Table) {
  for (const auto& c : kNormalizeCases) {
    EXPECT_EQ(normalize_newlines_and_trim(c.input), c.expected) << '"' << c.input << '"';
  }
}

TEST(NormalizeNewlinesAndTrim, ResultHasNoCarriageReturn) {
  const std::string input = "\r\r\n\n\r x \r\n\r y \r\r";
  const std::string out = normalize_newlines_and_trim(input);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out, "x \n\n y");
}

}  // namespace
}  // namespace townhall::core
