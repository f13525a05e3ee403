// The reader's session for one Townhall server: the bearer token and the
// user it belongs to, kept in localStorage under a key scoped to the server's
// base URL (no cookies). Every widget on the page that talks to the same
// server shares one Session, and other tabs' sign-ins and sign-outs arrive
// through the `storage` event.

import type { User } from '../types';

export interface SessionData {
  token: string;
  user: User;
}

export type SessionChange = 'signedIn' | 'signedOut' | 'expired' | 'updated';
type Listener = (data: SessionData | null, change: SessionChange) => void;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // blocked by the browser's privacy settings
  }
}

function parse(raw: string | null): SessionData | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<SessionData>;
    if (typeof value.token === 'string' && value.user && typeof value.user.id === 'string') {
      return { token: value.token, user: value.user };
    }
  } catch {
    // a value written by something else: ignore it
  }
  return null;
}

export class Session {
  readonly key: string;
  private data: SessionData | null;
  private listeners = new Set<Listener>();

  constructor(base: string) {
    this.key = `townhall:session:${base}`;
    this.data = parse(storage()?.getItem(this.key) ?? null);
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (e) => {
        if (e.key !== this.key) return;
        const next = parse(e.newValue);
        this.data = next;
        this.emit(next ? 'signedIn' : 'signedOut');
      });
    }
  }

  get current(): SessionData | null {
    return this.data;
  }

  get token(): string | null {
    return this.data?.token ?? null;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores a new session (after sign-in or sign-up). */
  set(data: SessionData): void {
    this.data = data;
    this.save();
    this.emit('signedIn');
  }

  /** Refreshes the stored user (name changes) without signing in anew. */
  setUser(user: User): void {
    if (!this.data) return;
    if (this.data.user.id === user.id && this.data.user.name === user.name && this.data.user.role === user.role) return;
    this.data = { ...this.data, user };
    this.save();
    this.emit('updated');
  }

  /** Forgets the token: signed out by the reader ('signedOut') or by the server ('expired'). */
  clear(change: 'signedOut' | 'expired' = 'signedOut'): void {
    if (!this.data) return;
    this.data = null;
    this.save();
    this.emit(change);
  }

  private save(): void {
    const store = storage();
    if (!store) return;
    try {
      if (this.data) store.setItem(this.key, JSON.stringify(this.data));
      else store.removeItem(this.key);
    } catch {
      // quota or privacy mode: the session lives in memory for this page
    }
  }

  private emit(change: SessionChange): void {
    for (const listener of [...this.listeners]) listener(this.data, change);
  }
}

const sessions = new Map<string, Session>();

/** The one Session for `base` on this page. */
export function sessionFor(base: string): Session {
  let session = sessions.get(base);
  if (!session) {
    session = new Session(base);
    sessions.set(base, session);
  }
  return session;
}
