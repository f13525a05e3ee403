import { describe, expect, it } from 'vitest';
import { ModerationApi, parseRetryAfter } from '../../src/dashboard/lib/api';
import { errorMessage } from '../../src/dashboard/lib/errors';
import { json } from './fixtures';

function client(reply: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const seen: { url: string; init: RequestInit }[] = [];
  const api = new ModerationApi('', (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push({ url: String(input), init: init ?? {} });
    return reply(String(input), init ?? {});
  }) as typeof fetch);
  return { api, seen };
}

const headers = (init: RequestInit) => init.headers as Record<string, string>;

describe('ModerationApi', () => {
  it('builds queue URLs with encoded segments and drops empty parameters', async () => {
    const { api, seen } = client(() => json(200, { queue: 'reported', items: [], next_cursor: null }));
    api.token = 'tok';
    await api.queue('reported', { site: 'courier', story: '', order: 'oldest', cursor: 'a+b/c', limit: 25 });
    const url = new URL(seen[0]!.url, 'http://x');
    expect(url.pathname).toBe('/api/v1/moderation/queues/reported');
    expect(url.searchParams.get('site')).toBe('courier');
    expect(url.searchParams.has('story')).toBe(false);
    expect(url.searchParams.get('cursor')).toBe('a+b/c');
    expect(url.searchParams.get('order')).toBe('oldest');
    expect(headers(seen[0]!.init).Authorization).toBe('Bearer tok');
    expect(seen[0]!.init.credentials).toBe('omit');
  });

  it('sends decisions as JSON', async () => {
    const { api, seen } = client(() => json(200, { comment: {}, changed: true, decision: null }));
    api.token = 'tok';
    await api.decide('123', { action: 'reject', rule_id: 'illegal', legal_ground: 'Act s.1' });
    expect(seen[0]!.url).toBe('/api/v1/moderation/comments/123/decision');
    expect(seen[0]!.init.method).toBe('POST');
    expect(headers(seen[0]!.init)['Content-Type']).toBe('application/json');
    expect(JSON.parse(String(seen[0]!.init.body))).toEqual({ action: 'reject', rule_id: 'illegal', legal_ground: 'Act s.1' });
  });

  it('signs in without a token', async () => {
    const { api, seen } = client(() => json(200, { user: { id: '1', name: 'M', role: 'moderator' }, token: 't' }));
    api.token = 'old';
    const r = await api.signIn('m@example.com', 'pw');
    expect(r.ok).toBe(true);
    expect(headers(seen[0]!.init).Authorization).toBeUndefined();
  });

  it('returns the error code and message of a refusal', async () => {
    const { api } = client(() => json(403, { error: { code: 'own_decision', message: 'you made it' } }));
    api.token = 'tok';
    const r = await api.resolveAppeal('9', { outcome: 'reverse', explanation: 'x' });
    expect(r).toEqual({ ok: false, error: { status: 403, code: 'own_decision', message: 'you made it' } });
    if (!r.ok) expect(errorMessage(r.error)).toMatch(/another moderator must resolve this appeal/i);
  });

  it('tells the app once when the token stops working', async () => {
    const { api } = client(() => json(401, { error: { code: 'token_expired', message: 'expired' } }));
    api.token = 'tok';
    const calls: string[] = [];
    api.onSignedOut = (e) => calls.push(e.code);
    await api.counts('courier');
    expect(calls).toEqual(['token_expired']);
    // Signing in with a wrong password is not a lost session.
    const { api: anon } = client(() => json(401, { error: { code: 'invalid_credentials', message: '' } }));
    anon.onSignedOut = () => calls.push('wrong');
    await anon.signIn('a@b.c', 'x');
    expect(calls).toEqual(['token_expired']);
  });

  it('turns a failed fetch into a network error', async () => {
    const { api } = client(() => {
      throw new TypeError('Failed to fetch');
    });
    const r = await api.sites();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('network');
      expect(errorMessage(r.error)).toMatch(/could not be reached/);
    }
  });

  it('keeps the status of a non-JSON error page and reads Retry-After', async () => {
    const { api } = client(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const r = await api.sites();
    expect(!r.ok && r.error.code).toBe('http_502');
    const { api: slow } = client(() => json(429, { error: { code: 'too_many_attempts', message: '' } }, { 'Retry-After': '30' }));
    const s = await slow.signIn('a@b.c', 'x');
    expect(!s.ok && s.error.retryAfter).toBe(30);
    if (!s.ok) expect(errorMessage(s.error)).toMatch(/30 seconds/);
  });

  it('reports a malformed success body', async () => {
    const { api } = client(() => new Response('not json', { status: 200 }));
    const r = await api.sites();
    expect(!r.ok && r.error.code).toBe('malformed_response');
  });

  it('answers 204 without a body', async () => {
    const { api } = client(() => new Response(null, { status: 204 }));
    api.token = 'tok';
    const r = await api.signOut();
    expect(r.ok && r.status).toBe(204);
  });

  it('falls back to the server message, then a generic one', () => {
    expect(errorMessage({ status: 422, code: 'weird_code', message: 'the server says so' })).toBe('the server says so');
    expect(errorMessage({ status: 422, code: 'weird_code', message: '' })).toMatch(/weird_code/);
    expect(errorMessage({ status: 503, code: 'http_503', message: '' })).toMatch(/could not do this/);
  });

  it('parses Retry-After dates', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(new Date(60_000).toUTCString(), 0)).toBe(60);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
