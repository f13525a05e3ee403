// The reader's side of moderation as pure logic: standing, notices, form
// validation, and what each new API error code tells the reader.
import { describe, expect, it } from 'vitest';
import { reasonKey } from '../src/widget/components/CommentItem';
import { createTranslator } from '../src/widget/i18n';
import { errorMessage, type ApiError } from '../src/widget/lib/errors';
import { longTime } from '../src/widget/lib/time';
import {
  blockOf,
  charCount,
  initialNotices,
  needsAcknowledgement,
  noticesReducer,
  standingFromError,
  validateAppeal,
  validateIllegal,
  validateReport,
} from '../src/widget/state/moderation';
import { initialThread, threadReducer } from '../src/widget/state/thread';
import { notice } from './fixtures';

const t = createTranslator('en');
const err = (status: number, code: string, extra: Partial<ApiError> = {}): ApiError => ({ status, code, message: '', ...extra });
const NOW = Date.parse('2026-12-01T12:00:00Z');

describe('standing', () => {
  it('reads a restriction from a 403 on a write, with its end and notice', () => {
    expect(standingFromError(err(403, 'account_suspended', { until: '2026-12-08T12:00:00Z', noticeId: 'n1' }), null)).toEqual({
      status: 'suspended',
      until: '2026-12-08T12:00:00Z',
      notice_id: 'n1',
    });
    expect(standingFromError(err(403, 'account_banned'), null)?.status).toBe('banned');
    expect(standingFromError(err(403, 'warning_unacknowledged', { noticeId: 'n2' }), null)).toMatchObject({ status: 'warned', notice_id: 'n2' });
    expect(standingFromError(err(403, 'story_closed'), null)).toBeNull();
    expect(standingFromError(err(403, 'own_comment'), null)).toBeNull();
  });

  it('keeps the rule and explanation …/me gave for the same restriction', () => {
    const known = { status: 'warned' as const, notice_id: 'n2', rule_id: 'civility', explanation: 'Personal attacks.' };
    expect(standingFromError(err(403, 'warning_unacknowledged'), known)).toEqual({ ...known, until: null });
    // A different restriction does not inherit the old explanation.
    expect(standingFromError(err(403, 'account_banned', { noticeId: 'n3' }), known)).toEqual({ status: 'banned', until: null, notice_id: 'n3' });
  });

  it('blocks writing while warned, suspended (until the end) or banned', () => {
    expect(blockOf(null, NOW)).toBeNull();
    expect(blockOf({ status: 'ok' }, NOW)).toBeNull();
    expect(blockOf({ status: 'premoderated' }, NOW)).toBeNull();
    expect(blockOf({ status: 'warned' }, NOW)).toBe('warned');
    expect(blockOf({ status: 'banned' }, NOW)).toBe('restricted');
    expect(blockOf({ status: 'suspended', until: '2026-12-02T00:00:00Z' }, NOW)).toBe('restricted');
    expect(blockOf({ status: 'suspended', until: null }, NOW)).toBe('restricted');
    expect(blockOf({ status: 'suspended', until: '2026-11-30T00:00:00Z' }, NOW)).toBeNull();
  });

  it('spells out the end of a suspension in the given time zone, naming it', () => {
    const text = longTime('2026-12-08T17:00:00Z', 'en');
    expect(text).toMatch(/December/);
    expect(text).toMatch(/2026/);
    expect(text).toMatch(/[A-Z]{2,}|GMT|UTC/); // a time zone name
    expect(longTime('garbage', 'en')).toBe('garbage');
  });
});

describe('notices', () => {
  const a = notice({ id: 'a', read: false });
  const b = notice({ id: 'b', read: true, kind: 'account_warned', requires_acknowledgement: true, appeal: { possible: true } });

  it('loads a page with its unread count, and marks all read', () => {
    let s = noticesReducer(initialNotices, { type: 'page', data: { items: [a, b], unread: 1, next_cursor: null } });
    expect(s).toMatchObject({ unread: 1, loaded: true });
    s = noticesReducer(s, { type: 'read' });
    expect(s.unread).toBe(0);
    expect(s.items.every((n) => n.read)).toBe(true);
  });

  it('records an appeal, or that none is possible any more', () => {
    let s = noticesReducer(initialNotices, { type: 'page', data: { items: [a, b], unread: 1, next_cursor: null } });
    s = noticesReducer(s, { type: 'appealed', id: 'a', appealId: 'ap1' });
    expect(s.items[0]!.appeal).toMatchObject({ possible: false, id: 'ap1', status: 'open' });
    s = noticesReducer(s, { type: 'appealed', id: 'b', appealId: null });
    expect(s.items[1]!.appeal).toEqual({ possible: false });
  });

  it('acknowledges a warning', () => {
    let s = noticesReducer(initialNotices, { type: 'page', data: { items: [b], unread: 0, next_cursor: null } });
    expect(needsAcknowledgement(s.items[0]!)).toBe(true);
    s = noticesReducer(s, { type: 'acknowledged', id: 'b' });
    expect(needsAcknowledgement(s.items[0]!)).toBe(false);
    expect(noticesReducer(s, { type: 'reset' })).toEqual(initialNotices);
  });
});

