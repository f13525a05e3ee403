import { describe, expect, it } from 'vitest';
import { incomingCount, initialThread, threadReducer, type ThreadAction, type ThreadState } from '../src/widget/state/thread';
import type { Comment } from '../src/widget/types';
import { comment, page } from './fixtures';

const ME = { id: 'u-me', name: 'Me' };

function reduce(state: ThreadState, ...actions: ThreadAction[]): ThreadState {
  return actions.reduce(threadReducer, state);
}

function loaded(comments: Comment[], meId: string | null = null): ThreadState {
  let s = reduce(initialThread, { type: 'page', data: page(comments), append: false });
  if (meId) s = reduce(s, { type: 'signedIn', userId: meId });
  return s;
}

/** Every id shown, in display order, with its depth. */
function outline(s: ThreadState): string[] {
  const out: string[] = [];
  const walk = (id: string) => {
    const n = s.nodes[id]!;
    out.push(`${'  '.repeat(n.depth)}${id}`);
    n.children.forEach(walk);
  };
  s.top.forEach(walk);
  return out;
}

describe('loading pages', () => {
  it('keeps the nesting of the API', () => {
    const deep = comment({ id: 'd', parent_id: 'c3' });
    const c3 = comment({ id: 'c3', parent_id: 'c2' });
    const c2 = comment({ id: 'c2', parent_id: 'c1', replies: [c3, { ...deep, reply_to: { id: 'c3', author: null } }] });
    const c1 = comment({ id: 'c1', parent_id: 'top', replies: [c2] });
    const s = loaded([comment({ id: 'top', replies: [c1] })]);
    expect(outline(s)).toEqual(['top', '  c1', '    c2', '      c3', '      d']);
    expect(s.nodes.d!.comment.reply_to?.id).toBe('c3');
  });

  it('appends the next page without duplicating comments already shown', () => {
    const a = comment({ id: 'a' });
    const b = comment({ id: 'b' });
    let s = reduce(initialThread, { type: 'page', data: page([a], { next_cursor: 'x' }), append: false });
    expect(s.nextCursor).toBe('x');
    s = reduce(s, { type: 'page', data: page([a, b]), append: true });
    expect(s.top).toEqual(['a', 'b']);
    expect(s.nextCursor).toBeNull();
  });

  it("keeps the author's edit window across a reload", () => {
    let s = loaded([], ME.id);
    s = reduce(s, { type: 'posted', comment: comment({ id: 'm', author: ME, editable_until: 'T' }) });
    s = reduce(s, { type: 'page', data: page([comment({ id: 'm', author: ME })]), append: false });
    expect(s.nodes.m!.comment.editable_until).toBe('T');
  });

  it('replaces everything when reloaded (another sort, a reset)', () => {
    let s = loaded([comment({ id: 'a' })]);
    s = reduce(s, { type: 'page', data: page([comment({ id: 'b' })]), append: false });
    expect(s.top).toEqual(['b']);
    expect(s.nodes.a).toBeUndefined();
  });
});

