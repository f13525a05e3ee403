// Relative times ("5 minutes ago") from the message catalog, and the exact
// time for title attributes. Pure functions of (time, now) so they can be
// tested without a clock.

import type { Translate } from '../i18n';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/** Milliseconds since the epoch of an RFC 3339 time; NaN if unparsable. */
export function parseTime(iso: string): number {
  return Date.parse(iso);
}

/**
 * "just now", "5 minutes ago", "3 days ago"… Times slightly in the future
 * (a reader's clock behind the server's) count as "just now".
 */
export function relativeTime(iso: string, now: number, t: Translate): string {
  const at = parseTime(iso);
  if (Number.isNaN(at)) return '';
  const ago = now - at;
  if (ago < 10 * SECOND) return t('time.justNow');
  if (ago < MINUTE) return t('time.seconds', { n: Math.floor(ago / SECOND) });
  if (ago < HOUR) return t('time.minutes', { n: Math.floor(ago / MINUTE) });
  if (ago < DAY) return t('time.hours', { n: Math.floor(ago / HOUR) });
  if (ago < WEEK) return t('time.days', { n: Math.floor(ago / DAY) });
  if (ago < MONTH) return t('time.weeks', { n: Math.floor(ago / WEEK) });
  if (ago < YEAR) return t('time.months', { n: Math.floor(ago / MONTH) });
  return t('time.years', { n: Math.floor(ago / YEAR) });
}

const exactFormats = new Map<string, Intl.DateTimeFormat>();

/** The full local date and time, for a tooltip: "30 Nov 2026, 11:04". */
export function exactTime(iso: string, lang: string): string {
  const at = parseTime(iso);
  if (Number.isNaN(at)) return iso;
  let format = exactFormats.get(lang);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    } catch {
      format = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
    }
    exactFormats.set(lang, format);
  }
  return format.format(at);
}

/**
 * The label of an Edit button while the edit window is open, or null once it
 * has closed (or when the window is unknown).
 */
export function editLabel(editableUntil: string | undefined, now: number, t: Translate): string | null {
  if (!editableUntil) return null;
  const until = parseTime(editableUntil);
  if (Number.isNaN(until)) return null;
  const left = until - now;
  if (left <= 0) return null;
  if (left < MINUTE) return t('comment.editLeftSeconds');
  return t('comment.editLeft', { n: Math.ceil(left / MINUTE) });
}

/**
 * A date and time spelled out in the reader's locale and time zone, with the
 * zone named, for deadlines and the end of a suspension:
 * "Friday, 4 December 2026 at 18:00 CET".
 */
export function longTime(iso: string, lang: string): string {
  const at = parseTime(iso);
  if (Number.isNaN(at)) return iso;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  };
  try {
    return new Intl.DateTimeFormat(lang, options).format(at);
  } catch {
    return new Intl.DateTimeFormat('en', options).format(at);
  }
}
