// The widget's moderation parts in happy-dom against a scripted fake of the
// API (docs/api-moderation.md): rules, reports, illegal-content notices,
// featured comments, notices and appeals, warnings and restrictions.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Widget } from '../src/widget/App';
import { Api } from '../src/widget/lib/api';
import { Session } from '../src/widget/lib/session';
import type { Comment, Notice, Standing } from '../src/widget/types';
import { comment, notice, page, RULES } from './fixtures';

const BASE = 'https://comments.example';
const ME = { id: 'u-me', name: 'Me', role: 'commenter' };

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  auth: string | null;
}
type Reply = { status?: number; body?: unknown; headers?: Record<string, string> };
type Route = (call: Call) => Reply | undefined;

function fakeServer(routes: Route[]) {
  const calls: Call[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call: Call = {
      method: init?.method ?? 'GET',
      path: url.pathname.replace('/api/v1', ''),
      query: url.searchParams,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      auth: headers.Authorization ?? null,
    };
    calls.push(call);
    for (const route of routes) {
      const reply = route(call);
      if (reply) {
        const status = reply.status ?? 200;
        return new Response(status === 204 ? null : JSON.stringify(reply.body ?? {}), {
          status,
          headers: { 'Content-Type': 'application/json', ...(reply.headers ?? {}) },
        });
      }
    }
    return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no route' } }), { status: 404 });
  };
  return { calls, fetchImpl: fetchImpl as typeof fetch };
}

const fail = (status: number, code: string, extra: Record<string, unknown> = {}): Reply => ({
  status,
  body: { error: { code, message: code, ...extra } },
});

const is = (method: string, path: string | RegExp) => (c: Call) =>
  c.method === method && (typeof path === 'string' ? c.path === path : path.test(c.path));

const thread = (comments: Comment[], story: Record<string, unknown> = {}): Route => (c) =>
  c.method === 'GET' && c.path.endsWith('/comments') && !c.query.has('featured')
    ? { body: { ...page(comments), story: { ...page(comments).story, ...story } } }
    : undefined;
const me = (standing?: Standing, own: Comment[] = []): Route => (c) =>
  is('GET', /\/me$/)(c) && c.path.startsWith('/sites') ? { body: { user: ME, reacted: [], own, standing } } : undefined;
const notifications = (items: Notice[], unread = items.filter((n) => !n.read).length): Route => (c) =>
  is('GET', '/me/notifications')(c) ? { body: { items, unread, next_cursor: null } } : undefined;
const rules: Route = (c) => (is('GET', '/sites/courier/rules')(c) ? { body: { site: { id: 'courier', name: 'Courier' }, rules: RULES } } : undefined);

function setup(routes: Route[], { signedIn = false } = {}) {
  const session = new Session(BASE);
  if (signedIn) session.set({ token: 'tok', user: ME });
  const server = fakeServer(routes);
  const api = new Api(BASE, { site: 'courier', story: 'budget-2027', url: 'https://news.example/budget-2027', title: 'Budget 2027' }, session, server.fetchImpl);
  const view = render(<Widget base={BASE} site="courier" story="budget-2027" api={api} session={session} live={false} />);
  return { ...view, server, session };
}

const other = () => comment({ id: 'c1', author: { id: 'u-ada', name: 'Ada' }, body_html: '<p>You are all wrong</p>' });

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => cleanup());

describe('rules', () => {
  it('links to the rules page near the composer, signed in or not', async () => {
    setup([thread([])]);
    const link = await screen.findByTestId('rules-link');
    expect(link.getAttribute('href')).toBe(`${BASE}/rules?site=courier`);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.textContent).toContain('Read the rules');
  });
});

