// The arithmetic of the virtual list: which items of a long list of
// variable-height rows intersect the viewport, where each row starts, and
// where to scroll so a row is visible. Heights come from measurement, with an
// estimate for rows never rendered.

/** Prefix sums: offsets[i] is where row i starts; offsets[n] the total height. */
export function offsetsOf(heights: readonly number[]): number[] {
  const offsets = new Array<number>(heights.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < heights.length; i++) offsets[i + 1] = offsets[i]! + Math.max(0, heights[i]!);
  return offsets;
}

/** The row at vertical position y (clamped to the list), by binary search. */
export function indexAt(offsets: readonly number[], y: number): number {
  const n = offsets.length - 1;
  if (n <= 0) return 0;
  if (y <= 0) return 0;
  if (y >= offsets[n]!) return n - 1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface Window {
  /** first rendered row */
  start: number;
  /** one past the last rendered row */
  end: number;
  /** offset of `start`, for the spacer above */
  top: number;
  /** height below `end`, for the spacer below */
  bottom: number;
}

/**
 * The rows to render for a viewport at `scrollTop` of `viewport` pixels,
 * with `overscan` pixels rendered beyond each edge so fast scrolling and
 * keyboard moves do not show blank space.
 */
export function computeWindow(offsets: readonly number[], scrollTop: number, viewport: number, overscan = 0): Window {
  const n = offsets.length - 1;
  const total = offsets[n] ?? 0;
  if (n <= 0) return { start: 0, end: 0, top: 0, bottom: 0 };
  const from = Math.max(0, scrollTop - overscan);
  const to = Math.max(from, scrollTop + Math.max(0, viewport) + overscan);
  const start = indexAt(offsets, from);
  let end = indexAt(offsets, to) + 1;
  if (end > n) end = n;
  return { start, end, top: offsets[start]!, bottom: total - offsets[end]! };
}

/**
 * The scrollTop that brings row `index` fully into view with the least
 * movement (its top if it is taller than the viewport), or null if it is
 * visible already.
 */
export function scrollToReveal(offsets: readonly number[], index: number, scrollTop: number, viewport: number, margin = 0): number | null {
  const n = offsets.length - 1;
  if (index < 0 || index >= n) return null;
  const top = offsets[index]!;
  const bottom = offsets[index + 1]!;
  if (top - margin < scrollTop) return Math.max(0, top - margin);
  if (bottom + margin > scrollTop + viewport) {
    const target = bottom + margin - viewport;
    return Math.max(0, Math.min(top - margin, target));
  }
  return null;
}

/** True when the rendered window reaches within `threshold` rows of the end: time to load the next page. */
export function nearEnd(window: Window, count: number, threshold = 5): boolean {
  return count > 0 && window.end >= count - threshold;
}
