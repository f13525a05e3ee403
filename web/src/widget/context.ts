// What every component of one widget instance shares.

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Translate } from './i18n';
import type { ThreadState } from './state/thread';
import type { Api } from './lib/api';
import type { User } from './types';

export interface WidgetActions {
  /** Posts a comment or reply; resolves to an error sentence, or null on success. */
  post(body: string, parentId: string | null): Promise<string | null>;
  /** Saves an edit; resolves to an error sentence, or null on success. */
  edit(id: string, body: string): Promise<string | null>;
  askDelete(id: string, opener: HTMLElement): void;
  react(id: string, on: boolean, opener: HTMLElement): void;
  /** Opens the sign-in dialog (or sign-up) from `opener`, which gets focus back. */
  signIn(opener: HTMLElement | null, mode?: 'signIn' | 'signUp'): void;
  /** The Markdown to start an edit from. */
  sourceOf(id: string): string;
  preview(body: string): Promise<{ html: string } | { error: string }>;
  /** Opens the report dialog for a comment. */
  report(id: string, opener: HTMLElement): void;
}

export interface WidgetContextValue {
  t: Translate;
  lang: string;
  now: number;
  api: Api;
  user: User | null;
  thread: ThreadState;
  actions: WidgetActions;
  /** the reader may not write now (warned, suspended, banned): reading only */
  blocked: boolean;
}

export const WidgetContext = createContext<WidgetContextValue | null>(null);

export function useWidget(): WidgetContextValue {
  const value = useContext(WidgetContext);
  if (!value) throw new Error('useWidget outside a widget');
  return value;
}
