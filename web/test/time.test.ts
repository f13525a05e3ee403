import { describe, expect, it } from 'vitest';
import { createTranslator } from '../src/widget/i18n';
import { editLabel, exactTime, relativeTime } from '../src/widget/lib/time';

const t = createTranslator('en');
const now = Date.parse('2026-11-30T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('relativeTime', () => {
  it.each([
    [0, 'just now'],
    [9 * S, 'just now'],
    [10 * S, '10 seconds ago'],
    [59 * S, '59 seconds ago'],
    [60 * S, '1 minute ago'],
    [5 * M + 59 * S, '5 minutes ago'],
    [59 * M, '59 minutes ago'],
    [H, '1 hour ago'],
    [23 * H, '23 hours ago'],
    [D, '1 day ago'],
    [6 * D, '6 days ago'],
    [7 * D, '1 week ago'],
    [29 * D, '4 weeks ago'],
    [30 * D, '1 month ago'],
    [364 * D, '12 months ago'],
    [365 * D, '1 year ago'],
    [3 * 365 * D, '3 years ago'],
  ])('%i ms ago reads "%s"', (ms, expected) => {
    expect(relativeTime(ago(ms), now, t)).toBe(expected);
  });

  it('treats a time slightly in the future (clock skew) as just now', () => {
    expect(relativeTime(ago(-30 * S), now, t)).toBe('just now');
  });

  it('returns nothing for an unparsable time', () => {
    expect(relativeTime('yesterday', now, t)).toBe('');
  });
});

describe('exactTime', () => {
  it('formats the full date and time', () => {
    const text = exactTime('2026-11-30T11:04:39.536Z', 'en');
    expect(text).toMatch(/2026/);
    expect(text).toMatch(/Nov/);
  });

  it('gives the input back when it cannot be parsed', () => {
    expect(exactTime('not a time', 'en')).toBe('not a time');
  });
});

describe('editLabel', () => {
  const until = (ms: number) => new Date(now + ms).toISOString();

  it('counts whole minutes left, rounding up', () => {
    expect(editLabel(until(4 * M), now, t)).toBe('Edit (4 min left)');
    expect(editLabel(until(3 * M + 1), now, t)).toBe('Edit (4 min left)');
    expect(editLabel(until(M), now, t)).toBe('Edit (1 min left)');
  });

  it('says less than a minute in the last minute', () => {
    expect(editLabel(until(59 * S), now, t)).toBe('Edit (less than a minute left)');
  });

  it('is null once the window has closed or when it is unknown', () => {
    expect(editLabel(until(0), now, t)).toBeNull();
    expect(editLabel(until(-M), now, t)).toBeNull();
    expect(editLabel(undefined, now, t)).toBeNull();
    expect(editLabel('garbage', now, t)).toBeNull();
  });
});
