// What every view of the dashboard needs: the API client, the signed-in
// moderator, the chosen site, and the app's announcer (aria-live).

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ModerationApi } from './lib/api';
import type { Rule, Site, User } from './types';

export interface DashboardContext {
  api: ModerationApi;
  user: User;
  site: Site;
  /** the site's current rules, in order (empty while loading) */
  rules: Rule[];
  /** a polite status message ("Approved.") */
  announce: (message: string) => void;
  /** an error message, shown and announced assertively */
  fail: (message: string) => void;
  /** asks for fresh queue counts now */
  refreshCounts: () => void;
  /**
   * Marks (or clears) unsaved edits under `key`; while any are marked, the
   * app asks before switching site or view, and the browser before leaving.
   */
  setUnsaved: (key: string, unsaved: boolean) => void;
  /** opens the user drawer */
  openUser: (userId: string, opener?: HTMLElement | null) => void;
}

export const Ctx = createContext<DashboardContext | null>(null);

export function useDashboard(): DashboardContext {
  const value = useContext(Ctx);
  if (!value) throw new Error('useDashboard outside the dashboard');
  return value;
}
