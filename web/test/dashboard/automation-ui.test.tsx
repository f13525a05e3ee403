import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/dashboard/App';
import { CommentCard, evidenceText } from '../../src/dashboard/components/CommentCard';
import { tMaybe } from '../../src/dashboard/i18n';
import { ModerationApi } from '../../src/dashboard/lib/api';
import { SESSION_KEY } from '../../src/dashboard/lib/session';
import { commentItem, json } from './fixtures';

const ADMIN = { id: 'a1', name: 'Ada Admin', role: 'admin' };
const COUNTS = { pending: 0, reported: 0, unmoderated: 0, approved: 0, rejected: 0, appeals: 0, notices: 0 };
const SITES = [
  { id: 'courier', name: 'The Courier' },
  { id: 'herald', name: 'The Herald' },
];
const SETTINGS = {
  report_threshold: 3,
  premoderation: 'off',
  links: 'allow',
  max_links: 5,
  link_allow_domains: ['news.example'],
  link_deny_domains: [],
  new_commenter_approvals: 1,
  rejection_rate_threshold: 0.3,
  rejection_window_days: 7,
  spam_threshold: 0.99,
};

type Handler = (url: URL, init: RequestInit) => Response | undefined;

function server(extra: Handler = () => undefined) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const lists: Record<string, string[]> = { banned: ['# slurs', 'idiot*'], suspect: ['moron | moroni'] };
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://th.example');
    const method = init.method ?? 'GET';
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path: url.pathname, body });
    const special = extra(url, init);
    if (special) return special;
    const p = url.pathname;
    if (p === '/api/v1/moderation/sites') return json(200, { sites: SITES });
    if (p === '/api/v1/moderation/counts') return json(200, { counts: COUNTS });
    if (p.endsWith('/rules')) return json(200, { rules: [] });
    const wl = /^\/api\/v1\/admin\/sites\/(\w+)\/word-lists\/(banned|suspect)$/.exec(p);
    if (wl) {
      const kind = wl[2]!;
      if (method === 'PUT') lists[kind] = (body as { phrases: string[] }).phrases;
      return json(200, { kind, phrases: lists[kind], text: lists[kind]!.join('\n') });
    }
    if (/^\/api\/v1\/admin\/sites\/\w+$/.test(p)) {
      const settings = method === 'PATCH' ? { ...SETTINGS, ...(body as { settings: object }).settings } : SETTINGS;
      return json(200, { id: 'courier', name: 'The Courier', settings });
    }
    if (p.startsWith('/api/v1/moderation/queues/')) return json(200, { queue: 'pending', items: [], next_cursor: null });
    return json(404, { error: { code: 'not_found', message: '' } });
  }) as typeof fetch;
  return { api: new ModerationApi('', fetchImpl), calls, lists };
}

