import { describe, expect, it } from 'vitest';
import { computeWindow, indexAt, nearEnd, offsetsOf, scrollToReveal } from '../../src/dashboard/lib/windowing';

describe('windowing', () => {
  const offsets = offsetsOf([100, 200, 50, 150, 100]); // 0,100,300,350,500,600

  it('computes prefix offsets', () => {
    expect(offsets).toEqual([0, 100, 300, 350, 500, 600]);
    expect(offsetsOf([])).toEqual([0]);
    expect(offsetsOf([-5, 10])).toEqual([0, 0, 10]);
  });

  it('finds the row at a position', () => {
    expect(indexAt(offsets, 0)).toBe(0);
    expect(indexAt(offsets, 99)).toBe(0);
    expect(indexAt(offsets, 100)).toBe(1);
    expect(indexAt(offsets, 349)).toBe(2);
    expect(indexAt(offsets, 10_000)).toBe(4);
    expect(indexAt(offsets, -3)).toBe(0);
  });

  it('renders only the rows that intersect the viewport', () => {
    expect(computeWindow(offsets, 0, 150)).toEqual({ start: 0, end: 2, top: 0, bottom: 300 });
    expect(computeWindow(offsets, 320, 100)).toEqual({ start: 2, end: 4, top: 300, bottom: 100 });
    expect(computeWindow(offsets, 550, 400)).toEqual({ start: 4, end: 5, top: 500, bottom: 0 });
  });

  it('adds overscan on both sides and spacers keep the total height', () => {
    const w = computeWindow(offsets, 320, 100, 100);
    expect(w).toEqual({ start: 1, end: 5, top: 100, bottom: 0 });
    const rendered = offsets[w.end]! - offsets[w.start]!;
    expect(w.top + rendered + w.bottom).toBe(600);
  });

  it('handles an empty list', () => {
    expect(computeWindow([0], 0, 500, 100)).toEqual({ start: 0, end: 0, top: 0, bottom: 0 });
  });

  it('windows a long list to a few rows', () => {
    const many = offsetsOf(new Array(10_000).fill(200));
    const w = computeWindow(many, 1_000_000, 800, 400);
    expect(w.start).toBe(4998);
    expect(w.end).toBe(5007);
    expect(w.end - w.start).toBeLessThan(12);
  });

  it('scrolls the least to reveal a row', () => {
    expect(scrollToReveal(offsets, 1, 0, 400)).toBeNull(); // 100..300 visible
    expect(scrollToReveal(offsets, 3, 0, 400)).toBe(100); // bottom 500 → scrollTop 100
    expect(scrollToReveal(offsets, 0, 250, 400)).toBe(0);
    expect(scrollToReveal(offsets, 1, 0, 150)).toBe(100); // taller than the viewport: its top
    expect(scrollToReveal(offsets, 9, 0, 150)).toBeNull();
    expect(scrollToReveal(offsets, 2, 320, 400, 10)).toBe(290);
  });

  it('asks for more near the end', () => {
    expect(nearEnd({ start: 0, end: 10, top: 0, bottom: 0 }, 40, 5)).toBe(false);
    expect(nearEnd({ start: 30, end: 36, top: 0, bottom: 0 }, 40, 5)).toBe(true);
    expect(nearEnd({ start: 0, end: 0, top: 0, bottom: 0 }, 0, 5)).toBe(false);
  });
});
