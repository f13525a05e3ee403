import { describe, expect, it } from 'vitest';
import {
  checkPhrases,
  countPhrases,
  lineFromServerMessage,
  MAX_PHRASES,
  phraseLines,
  sameList,
  wordListText,
} from '../../src/dashboard/state/wordLists';
import {
  draftChanged,
  draftFromSettings,
  fieldFromServerMessage,
  fromPercent,
  isHostName,
  settingsPayload,
  toPercent,
} from '../../src/dashboard/state/siteSettings';
import { ModerationApi } from '../../src/dashboard/lib/api';
import { json } from './fixtures';

describe('word list text', () => {
  const text = '# insults\nidiot*\n\n  moron | moroni  \n*head*\r\n   \n# end';

  it('sends every non-empty line, trimmed, comments included', () => {
    expect(phraseLines(text)).toEqual(['# insults', 'idiot*', 'moron | moroni', '*head*', '# end']);
  });

  it('counts phrases without comment or blank lines', () => {
    expect(countPhrases(text)).toBe(3);
    expect(countPhrases('')).toBe(0);
    expect(countPhrases('\n\n# only a note\n')).toBe(0);
  });

  it('reads the server list from text, else from phrases', () => {
    expect(wordListText({ kind: 'banned', phrases: ['a', 'b'], text: 'a\nb' })).toBe('a\nb');
    expect(wordListText({ phrases: ['a', 'b'] })).toBe('a\nb');
    expect(wordListText({})).toBe('');
  });

  it('ignores whitespace-only edits when telling unsaved changes', () => {
    expect(sameList('idiot\nmoron', '  idiot\n\nmoron  \n')).toBe(true);
    expect(sameList('idiot\nmoron', 'moron\nidiot')).toBe(false);
    expect(sameList('idiot', 'idiot\n# note')).toBe(false);
  });

  it('finds lines the server would refuse, by line number', () => {
    const problems = checkPhrases(['ok*', '| allow', 'id*iot', '# a * comment', 'fine | cock*tail, ok', 'x'.repeat(201), `y | ${Array(101).fill('a').join(',')}`].join('\n'));
    expect(problems).toEqual([
      { line: 2, entry: '| allow', problem: 'emptyPhrase' },
      { line: 3, entry: 'id*iot', problem: 'innerStar' },
      { line: 5, entry: 'cock*tail', problem: 'innerStar' },
      { line: 6, entry: 'x'.repeat(201), problem: 'tooLong' },
      { line: 7, entry: 'y', problem: 'tooManyAllowed' },
    ]);
  });

  it('accepts the documented syntax', () => {
    expect(checkPhrases('phrase\nphrase*\n*phrase\n*phrase*\nphrase | allow1, allow2\n# comment\n* phrase *\nhé')).toEqual([]);
  });

  it('counts UTF-8 bytes for the length limit', () => {
    expect(checkPhrases('é'.repeat(100))).toEqual([]);
    expect(checkPhrases('é'.repeat(101))[0]!.problem).toBe('tooLong');
  });

  it('points server messages at a textarea line', () => {
    const text = '# note\nidiot\n\nid!!ot*\nmoron';
    expect(lineFromServerMessage(text, "line 4: the phrase before '|' is empty")).toBe(4);
    expect(lineFromServerMessage(text, "phrase 2 ('id!!ot*') has no letters or digits to match")).toBe(4);
    expect(lineFromServerMessage(text, 'phrase 9 is empty')).toBeNull();
    expect(lineFromServerMessage(text, 'something else')).toBeNull();
  });

  it('knows the phrase limit', () => {
    expect(MAX_PHRASES).toBe(10_000);
  });
});