describe('reporting a comment', () => {
  async function openReport(routes: Route[]) {
    const ctx = setup([thread([other(), comment({ id: 'mine', author: { id: ME.id, name: ME.name } })]), me(), notifications([]), rules, ...routes], {
      signedIn: true,
    });
    await screen.findByTestId('thread');
    const target = screen.getAllByTestId('comment').find((c) => c.dataset.commentId === 'c1')!;
    fireEvent.click(within(target).getByTestId('report-button'));
    const dialog = await screen.findByTestId('report-dialog');
    await within(dialog).findAllByTestId('report-rule');
    return { ...ctx, dialog, target };
  }

  it('offers Report on others’ comments only', async () => {
    setup([thread([other(), comment({ id: 'mine', author: { id: ME.id, name: ME.name } })]), me(), notifications([])], { signedIn: true });
    await screen.findByTestId('thread');
    const [theirs, mine] = screen.getAllByTestId('comment');
    await waitFor(() => expect(within(mine!).queryByTestId('delete-button')).toBeTruthy());
    expect(within(theirs!).getByTestId('report-button').getAttribute('aria-label')).toBe('Report this comment by Ada');
    expect(within(mine!).queryByTestId('report-button')).toBeNull();
  });

  it('lists the rules, validates, sends rule and details, and then shows "Reported"', async () => {
    const { dialog, server, target } = await openReport([
      (c) => (is('POST', '/comments/c1/reports')(c) ? { status: 201, body: { report: { id: 'r1', comment_id: 'c1', rule_id: 'civility' } } } : undefined),
    ]);
    const radios = within(dialog).getAllByTestId('report-rule') as HTMLInputElement[];
    expect(radios.map((r) => r.dataset.ruleId)).toEqual(['civility', 'spam', 'illegal']);
    expect(within(dialog).getByLabelText('1. Be civil')).toBe(radios[0]);
    expect(within(dialog).getAllByText('What this rule means')[0]!.closest('details')!.textContent).toContain('Argue with ideas');
    expect(within(dialog).getByTestId('rules-link')).toBeTruthy();

    // No rule chosen: nothing is sent.
    fireEvent.click(within(dialog).getByTestId('report-submit'));
    await within(dialog).findByText('Choose the rule this comment breaks.');
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);

    // Details over 500 characters: the counter says so, nothing is sent.
    fireEvent.click(radios[0]!);
    const details = within(dialog).getByTestId('report-details');
    fireEvent.input(details, { target: { value: 'x'.repeat(501) } });
    expect(within(dialog).getByTestId('report-counter').textContent).toBe('501 / 500 characters');
    fireEvent.click(within(dialog).getByTestId('report-submit'));
    await within(dialog).findByText('Please shorten the details to 500 characters.');
    expect(details.getAttribute('aria-invalid')).toBe('true');
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.input(details, { target: { value: '  Calls another reader names.  ' } });
    fireEvent.click(within(dialog).getByTestId('report-submit'));
    const result = await within(dialog).findByTestId('report-result');
    expect(result.getAttribute('role')).toBe('status');
    expect(result.textContent).toContain('Moderators will review the comment');
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ rule_id: 'civility', details: 'Calls another reader names.' });
    expect(post.auth).toBe('Bearer tok');

    fireEvent.click(within(dialog).getByText('Close', { selector: '.th-dialog-actions button' }));
    await waitFor(() => expect(screen.queryByTestId('report-dialog')).toBeNull());
    expect(within(target).getByTestId('reported-badge').textContent).toContain('Reported');
    expect(within(target).queryByTestId('report-button')).toBeNull();
    expect(localStorage.getItem(`townhall:reported:${BASE}:${ME.id}`)).toBe('["c1"]');
  });

  it.each([
    [fail(409, 'already_reported'), 'You have already reported this comment. Moderators will review it.', true],
    [fail(403, 'own_comment'), 'You cannot report your own comment.', false],
    [{ ...fail(429, 'rate_limited'), headers: { 'Retry-After': '600' } }, 'You have sent many reports in the last hour. Please try again later.', false],
    [fail(422, 'unknown_rule'), 'That rule no longer exists. Please choose another one.', false],
  ])('explains a refused report (%#)', async (reply, message, reported) => {
    const { dialog, target } = await openReport([(c) => (is('POST', '/comments/c1/reports')(c) ? reply : undefined)]);
    fireEvent.click(within(dialog).getAllByTestId('report-rule')[1]!);
    fireEvent.click(within(dialog).getByTestId('report-submit'));
    const alert = await within(dialog).findByText(message);
    expect(alert.getAttribute('role')).toBe('alert');
    expect(Boolean(within(target).queryByTestId('reported-badge'))).toBe(reported);
  });

  it('closes on Escape and gives focus back to the Report button', async () => {
    const { dialog, target } = await openReport([]);
    const button = within(target).getByTestId('report-button');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('report-dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(button));
  });
});

