// The discussion as the reader sees it, as a pure reducer: pages loaded from
// the thread endpoint, the reader's own state (reactions, hidden comments),
// their own posts, and live events from other readers.
//
// Comments are kept normalized by id. `depth` and `holder` describe where a
// comment is *shown*, which follows the API's nesting: three levels below a
// top-level comment, deeper replies listed under their level-2 ancestor with
// `reply_to` naming the comment they answer.
//
// Invariants:
// - every id appears at most once, in `top` or in one node's `children`,
//   or in `incoming` (never both): live events and POST answers are
//   de-duplicated by id;
// - `incoming` holds new top-level comments by others, which are not shown
//   until the reader asks ("Show N new comments"), so nothing moves under
//   the reader's eyes.

import { isPublic, type Comment, type CommentEvent, type ReactionEvent, type Story, type StoryEvent, type ThreadResponse } from '../types';

export const MAX_DEPTH = 3;

export interface Node {
  /** the comment, with `replies` emptied: children are in `children` */
  comment: Comment;
  /** 0 for top level, up to MAX_DEPTH */
  depth: number;
  /** the node this one is listed under; null at top level */
  holder: string | null;
  children: string[];
}

export interface ThreadState {
  story: Story | null;
  nodes: Record<string, Node>;
  top: string[];
  nextCursor: string | null;
  /** new top-level comments from others, oldest first, not yet shown */
  incoming: Comment[];
  /** comment ids the reader has reacted to */
  reacted: Record<string, true>;
  /** ids inserted after the first paint (live or own): highlighted, never collapsed */
  fresh: Record<string, true>;
  /** the reader's own comments that others cannot see (pending, rejected) */
  own: Comment[];
  /** the signed-in reader's user id */
  meId: string | null;
  /** comment ids the reader has reported (shown as "Reported" to them only) */
  reported: Record<string, true>;
}

export type ThreadAction =
  | { type: 'page'; data: ThreadResponse; append: boolean }
  | { type: 'me'; userId: string; reacted: string[]; own: Comment[]; reported?: string[] }
  | { type: 'reported'; id: string }
  | { type: 'signedOut' }
  | { type: 'signedIn'; userId: string }
  | { type: 'posted'; comment: Comment }
  | { type: 'updated'; comment: Comment }
  | { type: 'deleted'; id: string }
  | { type: 'react'; id: string; on: boolean }
  | { type: 'reactDone'; id: string; reacted: boolean; reactions: number }
  | { type: 'comment'; event: CommentEvent }
  | { type: 'reaction'; event: ReactionEvent }
  | { type: 'story'; event: StoryEvent }
  | { type: 'showIncoming' };

export const initialThread: ThreadState = {
  story: null,
  nodes: {},
  top: [],
  nextCursor: null,
  incoming: [],
  reacted: {},
  fresh: {},
  own: [],
  meId: null,
  reported: {},
};

function bare(comment: Comment): Comment {
  return comment.replies.length === 0 ? comment : { ...comment, replies: [] };
}

/** Adds `comment` and its nested replies to `nodes`; returns false if its id was present. */
function addTree(nodes: Record<string, Node>, comment: Comment, depth: number, holder: string | null): boolean {
  if (nodes[comment.id]) return false;
  const node: Node = { comment: bare(comment), depth, holder, children: [] };
  nodes[comment.id] = node;
  for (const reply of comment.replies) {
    if (addTree(nodes, reply, Math.min(depth + 1, MAX_DEPTH), comment.id)) node.children.push(reply.id);
  }
  return true;
}

/** The newer fields of `next` over `prev`, keeping what only the author's view or the thread carries. */
export function mergeComment(prev: Comment, next: Comment): Comment {
  const statusChanged = prev.status !== next.status;
  return {
    ...prev,
    ...next,
    replies: [],
    editable_until: next.editable_until ?? prev.editable_until,
    reason: next.reason ?? (statusChanged ? undefined : prev.reason),
    body: next.body ?? (next.body_html === prev.body_html ? prev.body : undefined),
    reply_to: next.reply_to ?? prev.reply_to,
    more_replies: next.more_replies ?? prev.more_replies,
  };
}

function withNode(nodes: Record<string, Node>, id: string, update: (n: Node) => Node): Record<string, Node> {
  const node = nodes[id];
  if (!node) return nodes;
  return { ...nodes, [id]: update(node) };
}