describe("the reader's own comments", () => {
  it('shows an own posted top-level comment first, at once, and counts it', () => {
    let s = loaded([comment({ id: 'a' })], ME.id);
    s = reduce(s, { type: 'posted', comment: comment({ id: 'mine', author: ME, editable_until: '2026-11-30T11:05:00Z' }) });
    expect(s.top).toEqual(['mine', 'a']);
    expect(s.story?.comment_count).toBe(2);
    expect(s.fresh.mine).toBe(true);
    expect(s.nodes.mine!.comment.editable_until).toBe('2026-11-30T11:05:00Z');
  });

  it('puts an own reply under its parent and counts the reply on the parent', () => {
    let s = loaded([comment({ id: 'a' })], ME.id);
    s = reduce(s, { type: 'posted', comment: comment({ id: 'r', parent_id: 'a', author: ME }) });
    expect(outline(s)).toEqual(['a', '  r']);
    expect(s.nodes.a!.comment.reply_count).toBe(1);
  });

  it('nests a reply to a level-3 comment beside it, naming whom it answers', () => {
    const c3 = comment({ id: 'c3', parent_id: 'c2', author: { id: 'u-x', name: 'Xena' } });
    const c2 = comment({ id: 'c2', parent_id: 'c1', replies: [c3] });
    const c1 = comment({ id: 'c1', parent_id: 'top', replies: [c2] });
    let s = loaded([comment({ id: 'top', replies: [c1] })], ME.id);
    s = reduce(s, { type: 'posted', comment: comment({ id: 'r', parent_id: 'c3', author: ME }) });
    expect(outline(s)).toEqual(['top', '  c1', '    c2', '      c3', '      r']);
    expect(s.nodes.r!.comment.reply_to).toEqual({ id: 'c3', author: { id: 'u-x', name: 'Xena' } });
    expect(s.nodes.r!.holder).toBe('c2');
  });

  it('does not count a comment held for review, but shows it to its author', () => {
    let s = loaded([], ME.id);
    s = reduce(s, { type: 'posted', comment: comment({ id: 'p', author: ME, status: 'pending' }) });
    expect(s.top).toEqual(['p']);
    expect(s.story?.comment_count).toBe(0);
    expect(s.own.map((c) => c.id)).toEqual(['p']);
  });

  it('de-duplicates the POST answer against a faster live event', () => {
    let s = loaded([comment({ id: 'a' })], ME.id);
    const mine = comment({ id: 'mine', author: ME });
    s = reduce(s, { type: 'comment', event: { type: 'created', comment: mine, comment_count: 2 } });
    expect(s.top).toEqual(['mine', 'a']);
    s = reduce(s, { type: 'posted', comment: { ...mine, editable_until: '2026-11-30T11:05:00Z' } });
    expect(s.top).toEqual(['mine', 'a']);
    expect(s.story?.comment_count).toBe(2);
    expect(s.nodes.mine!.comment.editable_until).toBe('2026-11-30T11:05:00Z');
    expect(incomingCount(s)).toBe(0);
  });

  it('de-duplicates a live event arriving after the POST answer', () => {
    let s = loaded([], ME.id);
    const mine = comment({ id: 'mine', author: ME, editable_until: '2026-11-30T11:05:00Z' });
    s = reduce(s, { type: 'posted', comment: mine });
    s = reduce(s, { type: 'comment', event: { type: 'created', comment: { ...mine, editable_until: undefined }, comment_count: 1 } });
    expect(s.top).toEqual(['mine']);
    expect(incomingCount(s)).toBe(0);
    expect(s.story?.comment_count).toBe(1);
    expect(s.nodes.mine!.comment.editable_until).toBe('2026-11-30T11:05:00Z');
  });

  it('places hidden own comments from `me` and takes them away on sign-out', () => {
    let s = loaded([comment({ id: 'a' })]);
    s = reduce(s, {
      type: 'me',
      userId: ME.id,
      reacted: ['a'],
      own: [
        comment({ id: 'p', author: ME, status: 'pending' }),
        comment({ id: 'r', parent_id: 'a', author: ME, status: 'rejected', reason: 'banned_words' }),
      ],
    });
    expect(outline(s)).toEqual(['p', 'a', '  r']);
    expect(s.reacted.a).toBe(true);
    // A reload keeps them.
    s = reduce(s, { type: 'page', data: page([comment({ id: 'a' })]), append: false });
    expect(outline(s)).toEqual(['p', 'a', '  r']);
    s = reduce(s, { type: 'signedOut' });
    expect(outline(s)).toEqual(['a']);
    expect(s.reacted).toEqual({});
    expect(s.meId).toBeNull();
  });

  it('takes a deleted own comment without replies off the page, and uncounts it', () => {
    let s = loaded([comment({ id: 'a' }), comment({ id: 'b', author: ME })], ME.id);
    s = reduce(s, { type: 'posted', comment: comment({ id: 'r', parent_id: 'a', author: ME }) });
    expect(s.story?.comment_count).toBe(3);
    s = reduce(s, { type: 'deleted', id: 'r' }, { type: 'deleted', id: 'b' });
    expect(outline(s)).toEqual(['a']);
    expect(s.nodes.r).toBeUndefined();
    expect(s.nodes.a!.comment.reply_count).toBe(0);
    expect(s.story?.comment_count).toBe(1);
  });

  it('leaves a placeholder for a deleted own comment with replies', () => {
    let s = loaded([comment({ id: 'a', author: ME, replies: [comment({ id: 'r', parent_id: 'a' })] })], ME.id);
    s = reduce(s, { type: 'deleted', id: 'a' });
    expect(outline(s)).toEqual(['a', '  r']);
    expect(s.nodes.a!.comment.status).toBe('deleted');
    expect(s.nodes.a!.comment.author).toBeNull();
    expect(s.nodes.a!.comment.body_html).toBe('');
    expect(s.story?.comment_count).toBe(0);
  });

  it('keeps the edit window when an edit comes back from a live event', () => {
    let s = loaded([], ME.id);
    s = reduce(s, { type: 'posted', comment: comment({ id: 'm', author: ME, editable_until: 'T', body: 'src' }) });
    s = reduce(s, { type: 'comment', event: { type: 'edited', comment: comment({ id: 'm', author: ME, body_html: '<p>new</p>' }) } });
    expect(s.nodes.m!.comment.editable_until).toBe('T');
    expect(s.nodes.m!.comment.body_html).toBe('<p>new</p>');
    expect(s.nodes.m!.comment.body).toBeUndefined(); // the source changed elsewhere
  });
});

