import { describe, expect, it } from 'vitest';
import { createTranslator } from '../src/widget/i18n';
import { authFieldFor, errorMessage, isSessionGone, parseRetryAfter, type ApiError } from '../src/widget/lib/errors';

const t = createTranslator('en');
const err = (status: number, code: string, message = '', retryAfter?: number): ApiError =>
  retryAfter === undefined ? { status, code, message } : { status, code, message, retryAfter };

describe('errorMessage', () => {
  it.each([
    [err(403, 'story_closed', 'closed'), 'This discussion is closed, so comments can no longer be posted or edited.'],
    [err(403, 'edit_window_closed'), 'The time to edit this comment is over.'],
    [err(409, 'comment_not_editable'), 'This comment can no longer be edited.'],
    [err(403, 'own_comment'), 'You cannot like your own comment.'],
    [err(422, 'body_empty'), 'Please write something first.'],
    [err(422, 'body_too_long', 'comments are limited to 5000 characters'), 'Your comment is too long. Please shorten it.'],
    [err(422, 'invalid_email'), 'Enter a valid email address.'],
    [err(422, 'invalid_name'), 'Enter a name of 1 to 50 characters on one line.'],
    [err(422, 'weak_password'), 'Use a password of at least 8 characters.'],
    [err(409, 'email_taken'), 'An account with this email already exists. Sign in instead?'],
    [err(401, 'invalid_credentials'), 'The email or password is wrong.'],
    [err(401, 'token_expired'), 'Please sign in to do that.'],
    [err(401, 'missing_token'), 'Please sign in to do that.'],
    [err(0, 'network'), 'Townhall could not be reached. Check your connection and try again.'],
    [err(503, 'store_busy'), 'The comment service is having trouble. Please try again in a moment.'],
    [err(503, 'something_new'), 'The comment service is having trouble. Please try again in a moment.'],
  ])('%o → %s', (error, expected) => {
    expect(errorMessage(error, t)).toBe(expected);
  });

  it("shows the API's message for codes it does not know", () => {
    expect(errorMessage(err(422, 'parent_in_other_story', 'the parent is in another story'), t)).toBe(
      'Something went wrong: the parent is in another story',
    );
  });

  it('falls back to the code when there is no message', () => {
    expect(errorMessage(err(500, 'http_500'), t)).toBe('Something went wrong: http_500');
  });

  it('says how long to wait when throttled', () => {
    expect(errorMessage(err(429, 'too_many_attempts', 'x', 1), t)).toBe('Too many attempts. Try again in 1 second.');
    expect(errorMessage(err(429, 'too_many_attempts', 'x', 45), t)).toBe('Too many attempts. Try again in 45 seconds.');
    expect(errorMessage(err(429, 'too_many_attempts', 'x', 180), t)).toBe('Too many attempts. Try again in 3 minutes.');
    expect(errorMessage(err(429, 'too_many_signups', 'x', 181), t)).toBe('Too many attempts. Try again in 4 minutes.');
    expect(errorMessage(err(429, 'rate_limited'), t)).toBe('You are doing that too often. Please wait a moment and try again.');
  });
});

describe('authFieldFor', () => {
  it('puts field errors under their field and the rest on the form', () => {
    expect(authFieldFor('invalid_email')).toBe('email');
    expect(authFieldFor('email_taken')).toBe('email');
    expect(authFieldFor('invalid_name')).toBe('name');
    expect(authFieldFor('weak_password')).toBe('password');
    expect(authFieldFor('invalid_credentials')).toBeNull();
    expect(authFieldFor('too_many_attempts')).toBeNull();
  });
});

describe('isSessionGone', () => {
  it('is true only for a rejected token', () => {
    expect(isSessionGone(err(401, 'invalid_token'))).toBe(true);
    expect(isSessionGone(err(401, 'token_expired'))).toBe(true);
    expect(isSessionGone(err(401, 'missing_token'))).toBe(false);
    expect(isSessionGone(err(401, 'invalid_credentials'))).toBe(false);
    expect(isSessionGone(err(403, 'invalid_token'))).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('180')).toBe(180);
    expect(parseRetryAfter(' 7 ')).toBe(7);
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(parseRetryAfter('Mon, 30 Nov 2026 12:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
