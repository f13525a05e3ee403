// A modal dialog on the native <dialog> (top layer, inert background), with
// Tab kept inside, Escape to close, and focus returned to its opener.

import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled])',
  'textarea:not([disabled])',
  'select:not([disabled])',
  '[tabindex]',
]
  .map((s) => `${s}:not([tabindex="-1"])`)
  .join(', ');

interface Props {
  labelId: string;
  onClose: () => void;
  testId?: string;
  /** "drawer" slides in from the right, full height */
  variant?: 'dialog' | 'drawer';
  children: ComponentChildren;
}

/** Keeps Tab and Shift+Tab inside `root`. */
export function trapTab(e: KeyboardEvent, root: HTMLElement): void {
  if (e.key !== 'Tab') return;
  const items = Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null || el === document.activeElement);
  if (items.length === 0) {
    e.preventDefault();
    return;
  }
  const first = items[0]!;
  const last = items[items.length - 1]!;
  const active = document.activeElement;
  if (e.shiftKey && (active === first || !root.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !root.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

export function Dialog({ labelId, onClose, testId, variant = 'dialog', children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement as HTMLElement | null;
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
      setTimeout(() => {
        if (opener && opener.isConnected && opener !== document.body) opener.focus();
      }, 0);
    };
  }, []);

  return (
    <dialog
      ref={ref}
      class={`md-dialog md-${variant}`}
      aria-labelledby={labelId}
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          closeRef.current();
          return;
        }
        if (ref.current) trapTab(e, ref.current);
        // Keys inside a dialog are the dialog's: the queue's shortcuts stay quiet.
        e.stopPropagation();
      }}
      onCancel={(e) => {
        e.preventDefault();
        closeRef.current();
      }}
      onClick={(e) => {
        if (e.target === ref.current) closeRef.current();
      }}
    >
      <div class="md-dialog-body">{children}</div>
    </dialog>
  );
}
