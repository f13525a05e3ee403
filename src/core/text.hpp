// Text checks applied to everything a reader submits.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace townhall::core {

// Strict UTF-8: rejects overlong forms, surrogates, code points above
// U+10FFFF and truncated sequences.
bool is_valid_utf8(std::string_view text);

// Number of code points. REQUIRES: is_valid_utf8(text).
std::size_t count_code_points(std::string_view text);

// True if the text holds C0/C1 control characters other than tab, line feed
// and carriage return, or U+FFFE/U+FFFF noncharacters, or bidi overrides
// (U+202A..U+202E, U+2066..U+2069) that can disguise text.
// REQUIRES: is_valid_utf8(text).
bool has_forbidden_characters(std::string_view text);

// Escapes text for use inside a JSON string (log lines are JSON objects):
// quotes, backslashes and control characters become escape sequences.
std::string json_escape(std::string_view text);

// Appends the UTF-8 form of a Unicode scalar value; anything else (a
// surrogate, a value above U+10FFFF) appends nothing.
void append_utf8(std::string& out, char32_t c);

// Trims ASCII whitespace at both ends and normalizes CRLF/CR to LF.
std::string normalize_newlines_and_trim(std::string_view text);

}  // namespace townhall::core