describe('live events from others', () => {
  it('holds new top-level comments back and counts them', () => {
    let s = loaded([comment({ id: 'a' })], ME.id);
    s = reduce(
      s,
      { type: 'comment', event: { type: 'created', comment: comment({ id: 'n1' }), comment_count: 2 } },
      { type: 'comment', event: { type: 'created', comment: comment({ id: 'n2' }), comment_count: 3 } },
    );
    expect(s.top).toEqual(['a']);
    expect(incomingCount(s)).toBe(2);
    expect(s.story?.comment_count).toBe(3);
    // The same event twice (a reconnect) counts once.
    s = reduce(s, { type: 'comment', event: { type: 'created', comment: comment({ id: 'n2' }), comment_count: 3 } });
    expect(incomingCount(s)).toBe(2);
  });

  it('shows held comments newest first when asked, highlighted', () => {
    let s = loaded([comment({ id: 'a' })]);
    s = reduce(
      s,
      { type: 'comment', event: { type: 'created', comment: comment({ id: 'n1' }) } },
      { type: 'comment', event: { type: 'created', comment: comment({ id: 'n2' }) } },
      { type: 'showIncoming' },
    );
    expect(s.top).toEqual(['n2', 'n1', 'a']);
    expect(incomingCount(s)).toBe(0);
    expect(s.fresh).toMatchObject({ n1: true, n2: true });
  });

  it('keeps replies to a held comment with it', () => {
    let s = loaded([]);
    s = reduce(
      s,
      { type: 'comment', event: { type: 'created', comment: comment({ id: 'n1' }) } },
      { type: 'comment', event: { type: 'created', comment: comment({ id: 'r1', parent_id: 'n1' }) } },
    );
    expect(incomingCount(s)).toBe(1);
    s = reduce(s, { type: 'showIncoming' });
    expect(outline(s)).toEqual(['n1', '  r1']);
  });

  it('inserts replies to visible comments in place', () => {
    let s = loaded([comment({ id: 'a' })]);
    s = reduce(s, { type: 'comment', event: { type: 'created', comment: comment({ id: 'r', parent_id: 'a' }), comment_count: 2 } });
    expect(outline(s)).toEqual(['a', '  r']);
    expect(s.fresh.r).toBe(true);
    expect(incomingCount(s)).toBe(0);
  });

  it('ignores replies to comments that are not loaded, but keeps the count', () => {
    let s = loaded([comment({ id: 'a' })]);
    s = reduce(s, { type: 'comment', event: { type: 'created', comment: comment({ id: 'r', parent_id: 'elsewhere' }), comment_count: 9 } });
    expect(outline(s)).toEqual(['a']);
    expect(s.story?.comment_count).toBe(9);
  });

  it('applies edits in place, keeping replies', () => {
    let s = loaded([comment({ id: 'a', replies: [comment({ id: 'r', parent_id: 'a' })] })]);
    s = reduce(s, {
      type: 'comment',
      event: { type: 'edited', comment: comment({ id: 'a', body_html: '<p>edited</p>', edited_at: '2026-11-30T11:10:00Z' }) },
    });
    expect(s.nodes.a!.comment.body_html).toBe('<p>edited</p>');
    expect(s.nodes.a!.comment.edited_at).toBe('2026-11-30T11:10:00Z');
    expect(outline(s)).toEqual(['a', '  r']);
  });

  it('turns removed comments with replies into placeholders in place', () => {
    let s = loaded([comment({ id: 'a', replies: [comment({ id: 'r', parent_id: 'a' })] })]);
    s = reduce(s, {
      type: 'comment',
      event: { type: 'removed', comment: comment({ id: 'a', status: 'rejected', author: null, body_html: '' }), comment_count: 1 },
    });
    expect(outline(s)).toEqual(['a', '  r']);
    expect(s.nodes.a!.comment.status).toBe('rejected');
    expect(s.nodes.a!.comment.body_html).toBe('');
    expect(s.story?.comment_count).toBe(1);
  });

  it('removes removed comments without replies, and placeholders they leave empty', () => {
    const r = comment({ id: 'r', parent_id: 'p' });
    let s = loaded([comment({ id: 'p', status: 'deleted', author: null, body_html: '', replies: [r] }), comment({ id: 'b' })]);
    s = reduce(s, { type: 'comment', event: { type: 'removed', comment: { ...r, status: 'rejected', author: null, body_html: '' }, comment_count: 1 } });
    expect(outline(s)).toEqual(['b']);
  });

  it('drops held new comments that are removed', () => {
    let s = loaded([comment({ id: 'a' })]);
    s = reduce(s, { type: 'comment', event: { type: 'created', comment: comment({ id: 'n' }), comment_count: 2 } });
    s = reduce(s, { type: 'comment', event: { type: 'removed', comment: comment({ id: 'n', status: 'deleted', author: null, body_html: '' }), comment_count: 1 } });
    expect(incomingCount(s)).toBe(0);
    expect(s.story?.comment_count).toBe(1);
  });

  it('restores a placeholder in place', () => {
    let s = loaded([comment({ id: 'a', status: 'rejected', author: null, body_html: '' })]);
    s = reduce(s, { type: 'comment', event: { type: 'restored', comment: comment({ id: 'a', body_html: '<p>back</p>' }) } });
    expect(s.nodes.a!.comment.status).toBe('published');
    expect(s.nodes.a!.comment.body_html).toBe('<p>back</p>');
  });

  it('updates reaction counts, also on held comments', () => {
    let s = loaded([comment({ id: 'a' })]);
    s = reduce(s, { type: 'comment', event: { type: 'created', comment: comment({ id: 'n' }) } });
    s = reduce(s, { type: 'reaction', event: { comment_id: 'a', reactions: 4 } }, { type: 'reaction', event: { comment_id: 'n', reactions: 2 } });
    expect(s.nodes.a!.comment.reactions).toBe(4);
    expect(s.incoming[0]!.reactions).toBe(2);
  });

  it('follows the story opening and closing', () => {
    let s = loaded([]);
    s = reduce(s, { type: 'story', event: { open: false, comment_count: 5 } });
    expect(s.story).toMatchObject({ open: false, comment_count: 5 });
  });

  it('drops held comments that a later page already shows', () => {
    let s = reduce(initialThread, { type: 'page', data: page([comment({ id: 'a' })], { next_cursor: 'c' }), append: false });
    s = reduce(s, { type: 'comment', event: { type: 'created', comment: comment({ id: 'n' }) } });
    s = reduce(s, { type: 'page', data: page([comment({ id: 'n' })]), append: true });
    expect(incomingCount(s)).toBe(0);
    expect(s.top).toEqual(['a', 'n']);
  });
});

