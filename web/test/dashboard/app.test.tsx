import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/dashboard/App';
import { ModerationApi } from '../../src/dashboard/lib/api';
import { SESSION_KEY } from '../../src/dashboard/lib/session';
import type { CommentItem } from '../../src/dashboard/types';
import { commentItem, json } from './fixtures';

const MOD = { id: 'm1', name: 'Mo Derator', role: 'moderator' };
const COUNTS = { pending: 2, reported: 1, unmoderated: 40, approved: 12, rejected: 5, appeals: 1, notices: 0 };
const RULES = [
  { id: 'civility', number: 1, title: 'Be civil' },
  { id: 'spam', number: 2, title: 'No spam' },
  { id: 'illegal', number: 3, title: 'Nothing illegal' },
];

type Handler = (url: URL, init: RequestInit) => Response | undefined;

function server(items: CommentItem[], extra: Handler = () => undefined) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://th.example');
    const method = init.method ?? 'GET';
    calls.push({ method, path: url.pathname, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const special = extra(url, init);
    if (special) return special;
    const p = url.pathname;
    if (p === '/api/v1/sessions') return json(200, { user: MOD, token: 'tok' });
    if (p === '/api/v1/moderation/sites') return json(200, { sites: [{ id: 'courier', name: 'The Courier' }] });
    if (p === '/api/v1/moderation/counts') return json(200, { counts: COUNTS });
    if (p === '/api/v1/sites/courier/rules') return json(200, { rules: RULES });
    if (p.startsWith('/api/v1/moderation/queues/')) return json(200, { queue: p.split('/').pop(), items, next_cursor: null });
    if (p.endsWith('/decision')) return json(200, { comment: {}, changed: true, decision: { id: 'd' } });
    return json(404, { error: { code: 'not_found', message: '' } });
  }) as typeof fetch;
  return { api: new ModerationApi('', fetchImpl), calls };
}

function signedIn() {
  localStorage.setItem(SESSION_KEY, JSON.stringify({ token: 'tok', user: MOD }));
  localStorage.setItem('townhall:moderation:prefs', JSON.stringify({ view: 'reported' }));
}

const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k });
const cards = () => document.querySelectorAll('[data-testid="queue-card"]');

beforeEach(() => localStorage.clear());
afterEach(() => cleanup());