describe('reported comments in the thread state', () => {
  it('remembers reports for the signed-in reader only', () => {
    let s = threadReducer(initialThread, { type: 'signedIn', userId: 'u1' });
    s = threadReducer(s, { type: 'reported', id: 'c1' });
    expect(s.reported).toEqual({ c1: true });
    s = threadReducer(s, { type: 'me', userId: 'u1', reacted: [], own: [], reported: ['c2'] });
    expect(s.reported).toEqual({ c1: true, c2: true });
    s = threadReducer(s, { type: 'signedOut' });
    expect(s.reported).toEqual({});
    s = threadReducer(s, { type: 'signedIn', userId: 'u2' });
    expect(s.reported).toEqual({});
  });
});

describe('form validation', () => {
  it('needs a rule for a report, and at most 500 characters of details', () => {
    expect(validateReport(null, '')).toBe('report.chooseRule');
    expect(validateReport('civility', '')).toBeNull();
    expect(validateReport('civility', 'x'.repeat(500))).toBeNull();
    expect(validateReport('civility', 'x'.repeat(501))).toBe('error.detailsTooLong');
    // Characters, not UTF-16 units: 500 emoji are fine.
    expect(validateReport('civility', '😀'.repeat(500))).toBeNull();
    expect(charCount('😀é')).toBe(2);
  });

  it('checks an illegal-content notice field by field', () => {
    const ok = { law: '', details: 'It defames a named person.', name: 'Ana', email: 'ana@example.org', good_faith: true };
    expect(validateIllegal(ok)).toEqual({});
    expect(validateIllegal({ law: 'x'.repeat(201), details: ' ', name: '', email: 'nope', good_faith: false })).toEqual({
      law: 'form.tooLong',
      details: 'error.required',
      name: 'error.required',
      email: 'error.invalidEmail',
      good_faith: 'error.goodFaith',
    });
    expect(validateIllegal({ ...ok, email: '' }).email).toBe('error.required');
    expect(validateIllegal({ ...ok, details: 'x'.repeat(5001) }).details).toBe('form.tooLong');
  });

  it('takes appeals of 1 to 2000 characters', () => {
    expect(validateAppeal('   ')).toBe('appeal.empty');
    expect(validateAppeal('I quoted the rule, I did not break it.')).toBeNull();
    expect(validateAppeal('x'.repeat(2000))).toBeNull();
    expect(validateAppeal('x'.repeat(2001))).toBe('form.tooLong');
  });
});

describe('moderation error codes → messages', () => {
  it.each([
    [err(409, 'already_reported'), 'You have already reported this comment. Moderators will review it.'],
    [err(422, 'unknown_rule'), 'That rule no longer exists. Please choose another one.'],
    [err(422, 'details_too_long'), 'Please shorten the details to 500 characters.'],
    [err(422, 'good_faith_required'), 'Please confirm that your notice is accurate and sent in good faith.'],
    [err(409, 'already_appealed'), 'You have already appealed this decision. Each decision can be appealed once.'],
    [err(422, 'appeal_window_closed'), 'The time to appeal this decision (six months) is over.'],
    [err(422, 'not_appealable'), 'This notice is not a decision that can be appealed.'],
    [err(404, 'notice_not_found'), 'This notice could not be found.'],
    [err(403, 'account_suspended'), 'Your account is suspended, so you cannot do that right now.'],
    [err(403, 'account_banned'), 'Your account is banned from commenting, so you cannot do that.'],
    [err(403, 'warning_unacknowledged'), 'Please read your warning and confirm it before you continue.'],
  ])('%o → %s', (error, expected) => {
    expect(errorMessage(error, t)).toBe(expected);
  });

  it('lets an action give a code its own meaning (own_comment, 429 on reports)', () => {
    const overrides = { own_comment: 'report.own', 429: 'report.throttled' } as const;
    expect(errorMessage(err(403, 'own_comment'), t)).toBe('You cannot like your own comment.');
    expect(errorMessage(err(403, 'own_comment'), t, overrides)).toBe('You cannot report your own comment.');
    expect(errorMessage(err(429, 'rate_limited', { retryAfter: 30 }), t, overrides)).toBe(
      'You have sent many reports in the last hour. Please try again later.',
    );
    expect(errorMessage(err(409, 'already_reported'), t, overrides)).toBe('You have already reported this comment. Moderators will review it.');
  });

  it('has a reason sentence for reported and pre-moderated comments', () => {
    expect(t('reason.reported')).toBe('hidden while moderators review reports');
    expect(t('reason.premoderation')).toBe('comments here are reviewed before they appear');
  });

  it.each([
    ['banned_words', 'it contains words this site does not allow'],
    ['suspect_words', 'it contains words a moderator should check'],
    ['links', 'it contains links a moderator should check'],
    ['denied_domain', 'it links to a site we do not allow'],
    ['too_many_links', 'it has too many links'],
    ['spam', 'it looks like spam'],
    ['flood', 'you posted several comments quickly'],
    ['repeat', 'it repeats an earlier comment'],
    ['burst', 'many comments arrived here at once'],
    ['new_commenter', 'first comments are reviewed before they appear'],
    ['premoderation', 'comments here are reviewed before they appear'],
    ['rejection_rate', 'several of your recent comments were removed'],
    ['reported', 'hidden while moderators review reports'],
    ['rule', 'it breaks the community rules'],
    ['author_banned', 'your account was banned'],
    ['appeal_reversed', 'restored after your appeal'],
  ])('explains the status reason %s to its author', (code, expected) => {
    expect(reasonKey(code)).toBe(`reason.${code}`);
    expect(t(reasonKey(code))).toBe(expected);
  });

  it('says "not given" for a missing or unknown reason code', () => {
    for (const code of [undefined, '', 'something_new', 'unknown', 'toString']) expect(t(reasonKey(code))).toBe('not given');
  });
});
