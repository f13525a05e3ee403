// The admin's word lists (banned phrases reject, suspect phrases hold) while
// they are edited as text, one phrase per line, as pure functions. The syntax
// is docs/moderation.md's: `phrase`, `phrase*`, `*phrase`, `*phrase*`,
// `phrase | allow1, allow2`, and `# comment` lines. The server compiles the
// list and has the last word; here we only count the phrases and catch the
// mistakes it would certainly refuse, so the admin sees them by line.

import type { WordList } from '../types';

export const WORD_LIST_KINDS = ['banned', 'suspect'] as const;
export type WordListKind = (typeof WORD_LIST_KINDS)[number];

/** docs/api-moderation.md: at most 10,000 phrases (src/moderation/word_list.hpp). */
export const MAX_PHRASES = 10_000;
/** per phrase or allow entry, in UTF-8 bytes */
export const MAX_PHRASE_BYTES = 200;
export const MAX_ALLOW_PER_PHRASE = 100;

const encoder = new TextEncoder();
const isComment = (line: string) => line.startsWith('#');

/** The textarea's lines, trimmed, without blank ones: what PUT sends (the server skips `#` lines). */
export function phraseLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** How many phrases the text holds (comment lines are not phrases). */
export function countPhrases(text: string): number {
  return phraseLines(text).filter((line) => !isComment(line)).length;
}

/** The textarea's content for a list from the server. */
export function wordListText(list: Partial<WordList>): string {
  if (typeof list.text === 'string') return list.text;
  return Array.isArray(list.phrases) ? list.phrases.join('\n') : '';
}

/** True when the two texts send the same PUT body (whitespace-only edits do not count). */
export function sameList(a: string, b: string): boolean {
  const x = phraseLines(a);
  const y = phraseLines(b);
  return x.length === y.length && x.every((line, i) => line === y[i]);
}

export type PhraseProblemCode = 'emptyPhrase' | 'innerStar' | 'tooLong' | 'tooManyAllowed';

export interface PhraseProblem {
  /** 1-based line number in the textarea */
  line: number;
  /** the offending phrase or allow entry */
  entry: string;
  problem: PhraseProblemCode;
}

function entryProblem(raw: string): PhraseProblemCode | null {
  if (encoder.encode(raw).length > MAX_PHRASE_BYTES) return 'tooLong';
  let text = raw.trim();
  if (text.startsWith('*')) text = text.slice(1).trim();
  if (text.endsWith('*')) text = text.slice(0, -1).trim();
  if (text.includes('*')) return 'innerStar';
  return null;
}

/**
 * The lines the server would certainly refuse with `invalid_phrase` or
 * `too_many_phrases` (at most `limit` of them, in line order). Phrases with
 * nothing to match are left to the server, which knows the normalizer.
 */
export function checkPhrases(text: string, limit = 20): PhraseProblem[] {
  const problems: PhraseProblem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && problems.length < limit; i++) {
    const line = lines[i]!.trim();
    if (line === '' || isComment(line)) continue;
    const bar = line.indexOf('|');
    const phrase = (bar < 0 ? line : line.slice(0, bar)).trim();
    if (phrase === '') {
      problems.push({ line: i + 1, entry: line, problem: 'emptyPhrase' });
      continue;
    }
    const own = entryProblem(phrase);
    if (own) {
      problems.push({ line: i + 1, entry: phrase, problem: own });
      continue;
    }
    if (bar < 0) continue;
    const allows = line
      .slice(bar + 1)
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== '');
    if (allows.length > MAX_ALLOW_PER_PHRASE) {
      problems.push({ line: i + 1, entry: phrase, problem: 'tooManyAllowed' });
      continue;
    }
    for (const allow of allows) {
      const p = entryProblem(allow);
      if (p) {
        problems.push({ line: i + 1, entry: allow, problem: p });
        break;
      }
    }
  }
  return problems;
}

/**
 * The textarea line a server message points at, if it names one: "line 4: …"
 * or "phrase 3 ('idiot*') …" (the 3rd phrase, comment lines not counted).
 */
export function lineFromServerMessage(text: string, message: string): number | null {
  const byLine = /\bline (\d+)\b/.exec(message);
  if (byLine) return Number(byLine[1]);
  const byPhrase = /\bphrase (\d+)\b/.exec(message);
  if (!byPhrase) return null;
  let wanted = Number(byPhrase[1]);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || isComment(line)) continue;
    wanted -= 1;
    if (wanted === 0) return i + 1;
  }
  return null;
}
