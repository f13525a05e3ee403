import { beforeEach, describe, expect, it } from 'vitest';
import { Api } from '../src/widget/lib/api';
import { Session } from '../src/widget/lib/session';

const BASE = 'https://comments.example';
const USER = { id: 'u1', name: 'Ada', role: 'commenter' };

function client(reply: (url: string, init: RequestInit) => Response) {
  const seen: { url: string; init: RequestInit }[] = [];
  const session = new Session(BASE);
  const api = new Api(BASE, { site: 'courier', story: 'a b/c', url: 'https://news.example/x', title: 'X' }, session, (async (
    input: RequestInfo | URL,
    init?: RequestInit,
  ) => {
    seen.push({ url: String(input), init: init ?? {} });
    return reply(String(input), init ?? {});
  }) as typeof fetch);
  return { api, session, seen };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

beforeEach(() => localStorage.clear());

describe('Api', () => {
  it('builds paths with encoded segments and passes url and title only when creating', async () => {
    const { api, seen } = client(() => json(200, { story: {}, comments: [], next_cursor: null }));
    await api.thread('oldest', null, { create: true });
    await api.thread('oldest', 'CUR');
    const first = new URL(seen[0]!.url);
    expect(first.pathname).toBe('/api/v1/sites/courier/stories/a%20b%2Fc/comments');
    expect(first.searchParams.get('url')).toBe('https://news.example/x');
    expect(first.searchParams.get('title')).toBe('X');
    const second = new URL(seen[1]!.url);
    expect(second.searchParams.get('cursor')).toBe('CUR');
    expect(second.searchParams.has('url')).toBe(false);
    expect(seen[0]!.init.credentials).toBe('omit');
  });

  it('sends the bearer token only on authenticated calls', async () => {
    const { api, session, seen } = client(() => json(200, {}));
    session.set({ token: 'tok', user: USER });
    await api.thread('newest', null);
    await api.storyMe();
    expect((seen[0]!.init.headers as Record<string, string>).Authorization).toBeUndefined();
    expect((seen[1]!.init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('signs the reader out when the server rejects the token', async () => {
    const { api, session } = client(() => json(401, { error: { code: 'invalid_token', message: 'unknown token' } }));
    session.set({ token: 'tok', user: USER });
    const changes: string[] = [];
    session.subscribe((_, change) => changes.push(change));
    const r = await api.post('hi', null);
    expect(r.ok).toBe(false);
    expect(session.token).toBeNull();
    expect(changes).toEqual(['expired']);
    expect(localStorage.getItem(`townhall:session:${BASE}`)).toBeNull();
  });

  it('keeps the session on other errors', async () => {
    const { api, session } = client(() => json(403, { error: { code: 'story_closed', message: 'closed' } }));
    session.set({ token: 'tok', user: USER });
    await api.post('hi', null);
    expect(session.token).toBe('tok');
  });

  it('reads error codes, messages and Retry-After', async () => {
    const { api } = client(() => json(429, { error: { code: 'too_many_attempts', message: 'later' } }, { 'Retry-After': '180' }));
    const r = await api.signIn('a@b.example', 'pw');
    expect(r).toEqual({ ok: false, error: { status: 429, code: 'too_many_attempts', message: 'later', retryAfter: 180 } });
  });

  it('survives a network failure and a non-JSON error page', async () => {
    const down = client(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await down.api.me()).toEqual({ ok: false, error: { status: 0, code: 'network', message: '' } });
    const proxy = client(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(await proxy.api.me()).toEqual({ ok: false, error: { status: 502, code: 'http_502', message: '' } });
  });

  it('revalidates the cached thread after the reader wrote something', async () => {
    const { api, session, seen } = client((url) =>
      url.endsWith('/comments') && !url.includes('?') ? json(201, {}) : json(200, { story: {}, comments: [], next_cursor: null }),
    );
    session.set({ token: 'tok', user: USER });
    await api.thread('newest', null);
    expect(seen[0]!.init.cache).toBeUndefined();
    await api.preview('x'); // changes nothing
    await api.thread('newest', null);
    expect(seen[2]!.init.cache).toBeUndefined();
    await api.post('hi', null);
    await api.thread('newest', null);
    expect(seen[4]!.init.cache).toBe('no-cache');
  });
});