describe('illegal-content notice', () => {
  it('can be sent signed out, shows the comment, checks the fields, and gives a receipt', async () => {
    const { server } = setup([
      thread([other()]),
      (c) =>
        is('POST', '/comments/c1/reports')(c)
          ? { status: 201, body: { notice: { id: 'ln-7', comment_id: 'c1', status: 'received', received_at: '2026-12-01T10:00:00Z' }, receipt: 'k3X-secret' } }
          : undefined,
    ]);
    fireEvent.click(await screen.findByTestId('report-button'));
    const dialog = await screen.findByTestId('report-dialog');
    expect(within(dialog).getByText('Sign in to report a comment that breaks our rules.')).toBeTruthy();
    fireEvent.click(within(dialog).getByTestId('report-illegal-link'));
    const form = await within(dialog).findByTestId('illegal-form');
    expect(within(form).getByTestId('illegal-comment').textContent).toBe('You are all wrong');
    expect(within(form).getByText('Comment by Ada')).toBeTruthy();

    fireEvent.click(within(form).getByTestId('illegal-submit'));
    await waitFor(() => expect(within(form).getAllByText('This field is required.')).toHaveLength(3));
    expect(within(form).getByText('Please confirm that your notice is accurate and sent in good faith.')).toBeTruthy();
    expect(within(form).getByTestId('illegal-good-faith').getAttribute('aria-invalid')).toBe('true');
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.input(within(form).getByTestId('illegal-law'), { target: { value: 'Defamation Act 2013, s.1' } });
    fireEvent.input(within(form).getByTestId('illegal-details'), { target: { value: 'It falsely accuses a named councillor of fraud.' } });
    fireEvent.input(within(form).getByTestId('illegal-name'), { target: { value: 'Ana Pereira' } });
    fireEvent.input(within(form).getByTestId('illegal-email'), { target: { value: 'ana@example.org' } });
    fireEvent.click(within(form).getByTestId('illegal-good-faith'));
    fireEvent.click(within(form).getByTestId('illegal-submit'));

    const result = await within(dialog).findByTestId('report-result');
    expect(within(result).getByTestId('illegal-reference').textContent).toBe('ln-7');
    expect(within(result).getByTestId('illegal-receipt').textContent).toBe('k3X-secret');
    expect(result.textContent).toContain('Quote the reference and receipt');
    const post = server.calls.find((c) => c.method === 'POST')!;
    expect(post.auth).toBeNull();
    expect(post.body).toEqual({
      kind: 'illegal',
      law: 'Defamation Act 2013, s.1',
      details: 'It falsely accuses a named councillor of fraud.',
      name: 'Ana Pereira',
      email: 'ana@example.org',
      good_faith: true,
    });
  });

  it('says signed-in notifiers will hear back under Notices, with their name filled in', async () => {
    setup(
      [
        thread([other()]),
        me(),
        notifications([]),
        rules,
        (c) => (is('POST', '/comments/c1/reports')(c) ? { status: 201, body: { notice: { id: 'ln-8' }, receipt: 'r' } } : undefined),
      ],
      { signedIn: true },
    );
    fireEvent.click(await screen.findByTestId('report-button'));
    fireEvent.click(await screen.findByTestId('report-illegal-link'));
    expect((screen.getByTestId('illegal-name') as HTMLInputElement).value).toBe('Me');
    fireEvent.input(screen.getByTestId('illegal-details'), { target: { value: 'Threatens violence.' } });
    fireEvent.input(screen.getByTestId('illegal-email'), { target: { value: 'me@example.org' } });
    fireEvent.click(screen.getByTestId('illegal-good-faith'));
    fireEvent.click(screen.getByTestId('illegal-submit'));
    expect((await screen.findByTestId('report-result')).textContent).toContain('We will tell you our decision under Notices.');
  });
});

