#include "render/markdown.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <iterator>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"

namespace townhall::render {
namespace {

using namespace std::string_view_literals;

// In expected HTML, "$A" stands for the attributes every allowed link gets,
// which would otherwise drown the cases in repetition.
constexpr std::string_view kLinkAttributesPlaceholder = "$A";
constexpr std::string_view kLinkAttributes = R"( rel="nofollow ugc noopener" target="_blank")";

std::string expand(std::string_view expected) {
  std::string out(expected);
  for (std::size_t at = out.find(kLinkAttributesPlaceholder); at != std::string::npos;
       at = out.find(kLinkAttributesPlaceholder, at + kLinkAttributes.size())) {
    out.replace(at, kLinkAttributesPlaceholder.size(), kLinkAttributes);
  }
  return out;
}

struct Case {
  std::string_view markdown;
  std::string_view html;
};

// clang-format off
constexpr Case kCases[] = {
    // Paragraphs and inline formatting.
    {"", ""},
    {"hello", "<p>hello</p>\n"},
    {"  hello  ", "<p>hello</p>\n"},
    {"a\nb", "<p>a\nb</p>\n"},
    {"a\n\nb", "<p>a</p>\n<p>b</p>\n"},
    {"*em* _em_", "<p><em>em</em> <em>em</em></p>\n"},
    {"**strong** __strong__", "<p><strong>strong</strong> <strong>strong</strong></p>\n"},
    {"***both***", "<p><em><strong>both</strong></em></p>\n"},
    {"**bold *and em***", "<p><strong>bold <em>and em</em></strong></p>\n"},
    {"~~gone~~ ~also~", "<p><del>gone</del> <del>also</del></p>\n"},
    {"snake_case_name", "<p>snake_case_name</p>\n"},
    {"\\*not em\\*", "<p>*not em*</p>\n"},
    {"`code`", "<p><code>code</code></p>\n"},
    {"``a ` b``", "<p><code>a ` b</code></p>\n"},
    {"`<b>&amp;</b>`", "<p><code>&lt;b&gt;&amp;amp;&lt;/b&gt;</code></p>\n"},
    {"a  \nb", "<p>a<br>\nb</p>\n"},
    {"a\\\nb", "<p>a<br>\nb</p>\n"},
    {"Gr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x91\x8D \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85",
     "<p>Gr\xC3\xBC\xC3\x9F" "e \xF0\x9F\x91\x8D \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85</p>\n"},
    {"a\0b"sv, "<p>a\xEF\xBF\xBD" "b</p>\n"},

    // Every special character is escaped, in text and code alike.
    {"a & b < c > d \" e ' f", "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f</p>\n"},
    {"AT&T", "<p>AT&amp;T</p>\n"},
    {"    <&\"'>", "<pre><code>&lt;&amp;&quot;&#39;&gt;\n</code></pre>\n"},

    // Raw HTML is text.
    {"<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
    {"<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
     "<p>&lt;SCRIPT SRC=//evil.example/x.js&gt;&lt;/SCRIPT&gt;</p>\n"},
    {"<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n"},
    {"<svg/onload=alert(1)>", "<p>&lt;svg/onload=alert(1)&gt;</p>\n"},
    {"<a href=\"javascript:alert(1)\">x</a>",
     "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>\n"},
    {"<div>\n<script>x</script>\n</div>", "<p>&lt;div&gt;\n&lt;script&gt;x&lt;/script&gt;\n&lt;/div&gt;</p>\n"},
    {"<!-- hidden -->", "<p>&lt;!-- hidden --&gt;</p>\n"},
    {"<iframe src=\"https://evil.example\"></iframe>",
     "<p>&lt;iframe src=&quot;https://evil.example&quot;&gt;&lt;/iframe&gt;</p>\n"},
    {"text <b onmouseover=alert(1)>bold</b>", "<p>text &lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;</p>\n"},
    {"<style>body{display:none}</style>", "<p>&lt;style&gt;body{display:none}&lt;/style&gt;</p>\n"},

    // Allowed links.
    {"[text](https://example.com)", "<p><a href=\"https://example.com\"$A>text</a></p>\n"},
    {"[text](http://example.com/a?b=1&c=2)", "<p><a href=\"http://example.com/a?b=1&amp;c=2\"$A>text</a></p>\n"},
    {"[mail me](mailto:someone@example.com)", "<p><a href=\"mailto:someone@example.com\"$A>mail me</a></p>\n"},
    {"[t](HTTPS://EXAMPLE.COM)", "<p><a href=\"HTTPS://EXAMPLE.COM\"$A>t</a></p>\n"},
    {"[t](MailTo:a@b.example)", "<p><a href=\"MailTo:a@b.example\"$A>t</a></p>\n"},
    {"[link *em* `c`](https://x.example)", "<p><a href=\"https://x.example\"$A>link <em>em</em> <code>c</code></a></p>\n"},
    {"**[a](https://x.example)**", "<p><strong><a href=\"https://x.example\"$A>a</a></strong></p>\n"},
    {"a [b](https://x.example/(paren)) c", "<p>a <a href=\"https://x.example/(paren)\"$A>b</a> c</p>\n"},
    {"[](https://x.example)", "<p><a href=\"https://x.example\"$A>https://x.example</a></p>\n"},
    {"[t][r]\n\n[r]: https://example.com/ref", "<p><a href=\"https://example.com/ref\"$A>t</a></p>\n"},
    {"[t](https://example.com/a&amp;b)", "<p><a href=\"https://example.com/a&amp;b\"$A>t</a></p>\n"},
    {"[t](https://example.com/%41)", "<p><a href=\"https://example.com/%41\"$A>t</a></p>\n"},
    {"[t](https://example.com/\\_x)", "<p><a href=\"https://example.com/_x\"$A>t</a></p>\n"},
    // Titles are dropped, so nothing in them can reach an attribute.
    {"[t](https://example.com \"Title\")", "<p><a href=\"https://example.com\"$A>t</a></p>\n"},
    {"[t](https://example.com \"a\\\" onclick=\\\"alert(1)\")", "<p><a href=\"https://example.com\"$A>t</a></p>\n"},
    {"[t](https://example.com 'x&quot; onclick=&quot;alert(1)')", "<p><a href=\"https://example.com\"$A>t</a></p>\n"},
    // Attribute breakouts in the URL are percent-encoded or escaped.
    {"[t](https://example.com/\"onclick=\"alert(1))",
     "<p><a href=\"https://example.com/%22onclick=%22alert(1)\"$A>t</a></p>\n"},
    {"[t](https://example.com/'onmouseover='alert(1))",
     "<p><a href=\"https://example.com/&#39;onmouseover=&#39;alert(1)\"$A>t</a></p>\n"},
    {"[t](https://example.com/&quot;onclick=&quot;alert(1))",
     "<p><a href=\"https://example.com/%22onclick=%22alert(1)\"$A>t</a></p>\n"},
    {"[t](<https://example.com/a b>)", "<p><a href=\"https://example.com/a%20b\"$A>t</a></p>\n"},
    {"[t](<https://example.com/<x>>)", "<p>[t](&lt;https://example.com/&lt;x&gt;&gt;)</p>\n"},
    {"[t](https://example.com/\xC3\xBC)", "<p><a href=\"https://example.com/%C3%BC\"$A>t</a></p>\n"},
    {"[t](https://example.com/&#0;)", "<p><a href=\"https://example.com/%EF%BF%BD\"$A>t</a></p>\n"},

    // Links that are not http, https or mailto keep only their text.
    {"[x](javascript:alert(1))", "<p>x</p>\n"},
    {"[x](JaVaScRiPt:alert(1))", "<p>x</p>\n"},
    {"[x](JAVASCRIPT:alert(1))", "<p>x</p>\n"},
    {"[x](   javascript:alert(1))", "<p>x</p>\n"},
    {"[x](<javascript:alert(1)>)", "<p>x</p>\n"},
    {"[x](&#106;avascript:alert(1))", "<p>x</p>\n"},
    {"[x](&#x6A;avascript:alert(1))", "<p>x</p>\n"},
    {"[x](&#X6a;avascript:alert(1))", "<p>x</p>\n"},
    {"[x](&#0000106;avascript:alert(1))", "<p>x</p>\n"},
    {"[x](java&#x09;script:alert(1))", "<p>x</p>\n"},
    {"[x](java&#9;script:alert(1))", "<p>x</p>\n"},
    {"[x](java&#10;script:alert(1))", "<p>x</p>\n"},
    {"[x](java&#13;script:alert(1))", "<p>x</p>\n"},
    {"[x](&#x20;javascript:alert(1))", "<p>x</p>\n"},
    {"[x](&#x01;javascript:alert(1))", "<p>x</p>\n"},
    {"[x](javascript&#58;alert(1))", "<p>x</p>\n"},
    {"[x](javascript&colon;alert(1))", "<p>x</p>\n"},
    {"[x](jav\\ascript:alert(1))", "<p>x</p>\n"},
    {"[x](java%09script:alert(1))", "<p>x</p>\n"},
    {"[x](\xEF\xBD\x8A" "avascript:alert(1))", "<p>x</p>\n"},  // fullwidth j
    {"[x](https&#x0A;://example.com)", "<p>x</p>\n"},
    {"[x](https://a.example&#x0A;javascript:alert(1))", "<p>x</p>\n"},
    {"[x](https://a.example&#x7F;)", "<p>x</p>\n"},
    {"[x](https://a.example/&#x85;)", "<p>x</p>\n"},
    // A bidi override in a URL can only be there to make it read as
    // something else.
    {"[x](https://a.example/&#x202E;moc.elgoog)", "<p>x</p>\n"},
    {"[x](https://a.example/\xE2\x80\xAE" "moc.elgoog)", "<p>x</p>\n"},
    {"[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "<p>x</p>\n"},
    {"[x](DATA:text/html,<script>alert(1)</script>)", "<p>x</p>\n"},
    {"[x](vbscript:msgbox(1))", "<p>x</p>\n"},
    {"[x](file:///etc/passwd)", "<p>x</p>\n"},
    {"[x](ftp://example.com)", "<p>x</p>\n"},
    {"[x](/relative/path)", "<p>x</p>\n"},
    {"[x](relative)", "<p>x</p>\n"},
    {"[x](//evil.example)", "<p>x</p>\n"},
    {"[x](#fragment)", "<p>x</p>\n"},
    {"[x](?query)", "<p>x</p>\n"},
    {"[x]()", "<p>x</p>\n"},
    {"[x](http)", "<p>x</p>\n"},
    {"[*x*](javascript:alert(1))", "<p><em>x</em></p>\n"},
    {"[t][r]\n\n[r]: javascript:alert(1)", "<p>t</p>\n"},
    {"[ok](https://ok.example) [bad](javascript:x)", "<p><a href=\"https://ok.example\"$A>ok</a> bad</p>\n"},
    {"<javascript:alert(1)>", "<p>javascript:alert(1)</p>\n"},
    {"<JAVASCRIPT:alert(1)>", "<p>JAVASCRIPT:alert(1)</p>\n"},
    {"<data:text/html,hi>", "<p>data:text/html,hi</p>\n"},
    {"<vbscript:x>", "<p>vbscript:x</p>\n"},

    // Autolinks.
    {"https://example.com", "<p><a href=\"https://example.com\"$A>https://example.com</a></p>\n"},
    {"see http://example.com/x?a=1&b=2 ok",
     "<p>see <a href=\"http://example.com/x?a=1&amp;b=2\"$A>http://example.com/x?a=1&amp;b=2</a> ok</p>\n"},
    {"Visit https://example.com/path?q=1.",
     "<p>Visit <a href=\"https://example.com/path?q=1\"$A>https://example.com/path?q=1</a>.</p>\n"},
    {"https://example.com/<script>",
     "<p><a href=\"https://example.com/\"$A>https://example.com/</a>&lt;script&gt;</p>\n"},
    {"http://a.example/x\"onmouseover=alert(1)",
     "<p><a href=\"http://a.example/x%22onmouseover=alert(1)\"$A>http://a.example/x&quot;onmouseover=alert(1)</a></p>\n"},
    {"http://a.example/x'onmouseover='alert(1)",
     "<p><a href=\"http://a.example/x&#39;onmouseover=&#39;alert(1)\"$A>http://a.example/x&#39;onmouseover=&#39;alert(1)</a></p>\n"},
    {"www.example.com", "<p><a href=\"https://www.example.com\"$A>www.example.com</a></p>\n"},
    {"go to www.example.com/a?b=1&c=2.",
     "<p>go to <a href=\"https://www.example.com/a?b=1&amp;c=2\"$A>www.example.com/a?b=1&amp;c=2</a>.</p>\n"},
    // An explicit http:// link to a www. host keeps the scheme it was given.
    {"[www.example.com](http://www.example.com)", "<p><a href=\"http://www.example.com\"$A>www.example.com</a></p>\n"},
    {"http://www.example.com", "<p><a href=\"http://www.example.com\"$A>http://www.example.com</a></p>\n"},
    {"<https://example.com/a>", "<p><a href=\"https://example.com/a\"$A>https://example.com/a</a></p>\n"},
    {"<mailto:a@b.example>", "<p><a href=\"mailto:a@b.example\"$A>mailto:a@b.example</a></p>\n"},
    {"<a@b.example>", "<p><a href=\"mailto:a@b.example\"$A>a@b.example</a></p>\n"},
    // Bare addresses are not linked (see kParserFlags).
    {"write to someone@example.com", "<p>write to someone@example.com</p>\n"},
    {"ftp://example.com", "<p>ftp://example.com</p>\n"},

    // Images become links to the image, with the alt text, under the same rules.
    {"![a cat](https://example.com/cat.png)", "<p><a href=\"https://example.com/cat.png\"$A>a cat</a></p>\n"},
    {"![](https://example.com/cat.png)", "<p><a href=\"https://example.com/cat.png\"$A>https://example.com/cat.png</a></p>\n"},
    {"![*rich* alt](https://i.example/p.png)", "<p><a href=\"https://i.example/p.png\"$A>rich alt</a></p>\n"},
    {"![x](javascript:alert(1))", "<p>x</p>\n"},
    {"![x](JaVaScRiPt:alert(1))", "<p>x</p>\n"},
    {"![x](data:image/svg+xml;base64,PHN2Zz4=)", "<p>x</p>\n"},
    {"![x](/local.png)", "<p>x</p>\n"},
    {"![x\" onerror=\"alert(1)](https://i.example/p.png)",
     "<p><a href=\"https://i.example/p.png\"$A>x&quot; onerror=&quot;alert(1)</a></p>\n"},
    {"![x](https://i.example/p.png\"onerror=\"alert(1))",
     "<p><a href=\"https://i.example/p.png%22onerror=%22alert(1)\"$A>x</a></p>\n"},
    {"![x](https://i.example/p.png \"t\\\" onerror=\\\"alert(1)\")", "<p><a href=\"https://i.example/p.png\"$A>x</a></p>\n"},
    // No <a> inside an <a>: an image inside a link shows its alt text...
    {"[![alt](https://i.example/p.png)](https://link.example)", "<p><a href=\"https://link.example\"$A>alt</a></p>\n"},
    // ...unless the outer link was refused, and then the image is the link.
    {"[![alt](https://i.example/p.png)](javascript:x)", "<p><a href=\"https://i.example/p.png\"$A>alt</a></p>\n"},
    {"![![inner](https://a.example/i.png)](https://b.example/o.png)", "<p><a href=\"https://b.example/o.png\"$A>inner</a></p>\n"},
    {"![see [link](https://l.example)](https://i.example/p.png)", "<p><a href=\"https://i.example/p.png\"$A>see link</a></p>\n"},

    // Headings are demoted to strong paragraphs; thematic breaks disappear.
    {"# Title", "<p><strong>Title</strong></p>\n"},
    {"###### Six", "<p><strong>Six</strong></p>\n"},
    {"## *em* title", "<p><strong><em>em</em> title</strong></p>\n"},
    {"Setext\n===", "<p><strong>Setext</strong></p>\n"},
    {"Setext\n---", "<p><strong>Setext</strong></p>\n"},
    {"a\n\n***\n\nb", "<p>a</p>\n<p>b</p>\n"},
    {"#no space", "<p>#no space</p>\n"},

    // Code.
    {"```\ncode\n```", "<pre><code>code\n</code></pre>\n"},
    {"```js\nlet x = 1;\n```", "<pre><code>let x = 1;\n</code></pre>\n"},
    {"```\" onclick=\"alert(1)\nx\n```", "<pre><code>x\n</code></pre>\n"},
    {"```\n<script>alert(1)</script>\n```", "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n"},
    {"    indented\n    code", "<pre><code>indented\ncode\n</code></pre>\n"},
    {"```\n*not em* [x](https://a.example)\n```", "<pre><code>*not em* [x](https://a.example)\n</code></pre>\n"},

    // Quotes.
    {"> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>\n"},
    {"> a\n> > b", "<blockquote>\n<p>a</p>\n<blockquote>\n<p>b</p>\n</blockquote>\n</blockquote>\n"},
    {"> - item", "<blockquote>\n<ul>\n<li>item</li>\n</ul>\n</blockquote>\n"},
    {"> # heading", "<blockquote>\n<p><strong>heading</strong></p>\n</blockquote>\n"},

    // Lists.
    {"- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
    {"* a\n+ b", "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>\n"},
    {"1. a\n2. b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n"},
    {"1) a\n2) b", "<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n"},
    {"3. a\n4. b", "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>\n"},
    {"0. zero", "<ol start=\"0\">\n<li>zero</li>\n</ol>\n"},
    {"123456789. big", "<ol start=\"123456789\">\n<li>big</li>\n</ol>\n"},
    {"1234567890. too big", "<p>1234567890. too big</p>\n"},
    {"- a\n  - b\n    - c\n- d",
     "<ul>\n<li>a<ul>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>\n"},
    {"1. a\n   - b\n2. c", "<ol>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ol>\n"},
    {"- a\n\n- b", "<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n"},
    {"- [ ] task", "<ul>\n<li>[ ] task</li>\n</ul>\n"},
    {"- [link](javascript:x)", "<ul>\n<li>link</li>\n</ul>\n"},

    // md4c 0.4.8 opens an emphasis here and never closes it; the writer
    // closes it with its block, so the output stays well-formed.
    {"_[x](_)", "<p><em>x</em></p>\n"},
    {"_[x](https://a.example/_)", "<p><em><a href=\"https://a.example/_\"$A>x</a></em></p>\n"},
    {"> **[x](https://a.example/**) y", "<blockquote>\n<p><strong><a href=\"https://a.example/**\"$A>x</a> y</strong></p>\n</blockquote>\n"},

    // Tables are not parsed.
    {"| a | b |\n|---|---|\n| 1 | 2 |", "<p>| a | b |\n|---|---|\n| 1 | 2 |</p>\n"},

    // Entities decode, and what they decode to is escaped again.
    {"&amp; &lt; &gt; &quot; &apos; &#39;", "<p>&amp; &lt; &gt; &quot; &#39; &#39;</p>\n"},
    {"&lt;script&gt;alert(1)&lt;/script&gt;", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"},
    {"&copy; &eacute; &euro; &hellip; &mdash; &nbsp;",
     "<p>\xC2\xA9 \xC3\xA9 \xE2\x82\xAC \xE2\x80\xA6 \xE2\x80\x94 \xC2\xA0</p>\n"},
    {"&AElig; &Omega; &omega; &hearts; &rArr; &lArr;",
     "<p>\xC3\x86 \xCE\xA9 \xCF\x89 \xE2\x99\xA5 \xE2\x87\x92 \xE2\x87\x90</p>\n"},
    {"&#233; &#xE9; &#XE9; &#128512;", "<p>\xC3\xA9 \xC3\xA9 \xC3\xA9 \xF0\x9F\x98\x80</p>\n"},
    {"&#60;b&#62;", "<p>&lt;b&gt;</p>\n"},
    {"&#0; &#xD800; &#x110000; &#9999999;", "<p>\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD</p>\n"},
    // Characters the text checks would refuse cannot sneak in as entities.
    {"&#x202E;evil &#x2066; &#7; &#x85; &#xFFFF;",
     "<p>\xEF\xBF\xBD" "evil \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD</p>\n"},
    {"&bogus; &Amp; &AMP;", "<p>&amp;bogus; &amp;Amp; &amp;AMP;</p>\n"},
    {"&amp &ampx &#x41 &#; &#x;", "<p>&amp;amp &amp;ampx &amp;#x41 &amp;#; &amp;#x;</p>\n"},
    {"[&lt;b&gt;](https://x.example)", "<p><a href=\"https://x.example\"$A>&lt;b&gt;</a></p>\n"},
    {"\\&amp;", "<p>&amp;amp;</p>\n"},
};
// clang-format on

// Names the case by its input when gtest reports a failure; gtest looks
// for this exact name.
void PrintTo(const Case& c, std::ostream* os) {  // NOLINT(readability-identifier-naming)
  *os << '"' << c.markdown << '"';
}

class MarkdownCase : public ::testing::TestWithParam<Case> {};

TEST_P(MarkdownCase, RendersExpectedHtml) {
  const Case& c = GetParam();
  EXPECT_EQ(markdown_to_html(c.markdown), expand(c.html)) << "markdown: \"" << c.markdown << '"';
}

INSTANTIATE_TEST_SUITE_P(Table, MarkdownCase, ::testing::ValuesIn(kCases));

// ---- Property: whatever goes in, only the allowed HTML comes out. ----------

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// A deliberately small scanner for the subset our writer emits: tags with
// double-quoted attributes, the five escapes, and text. Anything else in the
// output is a failure, so the check errs on the side of strictness. Returns
// an empty string when the HTML passes, else what was wrong.
std::string check_html(std::string_view html) {
  constexpr std::string_view kAllowedTags[] = {"p",   "br",         "em", "strong", "del", "code",
                                               "pre", "blockquote", "ul", "ol",     "li",  "a"};
  constexpr std::string_view kEscapes[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
  std::vector<std::string> open;
  std::size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      const auto* match = std::find_if(std::begin(kEscapes), std::end(kEscapes),
                                       [&](std::string_view e) { return html.substr(i).starts_with(e); });
      if (match == std::end(kEscapes)) return "bare & at " + std::to_string(i);
      i += match->size();
      continue;
    }
    if (c == '>' || c == '"' || c == '\'') return std::string("bare ") + c + " at " + std::to_string(i);
    if (c != '<') {
      ++i;
      continue;
    }
    const std::size_t end = html.find('>', i);
    if (end == std::string_view::npos) return "unterminated tag";
    std::string_view tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.find('<') != std::string_view::npos) return "< inside tag";
    const bool closing = tag.starts_with('/');
    if (closing) tag.remove_prefix(1);
    const std::size_t name_end = std::min(tag.find(' '), tag.size());
    const std::string name(tag.substr(0, name_end));
    if (std::find(std::begin(kAllowedTags), std::end(kAllowedTags), name) == std::end(kAllowedTags)) {
      return "tag not allowed: " + name;
    }
    std::string_view attributes = tag.substr(name_end);
    if (attributes.find(" on") != std::string_view::npos) return "event handler attribute in <" + name + ">";
    if (closing) {
      if (!attributes.empty()) return "attributes on a closing tag";
      if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
      open.pop_back();
      continue;
    }
    if (name == "a") {
      if (std::find(open.begin(), open.end(), "a") != open.end()) return "nested <a>";
      constexpr std::string_view kHref = " href=\"";
      if (!attributes.starts_with(kHref)) return "<a> without href first";
      const std::size_t href_end = attributes.find('"', kHref.size());
      if (href_end == std::string_view::npos) return "unterminated href";
      const std::string_view href = attributes.substr(kHref.size(), href_end - kHref.size());
      if (!starts_with_ignoring_case(href, "http:") && !starts_with_ignoring_case(href, "https:") &&
          !starts_with_ignoring_case(href, "mailto:")) {
        return "href scheme not allowed: " + std::string(href);
      }
      for (char h : href) {
        const auto byte = static_cast<unsigned char>(h);
        if (byte <= 0x20 || byte >= 0x7F || h == '<' || h == '\'' || h == '`') return "bad byte in href";
      }
      if (attributes.substr(href_end + 1) != kLinkAttributes) return "unexpected <a> attributes";
    } else if (name == "ol" && !attributes.empty()) {
      constexpr std::string_view kStart = " start=\"";
      if (!attributes.starts_with(kStart) || !attributes.ends_with('"')) return "bad <ol> attributes";
      const std::string_view number = attributes.substr(kStart.size(), attributes.size() - kStart.size() - 1);
      if (number.empty() || !std::all_of(number.begin(), number.end(), [](char d) { return d >= '0' && d <= '9'; })) {
        return "non-integer start";
      }
    } else if (!attributes.empty()) {
      return "attributes on <" + name + ">";
    }
    if (name != "br") open.push_back(name);
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return {};
}

TEST(CheckHtml, CatchesWhatItShould) {
  // The property below is only as good as its checker.
  EXPECT_EQ(check_html("<p>a &amp; b</p>\n"), "");
  EXPECT_EQ(check_html("<p><a href=\"https://x\"" + std::string(kLinkAttributes) + ">x</a></p>"), "");
  EXPECT_NE(check_html("<script>x</script>"), "");
  EXPECT_NE(check_html("<p onclick=\"x\">a</p>"), "");
  EXPECT_NE(check_html("<img src=x>"), "");
  EXPECT_NE(check_html("<a href=\"javascript:x\"" + std::string(kLinkAttributes) + ">x</a>"), "");
  EXPECT_NE(check_html("<a href=\"https://x\">x</a>"), "");
  EXPECT_NE(check_html("<p>a & b</p>"), "");
  EXPECT_NE(check_html("<p>a</em>"), "");
  EXPECT_NE(check_html("<p>\"</p>"), "");
  EXPECT_NE(check_html("<ol start=\"1x\"></ol>"), "");
}

// Fragments a fuzzer would take a long time to find: markup, URL schemes in
// several spellings, entities and the characters that delimit attributes.
// Every fragment is valid UTF-8, so every concatenation is too.
// clang-format off
constexpr std::string_view kFragments[] = {
    "<", ">", "\"", "'", "&", "`", "*", "_", "~", "[", "]", "(", ")", "!", "\\", "#", "-", "+", "|", ":", "/",
    ";", "=", ".", "@", " ", "  ", "\n", "\n\n", "\t", "    ", "> ", "- ", "1. ", "3) ", "```", "***", "a", "x",
    "0", "9", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xE2\x80\xAE", "\xEF\xBF\xBD", "\xD8\xB3", std::string_view("\0", 1),
    "<script>", "</script>", "<img src=x onerror=alert(1)>", " onerror=", " onclick=\"", "<a href=\"", "<svg/onload=",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "java&#x09;script:", "&#106;avascript:", "data:", "vbscript:",
    "http://", "https://", "mailto:", "www.", "example.com", "//", "&amp;", "&lt;", "&quot;", "&#0;", "&#x22;",
    "&#39;", "&bogus;", "&#x202E;", "&#1114112;", "&colon;", "[x](", "](", "![", "[r]: ", "<http://", "<mailto:",
    "\\\n", "  \n", "&", "%22", "%0a",
};
// clang-format on

constexpr std::string_view kSeeds[] = {
    "[x](javascript:alert(1))",
    "![x](https://i.example/p.png \"t\")",
    "[a](https://x.example/\"onclick=\"y) and www.example.com",
    "> quote\n> - list\n>   1. nested [l](http://a.example)",
    "- a\n  - b\n    - c\n- d\n\n3. x\n4. y",
    "```js\n<script>\n```\n\n    code\n",
    "# head\n\nSetext\n---\n\n***\n",
    "<div onclick=\"x\">*em* **strong** ~~del~~ `code`</div>",
    "[![img](https://i.example/a.png)](javascript:x)",
    "&#106;&amp;&lt;&#x202E;&bogus;",
    "text  \nbreak\\\nbreak <https://a.example> <a@b.example>",
};

std::string random_document(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> pick_fragment(0, std::size(kFragments) - 1);
  std::uniform_int_distribution<int> length(0, 60);
  std::string doc;
  for (int n = length(rng); n > 0; --n) doc += kFragments[pick_fragment(rng)];
  return doc;
}

// Splices fragments into a seed at fragment-aligned points: a seed is ASCII,
// so any byte offset in it is a character boundary.
std::string mutated_seed(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> pick_seed(0, std::size(kSeeds) - 1);
  std::uniform_int_distribution<std::size_t> pick_fragment(0, std::size(kFragments) - 1);
  std::string doc(kSeeds[pick_seed(rng)]);
  std::uniform_int_distribution<int> edits(1, 6);
  for (int n = edits(rng); n > 0; --n) {
    // Edit only inside the ASCII prefix a seed keeps at its start, so the
    // document stays valid UTF-8.
    std::size_t ascii_prefix = 0;
    while (ascii_prefix < doc.size() && static_cast<unsigned char>(doc[ascii_prefix]) < 0x80) ++ascii_prefix;
    std::uniform_int_distribution<std::size_t> at(0, ascii_prefix);
    const std::size_t pos = at(rng);
    switch (rng() % 3) {
      case 0: doc.insert(pos, kFragments[pick_fragment(rng)]); break;
      case 1: doc.erase(pos, std::min<std::size_t>(rng() % 4, ascii_prefix - pos)); break;
      default: doc.insert(pos, doc.substr(pos, std::min<std::size_t>(rng() % 16, ascii_prefix - pos))); break;
    }
  }
  return doc;
}

TEST(MarkdownToHtml, OnlyAllowedHtmlComesOutOfAnyInput) {
  constexpr int kDocuments = 4000;
  std::mt19937 rng(20240601);
  for (int i = 0; i < kDocuments; ++i) {
    const std::string markdown = i % 2 == 0 ? random_document(rng) : mutated_seed(rng);
    ASSERT_TRUE(core::is_valid_utf8(markdown)) << "generator bug";
    const std::string html = markdown_to_html(markdown);
    SCOPED_TRACE(testing::Message() << "markdown: \"" << markdown << "\"\nhtml: \"" << html << '"');
    ASSERT_EQ(html.find("<script"), std::string::npos);
    ASSERT_EQ(html.find("<img"), std::string::npos);
    ASSERT_EQ(check_html(html), "");
    ASSERT_TRUE(core::is_valid_utf8(html));
    ASSERT_EQ(markdown_to_html(markdown), html) << "not deterministic";
  }
}

TEST(MarkdownToHtml, SurvivesPathologicalNesting) {
  // Inputs that make naive parsers recurse or backtrack; each must finish
  // and still produce well-formed, allowed HTML.
  const std::string inputs[] = {
      std::string(5000, '>') + " deep",
      std::string(5000, '['),
      std::string(5000, '*') + "x" + std::string(5000, '*'),
      std::string(2000, '!') + std::string(2000, '['),
      [] {
        std::string s;
        for (int i = 0; i < 200; ++i) s += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- item\n";
        return s;
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 2000; ++i) s += "[a](";
        return s;
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 2000; ++i) s += "![a](https://x.example/";
        return s;
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 1000; ++i) s += "www.a.example/&amp; ";
        return s;
      }(),
  };
  for (const auto& markdown : inputs) {
    const std::string html = markdown_to_html(markdown);
    EXPECT_EQ(check_html(html), "") << markdown.substr(0, 40);
  }
}

}  // namespace
}  // namespace townhall::render