describe('reactions', () => {
  it('counts optimistically and settles on the server answer', () => {
    let s = loaded([comment({ id: 'a', reactions: 3 })], ME.id);
    s = reduce(s, { type: 'react', id: 'a', on: true });
    expect(s.nodes.a!.comment.reactions).toBe(4);
    expect(s.reacted.a).toBe(true);
    // A second press before the answer changes nothing.
    s = reduce(s, { type: 'react', id: 'a', on: true });
    expect(s.nodes.a!.comment.reactions).toBe(4);
    s = reduce(s, { type: 'reactDone', id: 'a', reacted: true, reactions: 7 });
    expect(s.nodes.a!.comment.reactions).toBe(7);
  });

  it('can be undone when the request fails', () => {
    let s = loaded([comment({ id: 'a', reactions: 1 })], ME.id);
    s = reduce(s, { type: 'react', id: 'a', on: true }, { type: 'react', id: 'a', on: false });
    expect(s.nodes.a!.comment.reactions).toBe(1);
    expect(s.reacted.a).toBeUndefined();
  });

  it('never goes below zero', () => {
    let s = loaded([comment({ id: 'a', reactions: 0 })], ME.id);
    s = reduce(s, { type: 'reactDone', id: 'a', reacted: true, reactions: 0 }, { type: 'react', id: 'a', on: false });
    expect(s.nodes.a!.comment.reactions).toBe(0);
  });
});