describe('featured comments', () => {
  it('badges them in the thread and lists them flat in a Featured tab', async () => {
    const ada = comment({ id: 'top', author: { id: 'u-ada', name: 'Ada' }, featured: true });
    const reply = comment({ id: 'r1', parent_id: 'top', author: { id: 'u-bo', name: 'Bo' }, featured: true });
    const { server } = setup([
      thread([{ ...ada, replies: [reply] }, comment({ id: 'plain' })], { featured_count: 2 }),
      (c) => (c.query.get('featured') === 'true' ? { body: page([reply, { ...ada, replies: [] }]) } : undefined),
    ]);
    await screen.findByTestId('thread');
    expect(screen.getAllByTestId('featured-badge')).toHaveLength(2);
    expect(screen.getByTestId('tab-all').getAttribute('aria-pressed')).toBe('true');
    const tab = screen.getByTestId('tab-featured');
    expect(tab.textContent).toBe('Featured (2)');

    fireEvent.click(tab);
    const list = await screen.findByTestId('featured-list');
    await waitFor(() => expect(within(list).getAllByTestId('comment')).toHaveLength(2));
    expect(tab.getAttribute('aria-pressed')).toBe('true');
    expect(screen.queryByTestId('thread')).toBeNull();
    expect(screen.queryByTestId('sort-select')).toBeNull();
    const [first, second] = within(list).getAllByTestId('comment');
    expect(within(first!).getByText('in reply to Ada')).toBeTruthy();
    expect(within(first!).getByTestId('featured-badge')).toBeTruthy();
    expect(within(second!).queryByText(/in reply to/)).toBeNull();
    expect(server.calls.find((c) => c.query.get('featured') === 'true')!.path).toBe('/sites/courier/stories/budget-2027/comments');

    fireEvent.click(screen.getByTestId('tab-all'));
    await screen.findByTestId('thread');
  });

  it('has no tabs when nothing is featured', async () => {
    setup([thread([comment()], { featured_count: 0 })]);
    await screen.findByTestId('thread');
    expect(screen.queryByTestId('tab-featured')).toBeNull();
  });
});

describe('notices and appeals', () => {
  const rejected = notice({ id: 'n-rej' });
  const suspended = notice({
    id: 'n-sus',
    kind: 'account_suspended',
    action: 'suspend',
    scope: 'site',
    until: '2026-12-08T17:00:00.000Z',
    comment: null,
    automated: true,
    read: true,
    appeal: { possible: false, id: 'ap-1', status: 'open' },
  });

  it('shows the unread count, lists statements of reasons, and marks them read', async () => {
    const { server } = setup([thread([]), me(), notifications([rejected, suspended]), (c) => (is('POST', '/me/notifications/read')(c) ? { status: 204 } : undefined)], {
      signedIn: true,
    });
    const button = await screen.findByTestId('notices-button');
    await waitFor(() => expect(button.textContent).toBe('Notices (1 new)'));
    fireEvent.click(button);
    const panel = await screen.findByTestId('notices-panel');
    const cards = await within(panel).findAllByTestId('notice');
    expect(cards.map((c) => c.dataset.noticeId)).toEqual(['n-rej', 'n-sus']);

    const [rej, sus] = cards;
    expect(within(rej!).getByRole('heading').textContent).toContain('Your comment was removed');
    expect(within(rej!).getByText('New')).toBeTruthy();
    expect(rej!.textContent).toContain('You are all idiots');
    expect(within(rej!).getByText('on “Budget 2027”').getAttribute('href')).toBe('https://news.example/budget-2027');
    expect(rej!.textContent).toContain('1. Be civil');
    expect(rej!.textContent).toContain('Personal attacks on other readers.');
    expect(rej!.textContent).toContain('A moderator decided, without automation.');
    expect(rej!.textContent).toContain('You can appeal until');
    expect(within(rej!).getByTestId('appeal-form')).toBeTruthy();

    expect(within(sus!).getByRole('heading').textContent).toBe('Your account was suspended');
    expect(sus!.textContent).toContain('Commenting on this site');
    expect(sus!.textContent).toMatch(/Until.*December.*2026/);
    expect(sus!.textContent).toContain('An automatic check was involved.');
    expect(within(sus!).getByTestId('appeal-status').textContent).toBe('You appealed. A different moderator is reviewing it.');
    expect(within(sus!).queryByTestId('appeal-form')).toBeNull();

    await waitFor(() => expect(server.calls.some(is('POST', '/me/notifications/read'))).toBe(true));
    fireEvent.keyDown(panel, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('notices-panel')).toBeNull());
    expect(button.textContent).toBe('Notices');
  });

  it('sends an appeal of 1–2000 characters and says what happens next', async () => {
    const { server } = setup(
      [
        thread([]),
        me(),
        notifications([rejected]),
        (c) => (is('POST', '/me/notifications/read')(c) ? { status: 204 } : undefined),
        (c) => (is('POST', '/appeals')(c) ? { status: 201, body: { id: 'ap-9', appeal: { id: 'ap-9', status: 'open', text: 'x' } } } : undefined),
      ],
      { signedIn: true },
    );
    fireEvent.click(await screen.findByTestId('notices-button'));
    const card = await screen.findByTestId('notice');
    fireEvent.click(within(card).getByTestId('appeal-submit'));
    await within(card).findByText('Please explain why we should change this decision.');
    expect(server.calls.some(is('POST', '/appeals'))).toBe(false);

    fireEvent.input(within(card).getByTestId('appeal-input'), { target: { value: 'I was quoting the other reader.' } });
    fireEvent.click(within(card).getByTestId('appeal-submit'));
    await waitFor(() => expect(within(card).getByTestId('appeal-status').textContent).toContain('Your appeal was sent.'));
    expect(server.calls.find(is('POST', '/appeals'))!.body).toEqual({ notice_id: 'n-rej', text: 'I was quoting the other reader.' });
    expect(within(card).queryByTestId('appeal-form')).toBeNull();
  });

  it.each([
    ['already_appealed', 409, 'You have already appealed this decision. Each decision can be appealed once.'],
    ['appeal_window_closed', 422, 'The time to appeal this decision (six months) is over.'],
  ])('explains a refused appeal: %s', async (code, status, message) => {
    setup([thread([]), me(), notifications([rejected]), (c) => (is('POST', '/appeals')(c) ? fail(status, code) : undefined)], { signedIn: true });
    fireEvent.click(await screen.findByTestId('notices-button'));
    const card = await screen.findByTestId('notice');
    fireEvent.input(within(card).getByTestId('appeal-input'), { target: { value: 'Please look again.' } });
    fireEvent.click(within(card).getByTestId('appeal-submit'));
    await waitFor(() => expect(within(card).getByTestId('appeal-status').textContent).toBe(message));
    expect(within(card).queryByTestId('appeal-form')).toBeNull();
  });
});

