// Markdown → HTML that is safe to insert into a page as it is.
//
// Built on md4c's parser with our own HTML writer, so that safety does not
// depend on post-filtering: raw HTML in the input is never passed through
// (it is shown as text), every text run and attribute is escaped, images are
// shown as links, and only http, https and mailto links become <a> elements,
// each with rel="nofollow ugc noopener" and target="_blank". Anything else
// (javascript:, data:, relative URLs) is rendered as plain text.
//
// Supported: paragraphs, line breaks, emphasis, strong, strikethrough, inline
// code, code blocks, block quotes, ordered and unordered lists, links and
// autolinks (bare http(s) URLs and www. links). Headings are rendered as
// strong paragraphs, tables as text: a comment is not a document.
//
// Thread-safe; pure function of its input.
#pragma once

#include <string>
#include <string_view>

namespace townhall::render {

// REQUIRES: `markdown` is valid UTF-8 (core::is_valid_utf8).
std::string markdown_to_html(std::string_view markdown);

}  // namespace townhall::render
