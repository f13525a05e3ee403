// The widget rendered in happy-dom against a scripted fake of the API.
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Widget } from '../src/widget/App';
import { Api } from '../src/widget/lib/api';
import { Session } from '../src/widget/lib/session';
import type { Comment } from '../src/widget/types';
import { comment, page } from './fixtures';

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

const threadRoute =
  (comments: Comment[], open = true): Route =>
  (c) =>
    c.method === 'GET' && c.path.endsWith('/comments') ? { body: { ...page(comments), story: { ...page(comments).story, open } } } : undefined;

function setup(routes: Route[], { signedIn = false } = {}) {
  const session = new Session(BASE);
  if (signedIn) session.set({ token: 'tok', user: ME });
  const server = fakeServer(routes);
  const api = new Api(BASE, { site: 'courier', story: 'budget-2027', url: 'https://news.example/budget-2027', title: 'Budget 2027' }, session, server.fetchImpl);
  const view = render(<Widget base={BASE} site="courier" story="budget-2027" api={api} session={session} live={false} />);
  return { ...view, server, session };
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => cleanup());

describe('reading', () => {
  it('loads the thread with url and title, and shows count, nesting and placeholders', async () => {
    const deep = comment({ id: 'deep', parent_id: 'l3', reply_to: { id: 'l3', author: { id: 'u3', name: 'Cleo' } } });
    const l3 = comment({ id: 'l3', parent_id: 'l2', author: { id: 'u3', name: 'Cleo' } });
    const l2 = comment({ id: 'l2', parent_id: 'l1', replies: [l3, deep] });
    const l1 = comment({ id: 'l1', parent_id: 'top', status: 'deleted', author: null, body_html: '', replies: [l2] });
    const top = comment({ id: 'top', author: { id: 'u1', name: 'Ada' }, edited_at: '2026-11-30T11:02:00Z', replies: [l1] });
    const { server } = setup([threadRoute([top])]);

    const thread = await screen.findByTestId('thread');
    expect(screen.getByTestId('comment-count').textContent).toBe('1 comment');
    const first = server.calls[0]!;
    expect(first.query.get('sort')).toBe('newest');
    expect(first.query.get('url')).toBe('https://news.example/budget-2027');
    expect(first.query.get('title')).toBe('Budget 2027');
    expect(first.auth).toBeNull();

    const comments = within(thread).getAllByTestId('comment');
    expect(comments.map((c) => c.dataset.commentId)).toEqual(['top', 'l1', 'l2', 'l3', 'deep']);
    expect(within(comments[0]!).getByText('edited')).toBeTruthy();
    expect(within(comments[1]!).getByText('This comment was deleted.')).toBeTruthy();
    expect(within(comments[4]!).getByText('in reply to Cleo')).toBeTruthy();
    const time = comments[0]!.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe(top.created_at);
    expect(time.getAttribute('title')).toMatch(/2026/);
  });

  it('collapses long reply lists and expands them on request', async () => {
    const replies = [1, 2, 3, 4, 5].map((i) => comment({ id: `r${i}`, parent_id: 'top' }));
    setup([threadRoute([comment({ id: 'top', replies })])]);
    await screen.findByTestId('thread');
    expect(screen.getAllByTestId('comment')).toHaveLength(4);
    fireEvent.click(screen.getByText('Show 2 more replies'));
    expect(screen.getAllByTestId('comment')).toHaveLength(6);
  });

  it('says when the discussion is closed and offers no composer', async () => {
    setup([threadRoute([comment()], false)], { signedIn: true });
    await screen.findByText('This discussion is closed. No new comments can be posted.');
    expect(screen.queryByTestId('composer')).toBeNull();
    expect(screen.queryByTestId('reply-button')).toBeNull();
  });

  it('changes the sort and asks the API for it', async () => {
    const { server } = setup([threadRoute([comment()])]);
    await screen.findByTestId('thread');
    fireEvent.change(screen.getByTestId('sort-select'), { target: { value: 'reactions' } });
    await waitFor(() => expect(server.calls.some((c) => c.query.get('sort') === 'reactions')).toBe(true));
    const resort = server.calls.find((c) => c.query.get('sort') === 'reactions')!;
    expect(resort.query.get('url')).toBeNull(); // the story exists by now
  });
});