/**
 * Inserts a reply under its parent, following the API's nesting. Returns
 * null when the parent is not loaded (on another page, or not yet shown).
 */
function insertReply(nodes: Record<string, Node>, comment: Comment): Record<string, Node> | null {
  const parent = comment.parent_id ? nodes[comment.parent_id] : undefined;
  if (!parent) return null;
  let holderId = parent.comment.id;
  let depth = parent.depth + 1;
  let placed = comment;
  if (parent.depth >= MAX_DEPTH && parent.holder) {
    holderId = parent.holder;
    depth = MAX_DEPTH;
    placed = { ...comment, reply_to: comment.reply_to ?? { id: parent.comment.id, author: parent.comment.author } };
  }
  const next = { ...nodes };
  if (!addTree(next, placed, depth, holderId)) return nodes;
  const holder = next[holderId]!;
  next[holderId] = { ...holder, children: [...holder.children, comment.id] };
  if (isPublic(comment.status)) {
    const real = next[parent.comment.id]!;
    next[parent.comment.id] = { ...real, comment: { ...real.comment, reply_count: real.comment.reply_count + 1 } };
  }
  return next;
}

/** Shows `comment` at the top of the list (own posts, shown new comments). */
function insertTop(state: ThreadState, comment: Comment): ThreadState {
  const nodes = { ...state.nodes };
  if (!addTree(nodes, comment, 0, null)) return state;
  return { ...state, nodes, top: [comment.id, ...state.top] };
}

function markFresh(state: ThreadState, id: string): ThreadState {
  return { ...state, fresh: { ...state.fresh, [id]: true } };
}

function setCount(state: ThreadState, count: number | undefined, delta: number): ThreadState {
  if (!state.story) return state;
  const next = count ?? Math.max(0, state.story.comment_count + delta);
  if (next === state.story.comment_count) return state;
  return { ...state, story: { ...state.story, comment_count: next } };
}

/** Places the reader's hidden comments (pending, rejected) where they belong, if not there yet. */
function placeOwn(state: ThreadState): ThreadState {
  let s = state;
  for (const c of s.own) {
    if (s.nodes[c.id]) continue;
    if (c.parent_id === null) {
      s = insertTop(s, c);
    } else {
      const nodes = insertReply(s.nodes, c);
      if (nodes) s = { ...s, nodes };
    }
  }
  return s;
}

/** A hidden comment shown only to keep its replies in place (docs/api.md, "Placeholders"). */
export function isPlaceholder(c: Comment): boolean {
  return !isPublic(c.status) && (c.status === 'deleted' || c.author === null);
}

/**
 * Takes a comment without replies off the page, as the server leaves out
 * hidden comments without visible replies; a placeholder left without
 * replies goes with it.
 */
function removeLeaf(state: ThreadState, id: string, wasPublic: boolean): ThreadState {
  const node = state.nodes[id];
  if (!node || node.children.length > 0) return state;
  const nodes = { ...state.nodes };
  delete nodes[id];
  let top = state.top;
  if (node.holder === null) {
    top = top.filter((x) => x !== id);
  } else if (nodes[node.holder]) {
    const holder = nodes[node.holder]!;
    nodes[node.holder] = { ...holder, children: holder.children.filter((x) => x !== id) };
  }
  const parentId = node.comment.parent_id;
  if (wasPublic && parentId && nodes[parentId]) {
    const parent = nodes[parentId]!;
    nodes[parentId] = { ...parent, comment: { ...parent.comment, reply_count: Math.max(0, parent.comment.reply_count - 1) } };
  }
  const s = { ...state, nodes, top };
  const holder = node.holder ? nodes[node.holder] : undefined;
  if (holder && holder.children.length === 0 && isPlaceholder(holder.comment)) return removeLeaf(s, holder.comment.id, false);
  return s;
}

function removeFromIncoming(state: ThreadState, id: string): ThreadState {
  if (!state.incoming.some((c) => c.id === id)) return state;
  return { ...state, incoming: state.incoming.filter((c) => c.id !== id) };
}