function signedIn(view: string) {
  localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', user: ADMIN }));
  localStorage.setItem('townhall:moderation:prefs', JSON.stringify({ view, site: 'courier' }));
}

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('word lists editor', () => {
  it('loads both lists, counts phrases and saves every non-empty line', async () => {
    signedIn('wordlists');
    const { api, calls, lists } = server();
    render(<App api={api} />);
    const banned = (await screen.findByTestId('word-list-text-banned')) as HTMLTextAreaElement;
    expect(banned.value).toBe('# slurs\nidiot*');
    expect(screen.getByTestId('word-list-count-banned').textContent).toMatch(/^1 phrase ·/);
    expect(((await screen.findByTestId('word-list-text-suspect')) as HTMLTextAreaElement).value).toBe('moron | moroni');
    expect(screen.getByTestId('word-list-syntax').textContent).toContain('phrase | allow1, allow2');

    fireEvent.input(banned, { target: { value: '# slurs\nidiot*\n\n  *head*  \n' } });
    expect(screen.getByTestId('word-list-count-banned').textContent).toMatch(/^2 phrases/);
    expect(screen.getByTestId('word-list-banned').textContent).toContain('Unsaved changes');
    fireEvent.click(screen.getByTestId('word-list-save-banned'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toMatch(/Banned phrases saved \(2 phrases\)/));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/api/v1/admin/sites/courier/word-lists/banned');
    expect(put.body).toEqual({ phrases: ['# slurs', 'idiot*', '*head*'] });
    expect(lists.banned).toEqual(['# slurs', 'idiot*', '*head*']);
    expect(screen.getByTestId('word-list-banned').textContent).not.toContain('Unsaved changes');
  });

  it('shows syntax problems by line and does not send them', async () => {
    signedIn('wordlists');
    const { api, calls } = server();
    render(<App api={api} />);
    const suspect = await screen.findByTestId('word-list-text-suspect');
    fireEvent.input(suspect, { target: { value: 'ok\nid*iot' } });
    expect(screen.getByTestId('word-list-problems-suspect').textContent).toContain('Line 2: “id*iot” has a * that is not at its start or end.');
    fireEvent.click(screen.getByTestId('word-list-save-suspect'));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    expect(suspect.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the server’s refusals next to the list', async () => {
    signedIn('wordlists');
    const { api } = server((url, init) => {
      if (init.method !== 'PUT') return undefined;
      return url.pathname.endsWith('/banned')
        ? json(422, { error: { code: 'invalid_phrase', message: "phrase 2 ('!!!') has no letters or digits to match" } })
        : json(422, { error: { code: 'word_list_too_large', message: 'the word list needs more than 64 MiB' } });
    });
    render(<App api={api} />);
    const banned = await screen.findByTestId('word-list-text-banned');
    fireEvent.input(banned, { target: { value: '# x\nidiot\n!!!' } });
    fireEvent.click(screen.getByTestId('word-list-save-banned'));
    await waitFor(() =>
      expect(screen.getByTestId('word-list-error-banned').textContent).toBe("Line 3: phrase 2 ('!!!') has no letters or digits to match"),
    );
    const suspect = await screen.findByTestId('word-list-text-suspect');
    fireEvent.input(suspect, { target: { value: '*a*' } });
    fireEvent.click(screen.getByTestId('word-list-save-suspect'));
    await waitFor(() => expect(screen.getByTestId('word-list-error-suspect').textContent).toMatch(/too large to check comments/));
    // The edits are kept.
    expect((banned as HTMLTextAreaElement).value).toBe('# x\nidiot\n!!!');
  });

  it('asks before leaving unsaved edits, and stays when told to', async () => {
    signedIn('wordlists');
    const { api } = server();
    render(<App api={api} />);
    const banned = await screen.findByTestId('word-list-text-banned');
    fireEvent.input(banned, { target: { value: 'changed' } });
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    fireEvent.click(screen.getByTestId('tab-settings'));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('word-lists')).toBeTruthy();
    const picker = screen.getByTestId('site-picker') as HTMLSelectElement;
    fireEvent.change(picker, { target: { value: 'herald' } });
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(picker.value).toBe('courier');
    expect((screen.getByTestId('word-list-text-banned') as HTMLTextAreaElement).value).toBe('changed');

    confirm.mockReturnValue(true);
    fireEvent.click(screen.getByTestId('tab-settings'));
    await screen.findByTestId('site-settings');
    // Nothing unsaved any more: no question.
    fireEvent.click(screen.getByTestId('tab-audit'));
    expect(confirm).toHaveBeenCalledTimes(3);
  });

  it('does not ask when nothing changed', async () => {
    signedIn('wordlists');
    const { api } = server();
    render(<App api={api} />);
    await screen.findByTestId('word-list-text-banned');
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    fireEvent.click(screen.getByTestId('tab-settings'));
    await screen.findByTestId('site-settings');
    expect(confirm).not.toHaveBeenCalled();
  });
});

describe('automatic check settings', () => {
  it('loads, shows the rate as a percentage and PATCHes every setting', async () => {
    signedIn('settings');
    const { api, calls } = server();
    render(<App api={api} />);
    const rate = (await screen.findByTestId('setting-rejection_rate_threshold')) as HTMLInputElement;
    expect(rate.value).toBe('30');
    expect((screen.getByTestId('setting-link_allow_domains') as HTMLTextAreaElement).value).toBe('news.example');
    expect((screen.getByTestId('setting-links-allow') as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByTestId('setting-links-hold_new_commenters'));
    fireEvent.input(rate, { target: { value: '25' } });
    fireEvent.input(screen.getByTestId('setting-link_deny_domains'), { target: { value: 'spam.example\n\nbad.example' } });
    fireEvent.input(screen.getByTestId('setting-max_links'), { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('Settings saved.'));
    const patch = calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/api/v1/admin/sites/courier');
    expect(patch.body).toEqual({
      settings: { ...SETTINGS, links: 'hold_new_commenters', rejection_rate_threshold: 0.25, link_deny_domains: ['spam.example', 'bad.example'], max_links: 3 },
    });
  });

  it('refuses bad values before sending, next to their fields', async () => {
    signedIn('settings');
    const { api, calls } = server();
    render(<App api={api} />);
    const allow = await screen.findByTestId('setting-link_allow_domains');
    fireEvent.input(allow, { target: { value: 'https://News.example' } });
    fireEvent.input(screen.getByTestId('setting-rejection_window_days'), { target: { value: '400' } });
    fireEvent.click(screen.getByTestId('settings-save'));
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
    expect(screen.getByTestId('problem-link_allow_domains').textContent).toContain('https://News.example');
    expect(screen.getByTestId('problem-rejection_window_days').textContent).toMatch(/1 to 365/);
    expect(allow.getAttribute('aria-invalid')).toBe('true');
    expect(allow.getAttribute('aria-describedby')).toContain('setting-link_allow_domains-problem');
  });

  it('shows the server’s validation error beside the field it names', async () => {
    signedIn('settings');
    const { api } = server((_url, init) =>
      init.method === 'PATCH' ? json(422, { error: { code: 'invalid_field', message: 'link_deny_domains must be an array of host names' } }) : undefined,
    );
    render(<App api={api} />);
    await screen.findByTestId('setting-link_deny_domains');
    fireEvent.click(screen.getByTestId('settings-save'));
    await waitFor(() => expect(screen.getByTestId('problem-link_deny_domains').textContent).toBe('link_deny_domains must be an array of host names'));
    expect(screen.getByTestId('settings-error').textContent).toBe('link_deny_domains must be an array of host names');
  });
});

describe('reasons on a card', () => {
  const actions = { approve: () => {}, reject: () => {}, feature: () => {}, openUser: () => {}, select: () => {} };

  it('shows the phase, the message and the evidence as chips', () => {
    const item = commentItem();
    item.reasons = [
      {
        phase: 'word_lists',
        code: 'suspect_words',
        action: 'hold',
        automated: true,
        message: "suspect phrase 'idiot' matched 'i.d.i.o.t'",
        evidence: [{ label: 'idiot', text: 'i.d.i.o.t', begin: 12, end: 21, weight: 0 }],
        at: '2026-11-30T11:00:00.000Z',
      },
      {
        phase: 'spam',
        code: 'spam',
        action: 'hold',
        automated: true,
        message: 'spam probability 0.998',
        evidence: [
          { label: 'viagra', text: 'Viagra', begin: 0, end: 6, weight: 4.5 },
          { label: 'cheap', text: 'cheap', begin: 7, end: 12, weight: 1.234 },
        ],
      },
      { phase: 'links', code: 'denied_domain', action: 'hold', automated: true, message: 'links to spam.example', evidence: [{ label: 'spam.example', text: 'https://spam.example/x', begin: 3, end: 25, weight: 0 }] },
      { phase: 'trust', code: 'new_commenter', action: 'hold', automated: true, message: 'first comments are held', evidence: [] },
      { code: 'legacy', evidence: ['old string evidence'] },
    ];
    render(<CommentCard item={item} selected={false} busy={false} actions={actions} />);
    const reasons = screen.getAllByTestId('reason');
    expect(reasons).toHaveLength(5);
    const [words, spam, links, trust, legacy] = reasons as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];
    expect(words.textContent).toContain('Word lists');
    expect(words.textContent).toContain('Suspect words');
    expect(words.textContent).toContain("suspect phrase 'idiot' matched 'i.d.i.o.t'");
    expect(within(words).getAllByTestId('evidence').map((e) => e.textContent)).toEqual(['idiot → i.d.i.o.t']);
    expect(within(spam).getAllByTestId('evidence').map((e) => e.textContent)).toEqual(['viagra 4.50', 'cheap 1.23']);
    expect(within(spam).getByRole('list', { name: 'Spam tokens and their weights' })).toBeTruthy();
    expect(links.textContent).toContain('Links');
    expect(within(links).getByTestId('evidence').textContent).toBe('spam.example → https://spam.example/x');
    expect(trust.textContent).toContain('Trust');
    expect(trust.textContent).toContain('New commenter');
    expect(within(trust).queryAllByTestId('evidence')).toHaveLength(0);
    expect(within(legacy).getByTestId('evidence').textContent).toBe('old string evidence');
  });

  it('labels the reports phase and caps long evidence lists', () => {
    const item = commentItem();
    item.reasons = [
      { phase: 'reports', code: 'reported', automated: true, message: 'reports weigh 3.2 (threshold 3)', evidence: [] },
      { phase: 'spam', code: 'spam', evidence: Array.from({ length: 15 }, (_, i) => ({ label: `t${i}`, weight: i / 3 })) },
    ];
    render(<CommentCard item={item} selected={false} busy={false} actions={actions} />);
    const [reports, spam] = screen.getAllByTestId('reason') as [HTMLElement, HTMLElement];
    expect(reports.textContent).toContain('Reports');
    expect(reports.textContent).not.toContain('Automated');
    expect(within(spam).getAllByTestId('evidence')).toHaveLength(12);
    expect(spam.textContent).toContain('and 3 more');
  });

  it.each([
    ['banned_words', 'Banned words'],
    ['suspect_words', 'Suspect words'],
    ['links', 'Has links'],
    ['denied_domain', 'Blocked domain'],
    ['too_many_links', 'Too many links'],
    ['spam', 'Spam score'],
    ['flood', 'Posting too fast'],
    ['repeat', 'Repeated text'],
    ['burst', 'Burst of comments'],
    ['new_commenter', 'New commenter'],
    ['premoderation', 'Pre-moderation'],
    ['rejection_rate', 'Often rejected'],
    ['reported', 'Reported'],
    ['rule', 'Rejected citing a rule'],
    ['author_banned', 'Author banned'],
    ['appeal_reversed', 'Restored on appeal'],
  ])('labels the reason code %s', (code, label) => {
    expect(tMaybe(`reason.${code}`)).toBe(label);
    const item = commentItem();
    item.reasons = [{ code, evidence: [] }];
    render(<CommentCard item={item} selected={false} busy={false} actions={actions} />);
    expect(screen.getByTestId('reason').textContent).toContain(label);
  });

  it("gives the status's own reason when no reason on the card says it", () => {
    const item = commentItem();
    item.comment = { ...item.comment, status: 'rejected', reason: 'author_banned' };
    item.reasons = [];
    render(<CommentCard item={item} selected={false} busy={false} actions={actions} />);
    expect(screen.getByTestId('status-reason').textContent).toBe(' (Author banned)');
    cleanup();

    const restored = commentItem();
    restored.comment = { ...restored.comment, status: 'approved', reason: 'appeal_reversed' };
    restored.reasons = [];
    render(<CommentCard item={restored} selected={false} busy={false} actions={actions} />);
    expect(screen.getByTestId('status-reason').textContent).toBe(' (Restored on appeal)');
    cleanup();

    // Held by reports: the card's reasons say so already.
    render(<CommentCard item={commentItem()} selected={false} busy={false} actions={actions} />);
    expect(screen.queryByTestId('status-reason')).toBeNull();
  });

  it('writes evidence plainly', () => {
    expect(evidenceText({ label: 'idiot', text: 'idiot' }, 'word_lists')).toBe('idiot');
    expect(evidenceText({ text: 'https://x.example' }, 'links')).toBe('https://x.example');
    expect(evidenceText({ label: 'free', weight: -0.5 }, 'spam')).toBe('free -0.50');
    expect(evidenceText({ text: 'Free' }, 'spam')).toBe('Free');
  });
});
