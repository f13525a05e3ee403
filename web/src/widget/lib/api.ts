// The Townhall HTTP API v1 client (docs/api.md): cross-origin fetch with a
// bearer token, never cookies. Every call resolves to a Result; nothing
// throws. A 401 invalid_token/token_expired on an authenticated call signs
// the reader out.

import type {
  Comment,
  IllegalNotice,
  IllegalNoticeResponse,
  Notice,
  NoticesResponse,
  PreviewResponse,
  ReactionResponse,
  SessionResponse,
  RulesResponse,
  Sort,
  StoryMe,
  ThreadResponse,
  User,
} from '../types';
import { isSessionGone, parseRetryAfter, type ApiError } from './errors';
import type { Session } from './session';

export type Result<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiError };

interface RequestOptions {
  body?: unknown;
  /** send the bearer token if there is one */
  auth?: boolean;
  query?: Record<string, string | undefined>;
  /** bypass the browser's cache (revalidate with the server) */
  fresh?: boolean;
  /** a token to send instead of the session's (signing out a token already forgotten) */
  token?: string;
  /** false for non-GET calls that change nothing in the thread */
  marksWrite?: boolean;
}

/**
 * The thread is cached for a few seconds (Cache-Control: max-age=5, also by
 * CDNs), so right after the reader changed something a cached copy would
 * hide it. For this long after a write, thread loads revalidate instead.
 */
const REVALIDATE_AFTER_WRITE_MS = 60_000;

export interface StoryRef {
  site: string;
  story: string;
  url?: string;
  title?: string;
}

const seg = encodeURIComponent;

