// Escaping text for HTML element content and quoted attribute values.
#pragma once

#include <string>
#include <string_view>

namespace townhall::render {

// Appends `text` with &, <, >, " and ' replaced by character references.
void append_escaped_html(std::string& out, std::string_view text);
std::string escape_html(std::string_view text);

}  // namespace townhall::render
