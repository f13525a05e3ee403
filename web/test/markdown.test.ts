import { describe, expect, it } from 'vitest';
import { applyFormat, type Format } from '../src/widget/lib/markdown';

const P = { bold: 'bold text', italic: 'italic text', link: 'link text', quote: 'quoted text', code: 'code' };

/** Applies `format` to text with the selection marked by [ and ]. */
function run(format: Format, marked: string): string {
  const start = marked.indexOf('[');
  const end = marked.indexOf(']') - 1;
  const text = marked.replace('[', '').replace(']', '');
  const edit = applyFormat(format, text, start, end, P);
  return edit.text.slice(0, edit.start) + '[' + edit.text.slice(edit.start, edit.end) + ']' + edit.text.slice(edit.end);
}

describe('bold and italic', () => {
  it('wraps the selection and keeps it selected', () => {
    expect(run('bold', 'a [word] b')).toBe('a **[word]** b');
    expect(run('italic', 'a [word] b')).toBe('a *[word]* b');
  });

  it('inserts a selected placeholder when nothing is selected', () => {
    expect(run('bold', 'a []')).toBe('a **[bold text]**');
    expect(run('italic', '[]')).toBe('*[italic text]*');
  });

  it('keeps surrounding spaces outside the markers', () => {
    expect(run('bold', 'a[ word ]b')).toBe('a **[word]** b');
  });

  it('unwraps when pressed again', () => {
    expect(run('bold', 'a **[word]** b')).toBe('a [word] b');
    expect(run('italic', 'a *[word]* b')).toBe('a [word] b');
  });

  it('does not mistake bold for italic when unwrapping', () => {
    expect(run('italic', 'a **[word]** b')).toBe('a ***[word]*** b');
  });
});

describe('code', () => {
  it('uses backticks inline', () => {
    expect(run('code', 'run [npm test] now')).toBe('run `[npm test]` now');
    expect(run('code', '[]')).toBe('`[code]`');
  });

  it('fences a multi-line selection on its own lines', () => {
    expect(run('code', 'see:\n[a\nb]\nend')).toBe('see:\n```\n[a\nb]\n```\nend');
    expect(run('code', 'x [a\nb]')).toBe('x \n```\n[a\nb]\n```');
  });
});

describe('link', () => {
  it('wraps text and selects the URL to type over', () => {
    expect(run('link', 'see [the docs]')).toBe('see [the docs]([https://])');
  });

  it('turns a selected URL into a link with a label to type over', () => {
    expect(run('link', '[https://example.com/a]')).toBe('[[link text]](https://example.com/a)');
    expect(run('link', '[www.example.com]')).toBe('[[link text]](https://www.example.com)');
  });

  it('inserts a placeholder link with nothing selected', () => {
    expect(run('link', 'x []')).toBe('x [link text]([https://])');
  });
});

describe('quote', () => {
  it('quotes every selected line', () => {
    expect(run('quote', '[one\ntwo]')).toBe('[> one\n> two]');
  });

  it('quotes the whole line the cursor is on', () => {
    expect(run('quote', 'first\n\nsec[]ond')).toBe('first\n\n[> second]');
  });

  it('starts a new paragraph after text', () => {
    expect(run('quote', 'intro\n[cited]')).toBe('intro\n\n[> cited]');
  });

  it('inserts a placeholder on an empty line', () => {
    expect(run('quote', '[]')).toBe('> [quoted text]');
    expect(run('quote', 'text\n\n[]')).toBe('text\n\n> [quoted text]');
  });

  it('unquotes quoted lines', () => {
    expect(run('quote', '[> one\n> two]')).toBe('[one\ntwo]');
  });
});
