// Maps API failures to what the reader is told. The API's error `code` is the
// contract (docs/api.md, error-code index); its `message` is English prose for
// people and is shown only when no better message is known.

import type { MessageKey, Translate } from '../i18n';

export interface ApiError {
  /** HTTP status; 0 when the server could not be reached */
  status: number;
  /** the API's error code, or "network" / "http_<status>" when there was none */
  code: string;
  message: string;
  /** seconds, from Retry-After */
  retryAfter?: number;
  /** on 403 account_suspended: when the suspension ends */
  until?: string;
  /** on a 403 restriction: the statement of reasons to read and appeal */
  noticeId?: string;
}

const BY_CODE: Record<string, MessageKey> = {
  network: 'error.network',
  story_closed: 'error.storyClosed',
  missing_token: 'error.signedOut',
  invalid_token: 'error.signedOut',
  token_expired: 'error.signedOut',
  edit_window_closed: 'error.editWindowClosed',
  comment_not_editable: 'error.notEditable',
  not_author: 'error.notAuthor',
  own_comment: 'error.ownComment',
  comment_not_found: 'error.commentNotFound',
  parent_not_found: 'error.parentNotFound',
  body_empty: 'error.bodyEmpty',
  body_too_long: 'error.bodyTooLong',
  body_forbidden_characters: 'error.bodyForbidden',
  invalid_email: 'error.invalidEmail',
  invalid_name: 'error.invalidName',
  weak_password: 'error.weakPassword',
  email_taken: 'error.emailTaken',
  invalid_credentials: 'error.invalidCredentials',
  origin_not_allowed: 'error.originNotAllowed',
  story_not_found: 'thread.notFound',
  account_suspended: 'error.accountSuspended',
  account_banned: 'error.accountBanned',
  warning_unacknowledged: 'error.warningUnacknowledged',
  already_reported: 'error.alreadyReported',
  unknown_rule: 'error.unknownRule',
  details_too_long: 'error.detailsTooLong',
  good_faith_required: 'error.goodFaith',
  already_appealed: 'error.alreadyAppealed',
  appeal_window_closed: 'error.appealWindowClosed',
  not_appealable: 'error.notAppealable',
  notice_not_found: 'error.noticeNotFound',
  overloaded: 'error.server',
  store_busy: 'error.server',
  store_overloaded: 'error.server',
  store_closed: 'error.server',
  store_out_of_memory: 'error.server',
};

/** Codes that mean the stored token is no good and the reader is signed out. */
export function isSessionGone(error: ApiError): boolean {
  return error.status === 401 && (error.code === 'invalid_token' || error.code === 'token_expired');
}

/**
 * The sentence to show for `error`. `overrides` give a code (or "429") a
 * meaning specific to the action: `own_comment` is about liking in one
 * place and about reporting in another.
 */
export function errorMessage(error: ApiError, t: Translate, overrides?: Record<string, MessageKey>): string {
  const special = overrides?.[error.code] ?? overrides?.[error.status];
  if (special) return t(special);
  if (error.status === 429) {
    const seconds = error.retryAfter;
    if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return t('error.throttled');
    if (seconds < 120) return t('error.throttledFor', { n: Math.ceil(seconds) });
    return t('error.throttledMinutes', { n: Math.ceil(seconds / 60) });
  }
  const key = BY_CODE[error.code];
  if (key) return t(key);
  if (error.status === 401) return t('error.signedOut');
  if (error.status === 503) return t('error.server');
  return t('error.generic', { message: error.message || error.code });
}

export type AuthField = 'email' | 'name' | 'password';

/** The sign-up/sign-in field an error belongs to, or null for the whole form. */
export function authFieldFor(code: string): AuthField | null {
  switch (code) {
    case 'invalid_email':
    case 'email_taken':
      return 'email';
    case 'invalid_name':
      return 'name';
    case 'weak_password':
      return 'password';
    default:
      return null;
  }
}

/** Parses a Retry-After header (seconds or an HTTP date) into seconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.round((at - now) / 1000));
}
