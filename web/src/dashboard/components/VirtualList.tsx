// A windowed list of variable-height rows in its own scroll container: only
// the rows near the viewport are in the DOM. Row heights are measured after
// render (and on resize) and estimated until then; lib/windowing.ts does the
// arithmetic. Asks for more rows when the window nears the end.

import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { computeWindow, nearEnd, offsetsOf, scrollToReveal } from '../lib/windowing';

interface Props<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T, index: number) => ComponentChildren;
  /** the row to keep in view (the keyboard selection) */
  selected?: number;
  estimate?: number;
  overscan?: number;
  onNearEnd?: () => void;
  footer?: ComponentChildren;
  label: string;
  testId?: string;
}

export function VirtualList<T>({ items, keyOf, render, selected, estimate = 220, overscan = 600, onNearEnd, footer, label, testId }: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);

  const offsets = useMemo(
    () => offsetsOf(items.map((item) => heights.current.get(keyOf(item)) ?? estimate)),
    // `version` changes whenever a measured height does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [items, version, estimate],
  );
  const win = computeWindow(offsets, scrollTop, viewport, overscan);

  // Measure the rendered rows; a change re-renders with the new offsets.
  useLayoutEffect(() => {
    const root = scroller.current;
    if (!root) return;
    let changed = false;
    for (const el of Array.from(root.querySelectorAll<HTMLElement>('[data-row-key]'))) {
      const key = el.dataset.rowKey!;
      const h = el.offsetHeight;
      if (h > 0 && heights.current.get(key) !== h) {
        heights.current.set(key, h);
        changed = true;
      }
    }
    if (changed) setVersion((v) => v + 1);
  });

  // Rows change height after render (fonts, a card expanding): re-measure.
  useEffect(() => {
    const root = scroller.current;
    if (!root) return;
    setViewport(root.clientHeight || 800);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      setViewport(root.clientHeight || 800);
      setVersion((v) => v + 1);
    });
    ro.observe(root);
    const inner = root.firstElementChild;
    if (inner) ro.observe(inner);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (selected === undefined || !scroller.current) return;
    const target = scrollToReveal(offsets, selected, scroller.current.scrollTop, viewport, 12);
    if (target !== null) {
      scroller.current.scrollTop = target;
      setScrollTop(target);
    }
    // Only when the selection moves, not on every measurement.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selected]);

  useEffect(() => {
    if (onNearEnd && nearEnd(win, items.length)) onNearEnd();
  }, [win.end, items.length, onNearEnd]);

  const rows: ComponentChildren[] = [];
  for (let i = win.start; i < win.end; i++) {
    const item = items[i]!;
    const key = keyOf(item);
    rows.push(
      <div key={key} data-row-key={key} class="md-row" role="listitem">
        {render(item, i)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      class="md-scroller"
      data-testid={testId}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div role="list" aria-label={label} style={{ paddingTop: `${win.top}px`, paddingBottom: `${win.bottom}px` }}>
        {rows}
      </div>
      {footer}
    </div>
  );
}