describe('signed-in state', () => {
  it("loads the reader's state with the token and marks their reactions", async () => {
    const { server } = setup(
      [
        threadRoute([comment({ id: 'a', reactions: 2 })]),
        (c) => (c.path.endsWith('/me') ? { body: { user: ME, reacted: ['a'], own: [] } } : undefined),
      ],
      { signedIn: true },
    );
    await waitFor(() => expect(screen.getByTestId('react-button').getAttribute('aria-pressed')).toBe('true'));
    const me = server.calls.find((c) => c.path.endsWith('/me'))!;
    expect(me.auth).toBe('Bearer tok');
    expect(screen.getByTestId('sign-out-button')).toBeTruthy();
    expect(screen.getByTestId('composer')).toBeTruthy();
  });

  it('drops a rejected token and shows the signed-out state', async () => {
    const { session } = setup(
      [
        threadRoute([comment()]),
        (c) => (c.path.endsWith('/me') ? { status: 401, body: { error: { code: 'token_expired', message: 'expired' } } } : undefined),
      ],
      { signedIn: true },
    );
    await screen.findByTestId('sign-in-button');
    expect(session.token).toBeNull();
    expect(screen.getByTestId('status-message').textContent).toContain('Your session has ended');
  });

  it('shows an own posted comment at once, and says when it awaits review', async () => {
    const posted = comment({ id: 'mine', author: { id: ME.id, name: ME.name }, status: 'pending', body_html: '<p>Hello</p>' });
    const { server } = setup(
      [
        threadRoute([comment({ id: 'a' })]),
        (c) => (c.path.endsWith('/me') ? { body: { user: ME, reacted: [], own: [] } } : undefined),
        (c) => (c.method === 'POST' && c.path.endsWith('/comments') ? { status: 201, body: posted } : undefined),
      ],
      { signedIn: true },
    );
    await screen.findByTestId('thread');
    const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;
    fireEvent.input(input, { target: { value: 'Hello' } });
    fireEvent.click(screen.getByTestId('composer-submit'));
    await waitFor(() => expect(screen.getAllByTestId('comment')[0]!.dataset.commentId).toBe('mine'));
    expect(server.calls.find((c) => c.method === 'POST')!.body).toEqual({ body: 'Hello' });
    expect(screen.getByText('Awaiting review')).toBeTruthy();
    expect(screen.getByTestId('status-message').textContent).toContain('awaiting review');
    expect(input.value).toBe('');
  });

  it('reports a throttled post with the wait time, keeping the text', async () => {
    setup(
      [
        threadRoute([]),
        (c) => (c.path.endsWith('/me') ? { body: { user: ME, reacted: [], own: [] } } : undefined),
        (c) =>
          c.method === 'POST'
            ? { status: 429, body: { error: { code: 'rate_limited', message: 'slow down' } }, headers: { 'Retry-After': '30' } }
            : undefined,
      ],
      { signedIn: true },
    );
    await screen.findByTestId('thread');
    const input = screen.getByTestId('composer-input') as HTMLTextAreaElement;
    fireEvent.input(input, { target: { value: 'Hi' } });
    fireEvent.click(screen.getByTestId('composer-submit'));
    await screen.findByText('Too many attempts. Try again in 30 seconds.');
    expect(input.value).toBe('Hi');
  });

  it('keeps the unsent text when the session turns out to have expired', async () => {
    setup(
      [
        threadRoute([]),
        (c) => (c.path.endsWith('/me') ? { body: { user: ME, reacted: [], own: [] } } : undefined),
        (c) => (c.method === 'POST' ? { status: 401, body: { error: { code: 'invalid_token', message: 'unknown' } } } : undefined),
      ],
      { signedIn: true },
    );
    await screen.findByTestId('thread');
    fireEvent.input(screen.getByTestId('composer-input'), { target: { value: 'My long thought' } });
    fireEvent.click(screen.getByTestId('composer-submit'));
    await screen.findByTestId('sign-in-button');
    expect(screen.queryByTestId('composer')).toBeNull();
    expect(Object.values({ ...sessionStorage })).toContain('My long thought');
  });

  it('updates the reaction count before the server answers', async () => {
    let answer: (r: Reply) => void = () => {};
    const session = new Session(BASE);
    session.set({ token: 'tok', user: ME });
    const server = fakeServer([
      threadRoute([comment({ id: 'a', reactions: 2 })]),
      (c) => (c.path.endsWith('/me') ? { body: { user: ME, reacted: [], own: [] } } : undefined),
    ]);
    const slowFetch: typeof fetch = (input, init) =>
      init?.method === 'PUT'
        ? new Promise<Reply>((resolve) => (answer = resolve)).then(
            (r) => new Response(JSON.stringify(r.body), { status: r.status ?? 200 }),
          )
        : server.fetchImpl(input, init);
    const api = new Api(BASE, { site: 'courier', story: 'budget-2027' }, session, slowFetch);
    render(<Widget base={BASE} site="courier" story="budget-2027" api={api} session={session} live={false} />);
    const button = await screen.findByTestId('react-button');
    fireEvent.click(button);
    expect(within(button).getByTestId('reaction-count').textContent).toBe('3');
    expect(button.getAttribute('aria-pressed')).toBe('true');
    answer({ body: { comment_id: 'a', reacted: true, reactions: 5 } });
    await waitFor(() => expect(within(button).getByTestId('reaction-count').textContent).toBe('5'));
  });
});