describe('warnings and restrictions', () => {
  const warning = notice({
    id: 'n-warn',
    kind: 'account_warned',
    action: 'warn',
    scope: 'site',
    comment: null,
    requires_acknowledgement: true,
    explanation: 'Three personal attacks this week.',
  });

  it('replaces the composer with a warning until the reader acknowledges it', async () => {
    let standing: Standing = { status: 'warned', notice_id: 'n-warn', rule_id: 'civility', explanation: 'Three personal attacks this week.' };
    const { server } = setup(
      [
        thread([comment({ id: 'a' })]),
        (c) => me(standing)(c),
        notifications([warning]),
        rules,
        (c) => {
          if (!is('POST', '/me/notifications/n-warn/acknowledge')(c)) return undefined;
          standing = { status: 'ok' };
          return { body: { notification: { ...warning, acknowledged_at: '2026-12-01T12:00:00Z' } } };
        },
      ],
      { signedIn: true },
    );
    const box = await screen.findByTestId('warning');
    expect(screen.queryByTestId('composer')).toBeNull();
    expect(box.textContent).toContain('You received a warning');
    await waitFor(() => expect(box.textContent).toContain('1. Be civil'));
    expect(box.textContent).toContain('Three personal attacks this week.');
    expect(screen.queryByTestId('reply-button')).toBeNull(); // reading only, for now
    expect(screen.getByTestId('react-button')).toBeTruthy();

    fireEvent.click(within(box).getByTestId('warning-acknowledge'));
    await screen.findByTestId('composer');
    expect(screen.queryByTestId('warning')).toBeNull();
    expect(server.calls.some(is('POST', '/me/notifications/n-warn/acknowledge'))).toBe(true);
    expect(screen.getByTestId('status-message').textContent).toContain('You can comment again.');
    expect(screen.getByTestId('reply-button')).toBeTruthy();
  });

  it('turns a 403 warning_unacknowledged on posting into the warning', async () => {
    setup(
      [
        thread([]),
        me({ status: 'ok' }),
        notifications([warning]),
        (c) => (is('POST', /\/comments$/)(c) ? fail(403, 'warning_unacknowledged', { notice_id: 'n-warn' }) : undefined),
      ],
      { signedIn: true },
    );
    await screen.findByTestId('composer');
    fireEvent.input(screen.getByTestId('composer-input'), { target: { value: 'Hello again' } });
    fireEvent.click(screen.getByTestId('composer-submit'));
    const box = await screen.findByTestId('warning');
    await waitFor(() => expect(box.textContent).toContain('Three personal attacks this week.'));
    // The unsent text waits for the composer's return.
    expect(Object.values({ ...sessionStorage })).toContain('Hello again');
  });

  it('tells a suspended reader until when, in words, and links to the notice', async () => {
    const sus = notice({ id: 'n-sus', kind: 'account_suspended', action: 'suspend', scope: 'site', until: '2999-12-08T17:00:00.000Z', comment: null });
    setup(
      [thread([comment({ id: 'a' })]), me({ status: 'suspended', until: '2999-12-08T17:00:00.000Z', notice_id: 'n-sus', rule_id: 'civility' }), notifications([sus], 0)],
      { signedIn: true },
    );
    const box = await screen.findByTestId('restriction');
    expect(screen.queryByTestId('composer')).toBeNull();
    expect(box.textContent).toContain('Your account is suspended');
    expect(box.textContent).toMatch(/until .*December.*2999/);
    await waitFor(() => expect(box.textContent).toContain('1. Be civil'));
    expect(screen.getAllByTestId('comment')).toHaveLength(1); // reading works

    fireEvent.click(within(box).getByTestId('restriction-notice'));
    const panel = await screen.findByTestId('notices-panel');
    const card = await within(panel).findByTestId('notice');
    await waitFor(() => expect(document.activeElement).toBe(card));
  });

  it('shows a ban when posting answers 403 account_banned', async () => {
    setup(
      [thread([]), me({ status: 'ok' }), notifications([]), (c) => (is('POST', /\/comments$/)(c) ? fail(403, 'account_banned', { notice_id: 'n-ban' }) : undefined)],
      { signedIn: true },
    );
    await screen.findByTestId('composer');
    fireEvent.input(screen.getByTestId('composer-input'), { target: { value: 'Hi' } });
    fireEvent.click(screen.getByTestId('composer-submit'));
    const box = await screen.findByTestId('restriction');
    expect(box.textContent).toContain('Your account is banned from commenting');
    expect(box.textContent).toContain('You can still read the discussion');
  });

  it('says when a suspended reader’s like is refused', async () => {
    setup(
      [
        thread([comment({ id: 'a' })]),
        me({ status: 'ok' }),
        notifications([]),
        (c) => (c.method === 'PUT' ? fail(403, 'account_suspended', { until: '2999-01-01T00:00:00Z', notice_id: 'n1' }) : undefined),
      ],
      { signedIn: true },
    );
    fireEvent.click(await screen.findByTestId('react-button'));
    await waitFor(() => expect(screen.getByTestId('status-message').textContent).toContain('Your account is suspended, so you cannot do that right now.'));
    expect(screen.getByTestId('react-button').getAttribute('aria-pressed')).toBe('false');
    await screen.findByTestId('restriction');
  });

  it('tells a pre-moderated reader their comments are reviewed first', async () => {
    setup([thread([]), me({ status: 'premoderated' }), notifications([])], { signedIn: true });
    expect((await screen.findByTestId('premod-note')).textContent).toBe('A moderator reviews your comments before they appear.');
    expect(screen.getByTestId('composer')).toBeTruthy();
  });

  it('gives the reason of an own comment hidden by reports', async () => {
    const held = comment({ id: 'held', author: { id: ME.id, name: ME.name }, status: 'pending', reason: 'reported', body_html: '<p>Mine</p>' });
    setup([thread([]), me({ status: 'ok' }, [held]), notifications([])], { signedIn: true });
    expect(await screen.findByText('Only you can see this comment until a moderator reviews it. Reason: hidden while moderators review reports')).toBeTruthy();
  });

  it('gives the reason of own comments held by the automatic checks or rejected', async () => {
    const mine = { author: { id: ME.id, name: ME.name } };
    const own = [
      comment({ id: 'fast', ...mine, status: 'pending', reason: 'flood', body_html: '<p>Fast</p>' }),
      comment({ id: 'banned', ...mine, status: 'rejected', reason: 'author_banned', body_html: '<p>Gone</p>' }),
      comment({ id: 'odd', ...mine, status: 'pending', reason: 'a_new_code', body_html: '<p>Odd</p>' }),
    ];
    setup([thread([]), me({ status: 'ok' }, own), notifications([])], { signedIn: true });
    expect(await screen.findByText('Only you can see this comment until a moderator reviews it. Reason: you posted several comments quickly')).toBeTruthy();
    expect(screen.getByText('A moderator or an automatic check removed this comment. Reason: your account was banned')).toBeTruthy();
    expect(screen.getByText('Only you can see this comment until a moderator reviews it. Reason: not given')).toBeTruthy();
  });
});
