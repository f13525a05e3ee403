// A modal dialog: native <dialog> in the top layer where the browser has
// showModal (so the publisher's z-indexes and transforms cannot hide it),
// with focus kept inside (Tab wraps), Escape to close, and focus returned to
// the element that opened it.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

const FOCUSABLE = ['a[href]', 'button:not([disabled])', 'input:not([disabled])', 'textarea:not([disabled])', 'select:not([disabled])', '[tabindex]']
  .map((s) => `${s}:not([tabindex="-1"])`)
  .join(', ');

interface Props {
  labelId: string;
  describedBy?: string;
  onClose: () => void;
  /** receives focus back on close; if gone, `fallbackFocus` does */
  opener: HTMLElement | null;
  fallbackFocus?: () => HTMLElement | null;
  testId?: string;
  /** a panel for longer content (the notices) rather than a small form */
  wide?: boolean;
  children: ComponentChildren;
}

function activeIn(root: Node): Element | null {
  const r = root.getRootNode() as Document | ShadowRoot;
  return r.activeElement ?? null;
}

export function Dialog({ labelId, describedBy, onClose, opener, fallbackFocus, testId, wide, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    try {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } catch {
      dialog.setAttribute('open', '');
    }
    const first = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE);
    first?.focus();
    return () => {
      try {
        if (dialog.open && typeof dialog.close === 'function') dialog.close();
      } catch {
        // already closed
      }
      // After the commit that closed the dialog: it may also have replaced the
      // opener (the sign-in button is gone once signed in).
      setTimeout(() => {
        const target = opener && opener.isConnected ? opener : (fallbackFocus?.() ?? null);
        target?.focus();
      }, 0);
    };
    // Opening and closing happen once per mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      closeRef.current();
      return;
    }
    if (e.key !== 'Tab') return;
    const dialog = ref.current;
    if (!dialog) return;
    const items = Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE));
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = activeIn(dialog);
    if (e.shiftKey && (active === first || !dialog.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog
      ref={ref}
      class={wide ? 'th-dialog th-dialog-wide' : 'th-dialog'}
      aria-modal="true"
      aria-labelledby={labelId}
      aria-describedby={describedBy}
      data-testid={testId}
      onKeyDown={onKeyDown}
      onCancel={(e) => {
        // Escape in a modal dialog: let Preact's state decide.
        e.preventDefault();
        closeRef.current();
      }}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself) closes.
        if (e.target === ref.current) closeRef.current();
      }}
    >
      <div class="th-dialog-body">{children}</div>
    </dialog>
  );
}
