// The moderator's session: the bearer token and user from POST /sessions,
// kept in localStorage (no cookies). Storage may be blocked; then the session
// lives in memory for this page only.

import type { User } from '../types';

export interface SessionData {
  token: string;
  user: User;
}

export const SESSION_KEY = 'townhall:moderation:session';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function loadSession(): SessionData | null {
  const raw = storage()?.getItem(SESSION_KEY) ?? null;
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<SessionData>;
    if (typeof value.token === 'string' && value.user && typeof value.user.id === 'string') {
      return { token: value.token, user: value.user };
    }
  } catch {
    // written by something else: ignore it
  }
  return null;
}

export function saveSession(data: SessionData | null): void {
  const store = storage();
  if (!store) return;
  try {
    if (data) store.setItem(SESSION_KEY, JSON.stringify(data));
    else store.removeItem(SESSION_KEY);
  } catch {
    // quota or privacy mode
  }
}

export const isAdmin = (user: User | null | undefined) => user?.role === 'admin';
