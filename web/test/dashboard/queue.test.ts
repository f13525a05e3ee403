import { describe, expect, it } from 'vitest';
import { initialQueue, itemId, queueKey, queueReducer, type QueueState } from '../../src/dashboard/state/queue';
import { staysInQueue } from '../../src/dashboard/components/QueueView';
import { appealItem, commentItem, noticeItem } from './fixtures';

const KEY = queueKey('reported', 'courier', '', 'oldest');

function loaded(n: number, nextCursor: string | null = 'C1'): QueueState {
  const items = Array.from({ length: n }, () => commentItem());
  return queueReducer(initialQueue(KEY), { type: 'loaded', key: KEY, items, nextCursor, append: false });
}

describe('queueReducer', () => {
  it('loads a first page and remembers the cursor', () => {
    const s = loaded(3);
    expect(s.items).toHaveLength(3);
    expect(s.cursor).toBe('C1');
    expect(s.more).toBe(true);
    expect(s.loaded).toBe(true);
  });

  it('ignores pages for an older query', () => {
    const s = queueReducer(initialQueue(KEY), { type: 'loaded', key: queueKey('pending', 'courier', '', 'oldest'), items: [commentItem()], nextCursor: null, append: false });
    expect(s.items).toHaveLength(0);
    expect(s.loaded).toBe(false);
  });

  it('appends the next page without duplicates and stops at the last page', () => {
    const s = loaded(2);
    const again = s.items[1]!;
    const next = queueReducer(s, { type: 'loaded', key: KEY, items: [again, commentItem()], nextCursor: null, append: true });
    expect(next.items.map(itemId)).toEqual([itemId(s.items[0]!), itemId(again), expect.any(String)]);
    expect(next.items).toHaveLength(3);
    expect(next.more).toBe(false);
  });

  it('moves the selection within bounds', () => {
    let s = loaded(3);
    s = queueReducer(s, { type: 'move', delta: -1 });
    expect(s.selected).toBe(0);
    s = queueReducer(s, { type: 'move', delta: 5 });
    expect(s.selected).toBe(2);
  });

  it('removes optimistically, keeps the selection in place, and rolls back to the same position', () => {
    let s = loaded(3);
    const ids = s.items.map(itemId);
    s = queueReducer(s, { type: 'select', index: 1 });
    s = queueReducer(s, { type: 'remove', id: ids[1]! });
    expect(s.items.map(itemId)).toEqual([ids[0], ids[2]]);
    expect(s.selected).toBe(1); // the next card moved up into the selection
    expect(s.pending[ids[1]!]).toBeDefined();
    s = queueReducer(s, { type: 'rollback', id: ids[1]! });
    expect(s.items.map(itemId)).toEqual(ids);
    expect(s.selected).toBe(1);
    expect(s.pending).toEqual({});
  });

  it('forgets a confirmed removal and keeps it out of a reloaded page', () => {
    let s = loaded(2);
    const [a, b] = s.items.map(itemId);
    s = queueReducer(s, { type: 'remove', id: a! });
    const stale = queueReducer(s, { type: 'loaded', key: KEY, items: [s.pending[a!]!.item, ...s.items], nextCursor: null, append: false });
    expect(stale.items.map(itemId)).toEqual([b]);
    s = queueReducer(s, { type: 'confirm', id: a! });
    expect(s.pending).toEqual({});
  });

  it('selects the last item when the last one leaves', () => {
    let s = loaded(2);
    s = queueReducer(s, { type: 'select', index: 1 });
    s = queueReducer(s, { type: 'remove', id: itemId(s.items[1]!) });
    expect(s.selected).toBe(0);
  });

  it('patches a comment in place (featuring)', () => {
    let s = loaded(2);
    const id = s.items[0]!.comment!.id;
    s = queueReducer(s, { type: 'patchComment', id, patch: { featured: true } });
    expect(s.items[0]!.comment!.featured).toBe(true);
  });

  it('gives appeals and notices ids of their own', () => {
    expect(itemId(appealItem())).toMatch(/^appeal:/);
    expect(itemId(noticeItem())).toMatch(/^notice:/);
  });
});

describe('staysInQueue', () => {
  it('keeps features in place and moves decisions out', () => {
    expect(staysInQueue('reported', 'feature')).toBe(true);
    expect(staysInQueue('reported', 'approve')).toBe(false);
    expect(staysInQueue('approved', 'approve')).toBe(true);
    expect(staysInQueue('approved', 'reject')).toBe(false);
    expect(staysInQueue('rejected', 'reject')).toBe(true);
    expect(staysInQueue('rejected', 'approve')).toBe(false);
  });
});
