// A typed client for the moderation dashboard (docs/api.md and
// docs/api-moderation.md). Same-origin fetch with a bearer token, never
// cookies. Every call resolves to a Result and nothing throws; a 401 on an
// authenticated call tells the app (through `onSignedOut`) that the token no
// longer works.

import type {
  AdminSite,
  AuditEntry,
  Counts,
  DecisionRequest,
  DecisionResponse,
  Enforcement,
  EnforcementRequest,
  Note,
  Order,
  QueueName,
  QueuePage,
  Rule,
  SessionResponse,
  Site,
  Transparency,
  UserHistory,
  WordList,
} from '../types';

export interface ApiError {
  /** HTTP status; 0 when the server could not be reached */
  status: number;
  /** the API's error code, or "network" / "http_<status>" / "malformed_response" */
  code: string;
  message: string;
  /** seconds, from Retry-After */
  retryAfter?: number;
}

export type Result<T> = { ok: true; status: number; data: T } | { ok: false; error: ApiError };

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** send no token (signing in) */
  anonymous?: boolean;
}

export interface QueueQuery {
  site: string;
  story?: string;
  order?: Order;
  cursor?: string | null;
  limit?: number;
}

export interface RuleDraft {
  id?: string;
  title: string;
  body: string;
}

const seg = encodeURIComponent;

/** Seconds from a Retry-After header (delta-seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - now) / 1000));
}

/** The token is unknown, signed out, expired or missing: the moderator must sign in again. */
export function isSignedOutError(error: ApiError): boolean {
  return error.status === 401;
}

export class ModerationApi {
  token: string | null = null;
  /** called once per 401 on an authenticated request */
  onSignedOut: ((error: ApiError) => void) | null = null;

  constructor(
    readonly base: string = '',
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  url(path: string, query?: RequestOptions['query']): string {
    let url = `${this.base}/api/v1${path}`;
    if (query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Result<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = options.anonymous ? null : this.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    const init: RequestInit = { method, headers, credentials: 'omit', cache: 'no-store' };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(this.url(path, options.query), init);
    } catch {
      return { ok: false, error: { status: 0, code: 'network', message: '' } };
    }
    if (response.ok) {
      if (response.status === 204) return { ok: true, status: 204, data: undefined as T };
      try {
        return { ok: true, status: response.status, data: (await response.json()) as T };
      } catch {
        return { ok: false, error: { status: response.status, code: 'malformed_response', message: '' } };
      }
    }
    let code = `http_${response.status}`;
    let message = '';
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } };
      if (body.error?.code) code = body.error.code;
      if (body.error?.message) message = body.error.message;
    } catch {
      // not JSON (a proxy's error page): keep the status code
    }
    const error: ApiError = { status: response.status, code, message };
    const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
    if (retryAfter !== undefined) error.retryAfter = retryAfter;
    if (token && isSignedOutError(error) && this.token === token) this.onSignedOut?.(error);
    return { ok: false, error };
  }

  // Sessions
  signIn(email: string, password: string) {
    return this.request<SessionResponse>('POST', '/sessions', { body: { email, password }, anonymous: true });
  }
  signOut() {
    return this.request<void>('DELETE', '/sessions/current');
  }

  // Moderation
  sites() {
    return this.request<{ sites: Site[] }>('GET', '/moderation/sites');
  }
  counts(site: string, story?: string) {
    return this.request<{ counts: Counts }>('GET', '/moderation/counts', { query: { site, story } });
  }
  queue<T = QueuePage>(name: QueueName, q: QueueQuery) {
    return this.request<T>('GET', `/moderation/queues/${seg(name)}`, {
      query: { site: q.site, story: q.story, order: q.order, cursor: q.cursor, limit: q.limit },
    });
  }
  decide(commentId: string, decision: DecisionRequest) {
    return this.request<DecisionResponse>('POST', `/moderation/comments/${seg(commentId)}/decision`, { body: decision });
  }
  decideNotice(noticeId: string, body: { outcome: 'remove' | 'keep'; explanation: string; legal_ground?: string }) {
    return this.request<{ notice: unknown }>('POST', `/moderation/notices/${seg(noticeId)}/decision`, { body });
  }
  resolveAppeal(appealId: string, body: { outcome: 'uphold' | 'reverse'; explanation: string }) {
    return this.request<{ appeal: unknown }>('POST', `/moderation/appeals/${seg(appealId)}/resolution`, { body });
  }
  user(userId: string, site: string) {
    return this.request<UserHistory>('GET', `/moderation/users/${seg(userId)}`, { query: { site } });
  }
  enforce(userId: string, body: EnforcementRequest) {
    return this.request<{ enforcement: Enforcement; rejected_comments: number }>(
      'POST',
      `/moderation/users/${seg(userId)}/enforcement`,
      { body },
    );
  }
  addNote(userId: string, site: string, body: string) {
    return this.request<{ note: Note }>('POST', `/moderation/users/${seg(userId)}/notes`, { body: { site, body } });
  }
  audit(q: { site: string; comment?: string; user?: string; cursor?: string | null; limit?: number }) {
    return this.request<{ items: AuditEntry[]; next_cursor: string | null }>('GET', '/moderation/audit', {
      query: { site: q.site, comment: q.comment, user: q.user, cursor: q.cursor, limit: q.limit },
    });
  }

  // Rules (public read, admin write)
  rules(site: string, includeArchived = false) {
    return this.request<{ site?: Site; rules: Rule[] }>('GET', `/sites/${seg(site)}/rules`, {
      query: { include_archived: includeArchived ? '1' : undefined },
    });
  }
  saveRules(site: string, rules: RuleDraft[]) {
    return this.request<{ rules: Rule[] }>('PUT', `/admin/sites/${seg(site)}/rules`, { body: { rules } });
  }

  // Admin
  adminSite(site: string) {
    return this.request<AdminSite>('GET', `/admin/sites/${seg(site)}`);
  }
  patchSite(site: string, settings: AdminSite['settings']) {
    return this.request<AdminSite>('PATCH', `/admin/sites/${seg(site)}`, { body: { settings } });
  }
  wordList(site: string, kind: WordList['kind']) {
    return this.request<WordList>('GET', `/admin/sites/${seg(site)}/word-lists/${seg(kind)}`);
  }
  saveWordList(site: string, kind: WordList['kind'], phrases: string[]) {
    return this.request<WordList>('PUT', `/admin/sites/${seg(site)}/word-lists/${seg(kind)}`, { body: { phrases } });
  }
  transparency(site: string, from?: string, to?: string) {
    return this.request<Transparency>('GET', `/admin/sites/${seg(site)}/transparency`, { query: { from, to, format: 'json' } });
  }
  /** Downloads the CSV (with the token, which a plain link cannot send); resolves to its text. */
  async transparencyCsv(site: string, from?: string, to?: string): Promise<Result<string>> {
    const headers: Record<string, string> = { Accept: 'text/csv' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    try {
      const response = await this.fetchImpl(this.url(`/admin/sites/${seg(site)}/transparency`, { from, to, format: 'csv' }), {
        headers,
        credentials: 'omit',
        cache: 'no-store',
      });
      if (!response.ok) return { ok: false, error: { status: response.status, code: `http_${response.status}`, message: '' } };
      return { ok: true, status: response.status, data: await response.text() };
    } catch {
      return { ok: false, error: { status: 0, code: 'network', message: '' } };
    }
  }
}
