import { describe, expect, it } from 'vitest';
import { htmlToMarkdown } from '../src/widget/lib/html-to-markdown';

describe('htmlToMarkdown', () => {
  it('recovers inline formatting', () => {
    expect(htmlToMarkdown('<p>Where does the <strong>extra</strong> <em>money</em> come from? <code>x</code></p>\n')).toBe(
      'Where does the **extra** *money* come from? `x`',
    );
  });

  it('keeps paragraphs apart', () => {
    expect(htmlToMarkdown('<p>one</p>\n<p>two</p>\n')).toBe('one\n\ntwo');
  });

  it('writes links, keeping autolinks bare', () => {
    expect(
      htmlToMarkdown(
        '<p>See <a href="https://www.courier.example/budget" rel="nofollow ugc noopener" target="_blank">www.courier.example/budget</a> and <a href="https://a.example/" rel="nofollow">the docs</a></p>',
      ),
    ).toBe('See www.courier.example/budget and [the docs](https://a.example/)');
  });

  it('writes quotes, lists and code blocks', () => {
    expect(htmlToMarkdown('<blockquote>\n<p>cited</p>\n</blockquote>\n<p>reply</p>')).toBe('> cited\n\nreply');
    expect(htmlToMarkdown('<ul>\n<li>a</li>\n<li>b</li>\n</ul>')).toBe('- a\n- b');
    expect(htmlToMarkdown('<ol start="3">\n<li>a</li>\n<li>b</li>\n</ol>')).toBe('3. a\n4. b');
    expect(htmlToMarkdown('<pre><code>let x = 1;\n</code></pre>')).toBe('```\nlet x = 1;\n```');
  });

  it('escapes characters that Markdown would read as formatting', () => {
    expect(htmlToMarkdown('<p>2 * 3 = 6 and a_b</p>')).toBe('2 \\* 3 = 6 and a\\_b');
  });

  it('decodes entities', () => {
    expect(htmlToMarkdown('<p>&lt;b&gt;x&lt;/b&gt; &amp; y</p>')).toBe('<b>x</b> & y');
  });
});
