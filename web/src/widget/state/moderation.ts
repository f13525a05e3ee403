// The reader's side of moderation as pure functions: their standing (may
// they comment?), their notices (statements of reasons) with appeals, and
// the validation of the report, illegal-content and appeal forms. The
// contract is docs/api-moderation.md.

import type { MessageKey } from '../i18n';
import type { ApiError } from '../lib/errors';
import type { IllegalNotice, Notice, NoticesResponse, Standing } from '../types';

export const REPORT_DETAILS_MAX = 500;
export const APPEAL_MAX = 2000;
export const NOTICE_DETAILS_MAX = 5000;
export const NOTICE_LAW_MAX = 200;
export const NOTICE_NAME_MAX = 200;

/** Characters as the server counts them (code points, not UTF-16 units). */
export function charCount(text: string): number {
  return Array.from(text).length;
}

// --- standing --------------------------------------------------------------

const STATUS_BY_CODE: Record<string, Standing['status']> = {
  account_suspended: 'suspended',
  account_banned: 'banned',
  warning_unacknowledged: 'warned',
};

/** The standing a 403 on a write reveals, or null when the error is about something else. */
export function standingFromError(error: ApiError, previous: Standing | null): Standing | null {
  const status = STATUS_BY_CODE[error.code];
  if (!status) return null;
  // Keep what …/me told us (rule, explanation) when it is the same restriction.
  const same = previous && previous.status === status ? previous : null;
  return {
    ...same,
    status,
    until: error.until ?? same?.until ?? null,
    notice_id: error.noticeId ?? same?.notice_id ?? null,
  };
}

/**
 * What replaces the composer: 'warned' (acknowledge first), 'restricted'
 * (suspended or banned), or null when the reader may write. A suspension
 * whose end has passed no longer blocks.
 */
export function blockOf(standing: Standing | null, now: number): 'warned' | 'restricted' | null {
  if (!standing) return null;
  if (standing.status === 'warned') return 'warned';
  if (standing.status === 'banned') return 'restricted';
  if (standing.status === 'suspended') {
    const until = standing.until ? Date.parse(standing.until) : NaN;
    return Number.isNaN(until) || until > now ? 'restricted' : null;
  }
  return null;
}

// --- notices ---------------------------------------------------------------

export interface NoticesState {
  items: Notice[];
  unread: number;
  loaded: boolean;
}

export type NoticesAction =
  | { type: 'page'; data: NoticesResponse }
  | { type: 'read' }
  /** appealed now (`appealId`), or the server says no more appeal is possible (null) */
  | { type: 'appealed'; id: string; appealId: string | null }
  | { type: 'acknowledged'; id: string; notice?: Notice }
  | { type: 'reset' };

export const initialNotices: NoticesState = { items: [], unread: 0, loaded: false };

function patch(items: Notice[], id: string, update: (n: Notice) => Notice): Notice[] {
  return items.map((n) => (n.id === id ? update(n) : n));
}

export function noticesReducer(state: NoticesState, action: NoticesAction): NoticesState {
  switch (action.type) {
    case 'page': {
      const items = action.data.items ?? [];
      return { items, unread: action.data.unread ?? items.filter((n) => !n.read).length, loaded: true };
    }
    case 'read':
      return { ...state, unread: 0, items: state.items.map((n) => (n.read ? n : { ...n, read: true })) };
    case 'appealed': {
      const opened = action.appealId ? { id: action.appealId, status: 'open' as const } : null;
      return { ...state, items: patch(state.items, action.id, (n) => ({ ...n, appeal: { ...n.appeal, ...opened, possible: false } })) };
    }
    case 'acknowledged':
      return {
        ...state,
        items: patch(state.items, action.id, (n) => action.notice ?? { ...n, acknowledged_at: new Date().toISOString() }),
      };
    case 'reset':
      return initialNotices;
  }
}

/** Whether a notice still waits for the reader's "I understand". */
export function needsAcknowledgement(n: Notice): boolean {
  return Boolean(n.requires_acknowledgement) && !n.acknowledged_at;
}

// --- forms -----------------------------------------------------------------

/** Why a report cannot be sent yet, or null. */
export function validateReport(ruleId: string | null, details: string): MessageKey | null {
  if (!ruleId) return 'report.chooseRule';
  if (charCount(details) > REPORT_DETAILS_MAX) return 'error.detailsTooLong';
  return null;
}

export type IllegalField = 'law' | 'details' | 'name' | 'email' | 'good_faith';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Field errors of an illegal-content notice; empty when it can be sent. */
export function validateIllegal(n: IllegalNotice): Partial<Record<IllegalField, MessageKey>> {
  const errors: Partial<Record<IllegalField, MessageKey>> = {};
  if (charCount(n.law) > NOTICE_LAW_MAX) errors.law = 'form.tooLong';
  const details = charCount(n.details.trim());
  if (details === 0) errors.details = 'error.required';
  else if (details > NOTICE_DETAILS_MAX) errors.details = 'form.tooLong';
  const name = charCount(n.name.trim());
  if (name === 0) errors.name = 'error.required';
  else if (name > NOTICE_NAME_MAX) errors.name = 'form.tooLong';
  if (n.email.trim() === '') errors.email = 'error.required';
  else if (!EMAIL.test(n.email.trim())) errors.email = 'error.invalidEmail';
  if (!n.good_faith) errors.good_faith = 'error.goodFaith';
  return errors;
}

/** Why an appeal cannot be sent yet, or null. */
export function validateAppeal(text: string): MessageKey | null {
  const n = charCount(text.trim());
  if (n === 0) return 'appeal.empty';
  if (n > APPEAL_MAX) return 'form.tooLong';
  return null;
}