describe('the dashboard', () => {
  it('signs in and shows the queue tabs with counts', async () => {
    const { api, calls } = server([]);
    render(<App api={api} />);
    fireEvent.input(screen.getByTestId('sign-in-email'), { target: { value: 'mo@example.com' } });
    fireEvent.input(screen.getByTestId('sign-in-password'), { target: { value: 'secret-pass' } });
    fireEvent.submit(screen.getByTestId('sign-in'));
    await waitFor(() => expect(screen.getByTestId('count-unmoderated').textContent).toBe('40'));
    for (const q of ['pending', 'reported', 'unmoderated', 'approved', 'rejected', 'appeals', 'notices']) {
      expect(screen.getByTestId(`tab-${q}`)).toBeTruthy();
    }
    expect(JSON.parse(localStorage.getItem(SESSION_KEY)!).token).toBe('tok');
    expect(calls.find((c) => c.path === '/api/v1/sessions')!.body).toEqual({ email: 'mo@example.com', password: 'secret-pass' });
    // Moderators do not see the admin views.
    expect(screen.queryByTestId('tab-rules')).toBeNull();
  });

  it('refuses a reader who is not a moderator', async () => {
    signedIn();
    const { api } = server([], (url) =>
      url.pathname === '/api/v1/moderation/sites' ? json(403, { error: { code: 'insufficient_role', message: 'no' } }) : undefined,
    );
    render(<App api={api} />);
    await waitFor(() => expect(screen.getByTestId('refusal').textContent).toMatch(/not a moderator/));
  });

  it('approves with `a`: the card leaves at once and the result is announced', async () => {
    signedIn();
    const items = [commentItem(), commentItem()];
    const { api, calls } = server(items);
    render(<App api={api} />);
    await waitFor(() => expect(cards().length).toBe(2));
    key('a');
    expect(cards().length).toBe(1);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toMatch(/Approved the comment by/));
    const decision = calls.find((c) => c.path.endsWith('/decision'))!;
    expect(decision.path).toBe(`/api/v1/moderation/comments/${items[0]!.comment.id}/decision`);
    expect(decision.body).toEqual({ action: 'approve' });
  });

  it('puts the card back and shows the error when the server refuses', async () => {
    signedIn();
    const items = [commentItem(), commentItem()];
    const { api } = server(items, (url) =>
      url.pathname.endsWith('/decision') ? json(403, { error: { code: 'not_moderator_of_site', message: '' } }) : undefined,
    );
    render(<App api={api} />);
    await waitFor(() => expect(cards().length).toBe(2));
    key('j');
    key('a');
    await waitFor(() => expect(screen.getByTestId('alert').textContent).toMatch(/do not moderate this site/));
    expect(cards().length).toBe(2);
    expect(cards()[1]!.getAttribute('aria-current')).toBe('true');
  });

  it('rejects with `r`, a number key for the rule and an explanation', async () => {
    signedIn();
    const items = [commentItem()];
    const { api, calls } = server(items);
    render(<App api={api} />);
    await waitFor(() => expect(cards().length).toBe(1));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/rules'))).toBe(true));
    key('r');
    const dialog = await screen.findByTestId('reject-dialog');
    fireEvent.keyDown(dialog.querySelector('form')!, { key: '2' });
    fireEvent.input(screen.getByTestId('explanation'), { target: { value: 'Selling pills' } });
    fireEvent.submit(dialog.querySelector('form')!);
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/decision'))).toBe(true));
    expect(calls.find((c) => c.path.endsWith('/decision'))!.body).toEqual({ action: 'reject', rule_id: 'spam', explanation: 'Selling pills' });
    expect(cards().length).toBe(0);
  });

  it('requires a legal ground for the rule illegal', async () => {
    signedIn();
    const { api, calls } = server([commentItem()]);
    render(<App api={api} />);
    await waitFor(() => expect(cards().length).toBe(1));
    await waitFor(() => expect(calls.some((c) => c.path.endsWith('/rules'))).toBe(true));
    key('r');
    const dialog = await screen.findByTestId('reject-dialog');
    fireEvent.keyDown(dialog.querySelector('form')!, { key: '3' });
    fireEvent.submit(dialog.querySelector('form')!);
    expect(dialog.textContent).toMatch(/legal ground/i);
    expect(calls.some((c) => c.path.endsWith('/decision'))).toBe(false);
  });

  it('opens the shortcut help with `?` and ignores shortcuts typed into fields', async () => {
    signedIn();
    const { api, calls } = server([commentItem()]);
    render(<App api={api} />);
    await waitFor(() => expect(cards().length).toBe(1));
    const filter = screen.getByTestId('story-filter');
    key('a', filter);
    key('?', filter);
    expect(calls.some((c) => c.path.endsWith('/decision'))).toBe(false);
    expect(screen.queryByTestId('shortcut-help')).toBeNull();
    key('?');
    const help = await screen.findByTestId('shortcut-help');
    expect(help.textContent).toMatch(/Keyboard shortcuts/);
    fireEvent.keyDown(help, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('shortcut-help')).toBeNull());
  });

  it('signs out when the token has expired', async () => {
    signedIn();
    const { api } = server([], (url) =>
      url.pathname === '/api/v1/moderation/sites' ? json(401, { error: { code: 'token_expired', message: '' } }) : undefined,
    );
    render(<App api={api} />);
    await waitFor(() => expect(screen.getByTestId('sign-in').textContent).toMatch(/session ended/));
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });
});
