// One moderation queue as a pure reducer: pages loaded by cursor, the
// keyboard selection, and optimistic removals that are confirmed or rolled
// back when the server answers. Pages that arrive for an older query (the
// moderator switched site, story, order or queue meanwhile) are ignored.

import type { ApiError } from '../lib/api';
import type { AppealItem, CommentItem, ModComment, NoticeItem, QueueItem } from '../types';

export interface Pending {
  item: QueueItem;
  index: number;
}

export interface QueueState {
  /** identifies the query (queue, site, story, order) the items belong to */
  key: string;
  items: QueueItem[];
  cursor: string | null;
  /** true once the first page arrived */
  loaded: boolean;
  loading: boolean;
  /** false once a page came back without next_cursor */
  more: boolean;
  error: ApiError | null;
  selected: number;
  /** items removed optimistically, by id, until the server confirms */
  pending: Record<string, Pending>;
}

export type QueueAction =
  | { type: 'reset'; key: string }
  | { type: 'loadStart'; key: string }
  | { type: 'loaded'; key: string; items: QueueItem[]; nextCursor: string | null; append: boolean }
  | { type: 'loadFailed'; key: string; error: ApiError }
  | { type: 'select'; index: number }
  | { type: 'move'; delta: number }
  | { type: 'remove'; id: string }
  | { type: 'confirm'; id: string }
  | { type: 'rollback'; id: string }
  | { type: 'patchComment'; id: string; patch: Partial<ModComment> };

export function initialQueue(key = ''): QueueState {
  return { key, items: [], cursor: null, loaded: false, loading: false, more: true, error: null, selected: 0, pending: {} };
}

export const isAppealItem = (item: QueueItem): item is AppealItem => 'appeal' in item;
export const isNoticeItem = (item: QueueItem): item is NoticeItem => 'notice' in item;
export const isCommentItem = (item: QueueItem): item is CommentItem => !isAppealItem(item) && !isNoticeItem(item);

/** The id an item is known by in its queue: the appeal's, the notice's, else the comment's. */
export function itemId(item: QueueItem): string {
  if (isAppealItem(item)) return `appeal:${item.appeal.id}`;
  if (isNoticeItem(item)) return `notice:${item.notice.id}`;
  return item.comment.id;
}

/** The comment an item is about, if any. */
export function itemComment(item: QueueItem): ModComment | null {
  return item.comment ?? null;
}

const clamp = (index: number, count: number) => (count === 0 ? 0 : Math.min(Math.max(index, 0), count - 1));

export function queueReducer(state: QueueState, action: QueueAction): QueueState {
  switch (action.type) {
    case 'reset':
      return initialQueue(action.key);
    case 'loadStart':
      if (action.key !== state.key) return state;
      return { ...state, loading: true, error: null };
    case 'loaded': {
      if (action.key !== state.key) return state;
      let items: QueueItem[];
      if (action.append) {
        // Pages can overlap while others moderate the same queue.
        const seen = new Set(state.items.map(itemId));
        for (const id of Object.keys(state.pending)) seen.add(id);
        items = [...state.items, ...action.items.filter((i) => !seen.has(itemId(i)))];
      } else {
        items = action.items.filter((i) => !state.pending[itemId(i)]);
      }
      return {
        ...state,
        items,
        cursor: action.nextCursor,
        more: action.nextCursor !== null,
        loaded: true,
        loading: false,
        error: null,
        selected: clamp(state.selected, items.length),
      };
    }
    case 'loadFailed':
      if (action.key !== state.key) return state;
      return { ...state, loading: false, error: action.error };
    case 'select':
      return { ...state, selected: clamp(action.index, state.items.length) };
    case 'move':
      return { ...state, selected: clamp(state.selected + action.delta, state.items.length) };
    case 'remove': {
      const index = state.items.findIndex((i) => itemId(i) === action.id);
      if (index < 0) return state;
      const items = state.items.filter((_, i) => i !== index);
      // The selection stays at the same position: the next card moves up into it.
      return {
        ...state,
        items,
        selected: clamp(state.selected > index ? state.selected - 1 : state.selected, items.length),
        pending: { ...state.pending, [action.id]: { item: state.items[index]!, index } },
      };
    }
    case 'confirm': {
      if (!state.pending[action.id]) return state;
      const { [action.id]: _gone, ...pending } = state.pending;
      return { ...state, pending };
    }
    case 'rollback': {
      const entry = state.pending[action.id];
      if (!entry) return state;
      const { [action.id]: _gone, ...pending } = state.pending;
      const at = Math.min(entry.index, state.items.length);
      const items = [...state.items.slice(0, at), entry.item, ...state.items.slice(at)];
      return { ...state, items, pending, selected: at };
    }
    case 'patchComment': {
      const items = state.items.map((item) =>
        item.comment && item.comment.id === action.id ? ({ ...item, comment: { ...item.comment, ...action.patch } } as QueueItem) : item,
      );
      return { ...state, items };
    }
  }
}

/** The key of a query; pages for any other key are stale. */
export function queueKey(queue: string, site: string, story: string, order: string): string {
  return JSON.stringify([queue, site, story, order]);
}
