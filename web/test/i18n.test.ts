import { describe, expect, it } from 'vitest';
import { createTranslator, resolveLanguage, t } from '../src/widget/i18n';
import { en } from '../src/widget/i18n/en';

describe('t', () => {
  it('fills named parameters', () => {
    expect(t('comment.inReplyTo', { name: 'Ada' })).toBe('in reply to Ada');
  });

  it('leaves unknown placeholders visible rather than inventing text', () => {
    expect(t('comment.inReplyTo')).toBe('in reply to {name}');
  });

  it('chooses the plural form with Intl.PluralRules', () => {
    expect(t('thread.count', { n: 0 })).toBe('0 comments');
    expect(t('thread.count', { n: 1 })).toBe('1 comment');
    expect(t('thread.count', { n: 2 })).toBe('2 comments');
    expect(t('thread.newComments', { n: 1 })).toBe('Show 1 new comment');
    expect(t('thread.newComments', { n: 3 })).toBe('Show 3 new comments');
    expect(t('replies.showMore', { n: 1 })).toBe('Show 1 more reply');
    expect(t('replies.showMore', { n: 12 })).toBe('Show 12 more replies');
  });

  it('falls back to the "other" form when a category is missing', () => {
    // English has no "few"; 1.5 is "other" in English.
    expect(t('time.minutes', { n: 1.5 })).toBe('1.5 minutes ago');
  });

  it('has a form for "other" in every plural message', () => {
    for (const [key, value] of Object.entries(en)) {
      if (typeof value === 'object') expect(value, key).toHaveProperty('other');
    }
  });
});

describe('resolveLanguage', () => {
  it('maps regional variants and unknown languages onto a catalog', () => {
    expect(resolveLanguage('en')).toBe('en');
    expect(resolveLanguage('en-GB')).toBe('en');
    expect(resolveLanguage('EN-us')).toBe('en');
    expect(resolveLanguage('xx')).toBe('en');
    expect(resolveLanguage('')).toBe('en');
    expect(resolveLanguage(undefined)).toBe('en');
  });

  it('gives a working translator for any language tag', () => {
    expect(createTranslator('de-AT')('auth.signIn')).toBe('Sign in');
  });
});