export class Api {
  constructor(
    readonly base: string,
    readonly ref: StoryRef,
    readonly session: Session,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  private writeKey(): string {
    return `townhall:wrote:${this.base}`;
  }

  /** Remembers (also across reloads and tabs) that the reader just wrote. */
  private noteWrite(): void {
    try {
      localStorage.setItem(this.writeKey(), String(Date.now()));
    } catch {
      this.lastWrite = Date.now();
    }
  }

  private wroteRecently(): boolean {
    let at = this.lastWrite;
    try {
      at = Math.max(at, Number(localStorage.getItem(this.writeKey()) ?? 0));
    } catch {
      // storage blocked: the in-memory time only
    }
    return Date.now() - at < REVALIDATE_AFTER_WRITE_MS;
  }

  private lastWrite = 0;

  private get storyPath(): string {
    return `/sites/${seg(this.ref.site)}/stories/${seg(this.ref.story)}`;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Result<T>> {
    let url = `${this.base}/api/v1${path}`;
    if (options.query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(options.query)) if (v !== undefined && v !== '') params.set(k, v);
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = options.token ?? (options.auth ? this.session.token : null);
    if (token) headers.Authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers, credentials: 'omit', mode: 'cors' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (options.fresh) init.cache = 'no-cache';
    let response: Response;
    try {
      response = await this.fetchImpl(url, init);
    } catch {
      return { ok: false, error: { status: 0, code: 'network', message: '' } };
    }
    if (response.ok) {
      if (method !== 'GET' && options.marksWrite !== false) this.noteWrite();
      if (response.status === 204) return { ok: true, status: 204, data: undefined as T };
      try {
        return { ok: true, status: response.status, data: (await response.json()) as T };
      } catch {
        return { ok: false, error: { status: response.status, code: 'malformed_response', message: '' } };
      }
    }
    const error: ApiError = { status: response.status, code: `http_${response.status}`, message: '' };
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string; until?: string; notice_id?: string } };
      const e = body.error;
      if (e?.code) error.code = e.code;
      if (e?.message) error.message = e.message;
      // Restrictions (403 account_suspended, …) say until when and which notice.
      if (e?.until) error.until = e.until;
      if (e?.notice_id) error.noticeId = e.notice_id;
    } catch {
      // not JSON (a proxy's error page): keep the status code
    }
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
    if (retryAfter !== undefined) error.retryAfter = retryAfter;
    // The token no longer works: forget it, and only if it is still the one sent.
    if (token && isSessionGone(error) && this.session.token === token) this.session.clear('expired');
    return { ok: false, error };
  }

  /** A page of the thread. `create` passes url and title so the first view creates the story. */
  thread(sort: Sort, cursor: string | null, options: { create?: boolean; fresh?: boolean; limit?: number } = {}) {
    return this.request<ThreadResponse>('GET', `${this.storyPath}/comments`, {
      query: {
        sort,
        limit: String(options.limit ?? 20),
        cursor: cursor ?? undefined,
        url: options.create ? this.ref.url : undefined,
        title: options.create ? this.ref.title : undefined,
      },
      fresh: options.fresh || this.wroteRecently(),
    });
  }

  storyMe() {
    return this.request<StoryMe>('GET', `${this.storyPath}/me`, { auth: true });
  }

  me() {
    return this.request<{ user: User }>('GET', '/me', { auth: true });
  }

  comment(id: string) {
    return this.request<Comment>('GET', `/comments/${seg(id)}`, { auth: true });
  }

  post(body: string, parentId: string | null) {
    const payload: { body: string; parent_id?: string } = { body };
    if (parentId) payload.parent_id = parentId;
    return this.request<Comment>('POST', `${this.storyPath}/comments`, { body: payload, auth: true });
  }

  edit(id: string, body: string) {
    return this.request<Comment>('PATCH', `/comments/${seg(id)}`, { body: { body }, auth: true });
  }

  remove(id: string) {
    return this.request<void>('DELETE', `/comments/${seg(id)}`, { auth: true });
  }

  react(id: string, on: boolean) {
    return this.request<ReactionResponse>(on ? 'PUT' : 'DELETE', `/comments/${seg(id)}/reaction`, { auth: true });
  }

  preview(body: string) {
    return this.request<PreviewResponse>('POST', '/preview', { body: { body }, marksWrite: false });
  }

  signIn(email: string, password: string) {
    return this.request<SessionResponse>('POST', '/sessions', { body: { email, password }, marksWrite: false });
  }

  signUp(email: string, name: string, password: string) {
    return this.request<SessionResponse>('POST', '/accounts', { body: { email, name, password }, marksWrite: false });
  }

  /** Revokes `token` (by default the session's) on the server. */
  signOut(token?: string) {
    return this.request<void>('DELETE', '/sessions/current', token ? { token, marksWrite: false } : { auth: true, marksWrite: false });
  }

  /** The story's featured comments (up to 100): the thread's shape, flat. */
  featured() {
    return this.request<ThreadResponse>('GET', `${this.storyPath}/comments`, {
      query: { featured: 'true', limit: '100' },
      fresh: this.wroteRecently(),
    });
  }

  rules() {
    return this.request<RulesResponse>('GET', `/sites/${seg(this.ref.site)}/rules`);
  }

  /** The rules as a page for readers. */
  rulesUrl(): string {
    return `${this.base}/rules?site=${seg(this.ref.site)}`;
  }

  report(id: string, ruleId: string, details: string) {
    const body: { rule_id: string; details?: string } = { rule_id: ruleId };
    if (details) body.details = details;
    return this.request<{ report: { id: string } }>('POST', `/comments/${seg(id)}/reports`, { body, auth: true, marksWrite: false });
  }

  /** An illegal-content notice; the token is optional and sent when there is one. */
  illegalNotice(id: string, notice: IllegalNotice) {
    return this.request<IllegalNoticeResponse>('POST', `/comments/${seg(id)}/reports`, {
      body: { kind: 'illegal', ...notice },
      auth: true,
      marksWrite: false,
    });
  }

  /** The reader's 100 most recent notices (a reader rarely has more). */
  notices() {
    return this.request<NoticesResponse>('GET', '/me/notifications', { auth: true, query: { limit: '100' } });
  }

  markNoticesRead() {
    return this.request<void>('POST', '/me/notifications/read', { auth: true, marksWrite: false });
  }

  acknowledge(noticeId: string) {
    return this.request<{ notification: Notice }>('POST', `/me/notifications/${seg(noticeId)}/acknowledge`, {
      auth: true,
      marksWrite: false,
    });
  }

  appeal(noticeId: string, text: string) {
    return this.request<{ id: string; appeal: { id: string; status: 'open' } }>('POST', '/appeals', {
      body: { notice_id: noticeId, text },
      auth: true,
      marksWrite: false,
    });
  }

  eventsUrl(): string {
    return `${this.base}/api/v1${this.storyPath}/events`;
  }
}