describe('accounts', () => {
  it('opens the sign-in dialog from a reaction when signed out; Escape closes it and returns focus', async () => {
    setup([threadRoute([comment({ id: 'a' })])]);
    const react = await screen.findByTestId('react-button');
    react.focus();
    fireEvent.click(react);
    const dialog = await screen.findByTestId('auth-dialog');
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('auth-dialog')).toBeNull());
    await waitFor(() => expect(document.activeElement).toBe(react));
  });

  it('keeps Tab inside the dialog', async () => {
    setup([threadRoute([])]);
    fireEvent.click(await screen.findByTestId('sign-in-button'));
    const dialog = await screen.findByTestId('auth-dialog');
    const focusables = dialog.querySelectorAll<HTMLElement>('button, input');
    const last = focusables[focusables.length - 1]!;
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement).toBe(focusables[0]);
    fireEvent.keyDown(focusables[0]!, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('puts API field errors under their fields when signing up', async () => {
    setup([
      threadRoute([]),
      (c) => (c.path === '/accounts' ? { status: 422, body: { error: { code: 'weak_password', message: 'short' } } } : undefined),
    ]);
    fireEvent.click(await screen.findByTestId('sign-up-button'));
    await screen.findByTestId('auth-dialog');
    fireEvent.input(screen.getByTestId('auth-email'), { target: { value: 'ada@example.com' } });
    fireEvent.input(screen.getByTestId('auth-name'), { target: { value: 'Ada' } });
    fireEvent.input(screen.getByTestId('auth-password'), { target: { value: 'short' } });
    fireEvent.click(screen.getByTestId('auth-submit'));
    await screen.findByText('Use a password of at least 8 characters.');
    const password = screen.getByTestId('auth-password');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(password.getAttribute('aria-describedby')).toContain('password-error');
  });

  it('shows wrong credentials on the form and signs in on success', async () => {
    let attempts = 0;
    const { session } = setup([
      threadRoute([]),
      (c) => {
        if (c.path !== '/sessions') return undefined;
        attempts += 1;
        return attempts === 1
          ? { status: 401, body: { error: { code: 'invalid_credentials', message: 'wrong' } } }
          : { body: { user: ME, token: 'new-token' } };
      },
      (c) => (c.path.endsWith('/me') ? { body: { user: ME, reacted: [], own: [] } } : undefined),
    ]);
    fireEvent.click(await screen.findByTestId('sign-in-button'));
    fireEvent.input(screen.getByTestId('auth-email'), { target: { value: 'me@example.com' } });
    fireEvent.input(screen.getByTestId('auth-password'), { target: { value: 'password1' } });
    fireEvent.click(screen.getByTestId('auth-submit'));
    await screen.findByText('The email or password is wrong.');
    fireEvent.click(screen.getByTestId('auth-submit'));
    await waitFor(() => expect(screen.queryByTestId('auth-dialog')).toBeNull());
    expect(session.token).toBe('new-token');
    // The sign-in button is gone: focus goes to the composer.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('composer-input')));
    expect(localStorage.getItem(`townhall:session:${BASE}`)).toContain('new-token');
    expect(screen.getByTestId('sign-out-button')).toBeTruthy();
  });

  it('asks for the missing fields without calling the API', async () => {
    const { server } = setup([threadRoute([])]);
    fireEvent.click(await screen.findByTestId('sign-in-button'));
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect(screen.getAllByText('This field is required.')).toHaveLength(2);
    expect(server.calls.some((c) => c.path === '/sessions')).toBe(false);
  });
});