/** Inserts a comment that is not shown yet: a reply in place, a top-level comment per `direct`. */
function insertNew(state: ThreadState, comment: Comment, direct: boolean): ThreadState {
  if (comment.parent_id === null) {
    if (direct) return markFresh(insertTop(removeFromIncoming(state, comment.id), comment), comment.id);
    if (state.incoming.some((c) => c.id === comment.id)) return state;
    return { ...state, incoming: [...state.incoming, bare(comment)] };
  }
  const nodes = insertReply(state.nodes, comment);
  if (nodes) return markFresh({ ...state, nodes }, comment.id);
  // A reply to a new comment the reader has not opened yet travels with it.
  const i = state.incoming.findIndex((c) => c.id === comment.parent_id);
  if (i >= 0) {
    const parent = state.incoming[i]!;
    if (parent.replies.some((r) => r.id === comment.id)) return state;
    const incoming = [...state.incoming];
    incoming[i] = { ...parent, replies: [...parent.replies, bare(comment)], reply_count: parent.reply_count + 1 };
    return { ...state, incoming };
  }
  return state;
}

function updateExisting(state: ThreadState, comment: Comment): ThreadState {
  let s = state;
  if (s.nodes[comment.id]) {
    s = { ...s, nodes: withNode(s.nodes, comment.id, (n) => ({ ...n, comment: mergeComment(n.comment, comment) })) };
  }
  const i = s.incoming.findIndex((c) => c.id === comment.id);
  if (i >= 0) {
    const incoming = [...s.incoming];
    incoming[i] = { ...mergeComment(incoming[i]!, comment), replies: incoming[i]!.replies };
    s = { ...s, incoming };
  }
  if (s.own.some((c) => c.id === comment.id)) {
    const own = isPublic(comment.status)
      ? s.own.filter((c) => c.id !== comment.id)
      : s.own.map((c) => (c.id === comment.id ? mergeComment(c, comment) : c));
    s = { ...s, own };
  }
  return s;
}

function applyCommentEvent(state: ThreadState, event: CommentEvent): ThreadState {
  const { comment } = event;
  const known = Boolean(state.nodes[comment.id]) || state.incoming.some((c) => c.id === comment.id);
  let s = state;
  switch (event.type) {
    case 'created':
    case 'restored':
      if (known) {
        s = updateExisting(s, comment);
      } else if (isPublic(comment.status)) {
        const mine = s.meId !== null && comment.author?.id === s.meId;
        s = insertNew(s, comment, mine);
      }
      break;
    case 'edited':
      s = updateExisting(s, comment);
      break;
    case 'removed': {
      const wasPublic = s.nodes[comment.id] ? isPublic(s.nodes[comment.id]!.comment.status) : false;
      s = updateExisting(removeFromIncoming(s, comment.id), comment);
      const node = s.nodes[comment.id];
      if (node && node.children.length === 0 && isPlaceholder(node.comment)) s = removeLeaf(s, comment.id, wasPublic);
      break;
    }
  }
  return setCount(s, event.comment_count, 0);
}

function setReactions(state: ThreadState, id: string, reactions: number): ThreadState {
  let s = state;
  if (s.nodes[id]) {
    s = { ...s, nodes: withNode(s.nodes, id, (n) => ({ ...n, comment: { ...n.comment, reactions } })) };
  }
  if (s.incoming.some((c) => c.id === id)) {
    s = { ...s, incoming: s.incoming.map((c) => (c.id === id ? { ...c, reactions } : c)) };
  }
  return s;
}

