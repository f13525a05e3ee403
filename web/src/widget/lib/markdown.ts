// The composer's formatting toolbar: each button rewrites the textarea's text
// and selection to add Markdown. Pure functions over (text, selection) so the
// behaviour is testable without a DOM.

export type Format = 'bold' | 'italic' | 'link' | 'quote' | 'code';

export interface Edit {
  text: string;
  /** the new selection */
  start: number;
  end: number;
}

/** Text shown (and selected) when a button is pressed with nothing selected. */
export type Placeholders = Record<Format, string>;

const URL_LIKE = /^(https?:\/\/|www\.)\S+$/i;

function wrap(text: string, start: number, end: number, marker: string, placeholder: string): Edit {
  const before = text.slice(0, start);
  const selected = text.slice(start, end);
  const after = text.slice(end);
  // Pressing the button again on wrapped text unwraps it.
  if (before.endsWith(marker) && after.startsWith(marker)) {
    const single = marker.length === 1;
    const doubled = before.endsWith(marker + marker) || after.startsWith(marker + marker);
    if (!single || !doubled) {
      return {
        text: before.slice(0, -marker.length) + selected + after.slice(marker.length),
        start: start - marker.length,
        end: end - marker.length,
      };
    }
  }
  // Keep surrounding spaces outside the markers: "**word** " not "**word **".
  const lead = selected.length - selected.trimStart().length;
  const trail = selected.length - selected.trimEnd().length;
  const core = selected.trim();
  const inner = core === '' ? placeholder : core;
  const from = start + (core === '' ? 0 : lead);
  const head = text.slice(0, from);
  const tail = core === '' ? after : selected.slice(selected.length - trail) + after;
  return {
    text: head + marker + inner + marker + tail,
    start: from + marker.length,
    end: from + marker.length + inner.length,
  };
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function lineEnd(text: string, at: number): number {
  const next = text.indexOf('\n', at);
  return next === -1 ? text.length : next;
}

function quote(text: string, start: number, end: number, placeholder: string): Edit {
  const from = lineStart(text, start);
  const to = lineEnd(text, Math.max(start, end - (end > start && text[end - 1] === '\n' ? 1 : 0)));
  const block = text.slice(from, to);
  const lines = block.split('\n');
  const quoted = lines.every((l) => l.startsWith('> ') || l === '>');
  if (quoted && block !== '') {
    const unquoted = lines.map((l) => l.replace(/^> ?/, '')).join('\n');
    return { text: text.slice(0, from) + unquoted + text.slice(to), start: from, end: from + unquoted.length };
  }
  // A quote must start its own paragraph to render as one.
  const needsGap = from > 0 && text.slice(0, from).trimEnd() !== '' && !text.slice(0, from).endsWith('\n\n');
  const gap = needsGap ? (text.slice(0, from).endsWith('\n') ? '\n' : '\n\n') : '';
  if (block.trim() === '') {
    const inserted = gap + '> ' + placeholder;
    const at = from + gap.length + 2;
    return { text: text.slice(0, from) + inserted + text.slice(to), start: at, end: at + placeholder.length };
  }
  const result = gap + lines.map((l) => (l === '' ? '>' : '> ' + l)).join('\n');
  return {
    text: text.slice(0, from) + result + text.slice(to),
    start: from + gap.length,
    end: from + result.length,
  };
}

function code(text: string, start: number, end: number, placeholder: string): Edit {
  const selected = text.slice(start, end);
  if (!selected.includes('\n')) return wrap(text, start, end, '`', placeholder);
  const before = text.slice(0, start);
  const after = text.slice(end);
  const open = (before === '' || before.endsWith('\n') ? '' : '\n') + '```\n';
  const close = (selected.endsWith('\n') ? '' : '\n') + '```' + (after.startsWith('\n') || after === '' ? '' : '\n');
  return {
    text: before + open + selected + close + after,
    start: start + open.length,
    end: start + open.length + selected.length,
  };
}

function link(text: string, start: number, end: number, placeholders: Placeholders): Edit {
  const selected = text.slice(start, end).trim();
  const before = text.slice(0, start);
  const after = text.slice(end);
  if (URL_LIKE.test(selected)) {
    const url = selected.startsWith('www.') ? 'https://' + selected : selected;
    const label = placeholders.link;
    return {
      text: `${before}[${label}](${url})${after}`,
      start: start + 1,
      end: start + 1 + label.length,
    };
  }
  const label = selected === '' ? placeholders.link : selected;
  const url = 'https://';
  const inserted = `[${label}](${url})`;
  // Select the URL so typing or pasting replaces it.
  const urlAt = start + label.length + 3;
  return { text: before + inserted + after, start: urlAt, end: urlAt + url.length };
}

/** Applies a toolbar button to `text` with the selection [start, end). */
export function applyFormat(
  format: Format,
  text: string,
  start: number,
  end: number,
  placeholders: Placeholders,
): Edit {
  const s = Math.max(0, Math.min(start, end, text.length));
  const e = Math.min(text.length, Math.max(start, end));
  switch (format) {
    case 'bold':
      return wrap(text, s, e, '**', placeholders.bold);
    case 'italic':
      return wrap(text, s, e, '*', placeholders.italic);
    case 'code':
      return code(text, s, e, placeholders.code);
    case 'quote':
      return quote(text, s, e, placeholders.quote);
    case 'link':
      return link(text, s, e, placeholders);
  }
}