describe('site settings', () => {
  const server = {
    report_threshold: 3,
    premoderation: 'new_commenters' as const,
    links: 'hold_new_commenters' as const,
    max_links: 5,
    link_allow_domains: ['news.example'],
    link_deny_domains: ['spam.example', 'bad.example'],
    new_commenter_approvals: 1,
    rejection_rate_threshold: 0.3,
    rejection_window_days: 7,
    spam_threshold: 0.99,
  };

  it('shows the rejection rate as a percentage and domains one per line', () => {
    const d = draftFromSettings(server);
    expect(d.rejection_rate_threshold).toBe('30');
    expect(d.link_deny_domains).toBe('spam.example\nbad.example');
    expect(d.links).toBe('hold_new_commenters');
    expect(settingsPayload(d)).toEqual({ settings: server });
  });

  it('fills the documented defaults when the server leaves fields out', () => {
    const d = draftFromSettings({ report_threshold: 2 });
    expect(d).toMatchObject({ report_threshold: '2', links: 'allow', max_links: '5', rejection_rate_threshold: '30', rejection_window_days: '7', spam_threshold: '0.99', new_commenter_approvals: '1' });
    expect(draftFromSettings({ links: 'sometimes' as never }).links).toBe('allow');
  });

  it('converts percentages without float noise', () => {
    expect(toPercent(0.07)).toBe('7');
    expect(toPercent(0.333)).toBe('33.3');
    expect(fromPercent(33.3)).toBe(0.333);
    expect(fromPercent(7)).toBe(0.07);
  });

  it('checks host-name shape', () => {
    for (const ok of ['news.example', 'bbc.co.uk', 'a-b.c0m', 'localhost', 'xn--bcher-kva.example']) expect(isHostName(ok)).toBe(true);
    for (const bad of ['News.example', 'https://news.example', 'news.example/path', '-bad.example', 'bad-.example', 'a..b', '.example', 'news example', 'a_b.example', '']) {
      expect(isHostName(bad)).toBe(false);
    }
  });

  it('refuses values out of the server ranges', () => {
    const d = draftFromSettings(server);
    const result = settingsPayload({
      ...d,
      report_threshold: '0.2',
      max_links: '2.5',
      new_commenter_approvals: '',
      rejection_rate_threshold: '120',
      rejection_window_days: '0',
      spam_threshold: '0.4',
      link_allow_domains: 'news.example\nHTTPS://Bad.example/x',
    });
    expect('problems' in result && result.problems).toEqual([
      { field: 'report_threshold', kind: 'range' },
      { field: 'max_links', kind: 'range' },
      { field: 'new_commenter_approvals', kind: 'range' },
      { field: 'rejection_rate_threshold', kind: 'range' },
      { field: 'rejection_window_days', kind: 'range' },
      { field: 'spam_threshold', kind: 'range' },
      { field: 'link_allow_domains', kind: 'domain', entries: ['HTTPS://Bad.example/x'] },
    ]);
  });

  it('accepts the range ends, skips blank domain lines and duplicates', () => {
    const d = draftFromSettings(server);
    const result = settingsPayload({
      ...d,
      max_links: '0',
      rejection_rate_threshold: '100',
      rejection_window_days: '365',
      spam_threshold: '1',
      link_deny_domains: '\n spam.example \n\nspam.example\n',
    });
    expect('settings' in result && result.settings).toMatchObject({ max_links: 0, rejection_rate_threshold: 1, rejection_window_days: 365, spam_threshold: 1, link_deny_domains: ['spam.example'] });
  });

  it('tells unsaved changes', () => {
    const d = draftFromSettings(server);
    expect(draftChanged(d, { ...d, link_allow_domains: 'news.example\n\n' })).toBe(false);
    expect(draftChanged(d, { ...d, max_links: '6' })).toBe(true);
    expect(draftChanged(d, { ...d, links: 'hold' })).toBe(true);
  });

  it('finds the field a server message names', () => {
    expect(fieldFromServerMessage('max_links must be between 0 and 100')).toBe('max_links');
    expect(fieldFromServerMessage('links must be allow, hold or hold_new_commenters')).toBe('links');
    expect(fieldFromServerMessage("link_deny_domains: 'Bad' is not a host name")).toBe('link_deny_domains');
    expect(fieldFromServerMessage('settings must be an object')).toBeNull();
  });
});

describe('word list calls', () => {
  it('GETs and PUTs the list of a kind', async () => {
    const calls: { url: string; method?: string; body?: string }[] = [];
    const api = new ModerationApi('', (async (url: string, init: RequestInit) => {
      calls.push({ url, method: init.method, body: init.body as string | undefined });
      return json(200, { kind: 'suspect', phrases: ['idiot*'], text: 'idiot*' });
    }) as unknown as typeof fetch);
    api.token = 'tok';
    const got = await api.wordList('the courier', 'suspect');
    expect(got.ok && got.data.phrases).toEqual(['idiot*']);
    await api.saveWordList('courier', 'banned', ['# note', 'idiot*']);
    expect(calls[0]).toMatchObject({ url: '/api/v1/admin/sites/the%20courier/word-lists/suspect', method: 'GET' });
    expect(calls[1]).toMatchObject({ url: '/api/v1/admin/sites/courier/word-lists/banned', method: 'PUT' });
    expect(JSON.parse(calls[1]!.body!)).toEqual({ phrases: ['# note', 'idiot*'] });
  });
});