export function threadReducer(state: ThreadState, action: ThreadAction): ThreadState {
  switch (action.type) {
    case 'page': {
      const base: ThreadState = action.append
        ? state
        : { ...state, nodes: {}, top: [], incoming: [], fresh: {} };
      const nodes = { ...base.nodes };
      const top = [...base.top];
      for (const c of action.data.comments) {
        if (addTree(nodes, c, 0, null)) top.push(c.id);
      }
      // What only the author's view carries survives a reload of the thread.
      if (!action.append) {
        for (const [id, node] of Object.entries(nodes)) {
          const prev = state.nodes[id]?.comment;
          if (prev && (prev.editable_until || prev.body)) {
            nodes[id] = { ...node, comment: mergeComment(prev, node.comment) };
          }
        }
      }
      // Comments shown live may have reached this page: drop them from "new".
      const incoming = base.incoming.filter((c) => !nodes[c.id]);
      return placeOwn({ ...base, story: action.data.story, nodes, top, incoming, nextCursor: action.data.next_cursor });
    }
    case 'me': {
      const reacted: Record<string, true> = {};
      for (const id of action.reacted) reacted[id] = true;
      const own = action.own.filter((c) => !isPublic(c.status));
      const reported: Record<string, true> = state.meId === action.userId ? { ...state.reported } : {};
      for (const id of action.reported ?? []) reported[id] = true;
      let s: ThreadState = { ...state, meId: action.userId, reacted, reported };
      for (const c of action.own) if (s.nodes[c.id]) s = updateExisting(s, c);
      return placeOwn({ ...s, own: [...own, ...state.own.filter((o) => !own.some((c) => c.id === o.id))] });
    }
    case 'signedIn':
      return state.meId === action.userId ? state : { ...state, meId: action.userId, reported: {} };
    case 'signedOut': {
      // Hidden comments are private to their author: take them off the page.
      const hidden = new Set(state.own.map((c) => c.id));
      if (hidden.size === 0) return { ...state, meId: null, reacted: {}, own: [], reported: {} };
      const nodes: Record<string, Node> = {};
      for (const [id, n] of Object.entries(state.nodes)) {
        if (hidden.has(id)) continue;
        nodes[id] = n.children.some((c) => hidden.has(c)) ? { ...n, children: n.children.filter((c) => !hidden.has(c)) } : n;
      }
      return { ...state, nodes, top: state.top.filter((id) => !hidden.has(id)), meId: null, reacted: {}, own: [], reported: {} };
    }
    case 'reported':
      return state.reported[action.id] ? state : { ...state, reported: { ...state.reported, [action.id]: true } };
    case 'posted': {
      const c = action.comment;
      let s = state;
      if (!isPublic(c.status)) s = { ...s, own: [...s.own.filter((o) => o.id !== c.id), bare(c)] };
      if (s.nodes[c.id]) return updateExisting(s, c); // the live event was faster
      const wasIncoming = s.incoming.some((o) => o.id === c.id);
      s = insertNew(s, c, true);
      if (!s.nodes[c.id]) return s;
      return wasIncoming || !isPublic(c.status) ? s : setCount(s, undefined, 1);
    }
    case 'updated':
      return updateExisting(state, action.comment);
    case 'deleted': {
      const node = state.nodes[action.id];
      const own = state.own.filter((c) => c.id !== action.id);
      if (!node) return { ...state, own };
      const wasPublic = isPublic(node.comment.status);
      let s: ThreadState = { ...state, own };
      if (node.children.length === 0) {
        s = removeLeaf(s, action.id, wasPublic);
      } else {
        const comment: Comment = { ...node.comment, status: 'deleted', author: null, body_html: '', body: undefined, editable_until: undefined };
        s = { ...s, nodes: { ...s.nodes, [action.id]: { ...node, comment } } };
      }
      return wasPublic ? setCount(s, undefined, -1) : s;
    }
    case 'react': {
      const node = state.nodes[action.id];
      if (!node || Boolean(state.reacted[action.id]) === action.on) return state;
      const reacted = { ...state.reacted };
      if (action.on) reacted[action.id] = true;
      else delete reacted[action.id];
      const reactions = Math.max(0, node.comment.reactions + (action.on ? 1 : -1));
      return { ...setReactions(state, action.id, reactions), reacted };
    }
    case 'reactDone': {
      const reacted = { ...state.reacted };
      if (action.reacted) reacted[action.id] = true;
      else delete reacted[action.id];
      return { ...setReactions(state, action.id, action.reactions), reacted };
    }
    case 'comment':
      return applyCommentEvent(state, action.event);
    case 'reaction':
      return setReactions(state, action.event.comment_id, action.event.reactions);
    case 'story':
      if (!state.story) return state;
      return { ...state, story: { ...state.story, open: action.event.open, comment_count: action.event.comment_count } };
    case 'showIncoming': {
      if (state.incoming.length === 0) return state;
      let s: ThreadState = { ...state, incoming: [] };
      // Oldest first, each to the top: the newest ends up first.
      for (const c of state.incoming) {
        s = insertTop(s, c);
        s = markFresh(s, c.id);
      }
      return s;
    }
  }
}

/** How many new top-level comments wait behind "Show N new comments". */
export function incomingCount(state: ThreadState): number {
  return state.incoming.length;
}
