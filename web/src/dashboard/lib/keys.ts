// One-key shortcuts of the queue view, as a pure mapping from a key event to
// a command, so the rules (never while typing, never with a modifier) are
// testable without a browser.

export type Command = 'next' | 'prev' | 'approve' | 'reject' | 'feature' | 'user' | 'help' | 'close' | 'refresh';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  target?: EventTarget | null;
}

const BY_KEY: Record<string, Command> = {
  j: 'next',
  ArrowDown: 'next',
  k: 'prev',
  ArrowUp: 'prev',
  a: 'approve',
  r: 'reject',
  f: 'feature',
  u: 'user',
  '?': 'help',
  Escape: 'close',
  '.': 'refresh',
};

/** The shortcut list shown by `?`, in display order. */
export const SHORTCUTS: { keys: string[]; command: Command }[] = [
  { keys: ['j', '↓'], command: 'next' },
  { keys: ['k', '↑'], command: 'prev' },
  { keys: ['a'], command: 'approve' },
  { keys: ['r'], command: 'reject' },
  { keys: ['f'], command: 'feature' },
  { keys: ['u'], command: 'user' },
  { keys: ['.'], command: 'refresh' },
  { keys: ['?'], command: 'help' },
  { keys: ['Esc'], command: 'close' },
];

/** True when keys typed at `target` are text (inputs, text areas, selects, contenteditable). */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as Element).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(type);
  }
  return el.isContentEditable === true || el.getAttribute?.('contenteditable') === 'true';
}

/**
 * The command for a key press, or null. Keys with Ctrl, Meta or Alt are the
 * browser's; keys typed into a text field are text, except Escape.
 */
export function commandForKey(e: KeyLike): Command | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const command = BY_KEY[e.key];
  if (!command) return null;
  if (command !== 'close' && isTypingTarget(e.target)) return null;
  return command;
}

/** 1–9 pick the rule at that position (0-based index), anything else null. */
export function ruleIndexForKey(e: KeyLike): number | null {
  if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return null;
  return /^[1-9]$/.test(e.key) ? Number(e.key) - 1 : null;
}
