// Recovers editable Markdown from a comment's body_html, for editing a
// comment whose Markdown source the widget does not have (posted in an
// earlier visit). It covers what the server's renderer produces (docs/api.md,
// "Markdown"); the result renders to the same HTML for ordinary comments.

import { serverHtml } from './trusted-html';

function escapeText(text: string): string {
  return text.replace(/([\\`*_[\]])/g, '\\$1');
}

function inline(node: Node): string {
  let out = '';
  node.childNodes.forEach((child) => {
    out += convertInline(child);
  });
  return out;
}

function convertInline(node: Node): string {
  if (node.nodeType === 3) return escapeText((node.textContent ?? '').replace(/\n/g, ' '));
  if (node.nodeType !== 1) return '';
  const el = node as Element;
  const inner = () => inline(el);
  switch (el.tagName.toLowerCase()) {
    case 'strong':
    case 'b':
      return `**${inner()}**`;
    case 'em':
    case 'i':
      return `*${inner()}*`;
    case 'del':
    case 's':
      return `~~${inner()}~~`;
    case 'code': {
      const text = el.textContent ?? '';
      const fence = text.includes('`') ? '``' : '`';
      return `${fence}${text}${fence}`;
    }
    case 'br':
      return '\\\n';
    case 'a': {
      const href = el.getAttribute('href') ?? '';
      const label = inner();
      if (href === '' || label === href || 'https://' + label === href) return label === '' ? href : (el.textContent ?? '');
      return `[${label}](${href})`;
    }
    default:
      return inner();
  }
}

function block(node: Node, out: string[]): void {
  if (node.nodeType === 3) {
    const text = (node.textContent ?? '').trim();
    if (text) out.push(escapeText(text));
    return;
  }
  if (node.nodeType !== 1) return;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  if (tag === 'p') {
    out.push(inline(el).trim());
  } else if (tag === 'pre') {
    const text = (el.textContent ?? '').replace(/\n$/, '');
    out.push('```\n' + text + '\n```');
  } else if (tag === 'blockquote') {
    const inner: string[] = [];
    el.childNodes.forEach((c) => block(c, inner));
    out.push(
      inner
        .join('\n\n')
        .split('\n')
        .map((l) => (l === '' ? '>' : '> ' + l))
        .join('\n'),
    );
  } else if (tag === 'ul' || tag === 'ol') {
    const start = Number(el.getAttribute('start') ?? '1') || 1;
    const items: string[] = [];
    let i = 0;
    el.childNodes.forEach((c) => {
      if (c.nodeType !== 1 || (c as Element).tagName.toLowerCase() !== 'li') return;
      const marker = tag === 'ol' ? `${start + i}. ` : '- ';
      i += 1;
      const parts: string[] = [];
      let loose = '';
      c.childNodes.forEach((g) => {
        if (g.nodeType === 1 && /^(p|ul|ol|pre|blockquote)$/i.test((g as Element).tagName)) {
          if (loose.trim()) parts.push(loose.trim());
          loose = '';
          block(g, parts);
        } else {
          loose += convertInline(g);
        }
      });
      if (loose.trim()) parts.push(loose.trim());
      const indent = ' '.repeat(marker.length);
      items.push(marker + parts.join('\n').split('\n').join('\n' + indent));
    });
    out.push(items.join('\n'));
  } else {
    const text = inline(el).trim();
    if (text) out.push(text);
  }
}

/** Markdown for `html` (a comment's body_html). */
export function htmlToMarkdown(html: string): string {
  const template = document.createElement('template');
  // Inert: nothing in a template runs or loads.
  template.innerHTML = serverHtml(html) as string;
  const out: string[] = [];
  template.content.childNodes.forEach((n) => block(n, out));
  return out.join('\n\n').trim();
}
