import { describe, expect, it } from 'vitest';
import { commandForKey, isTypingTarget, ruleIndexForKey } from '../../src/dashboard/lib/keys';

const el = (html: string) => {
  const div = document.createElement('div');
  div.innerHTML = html;
  document.body.append(div);
  return div.firstElementChild as HTMLElement;
};

describe('commandForKey', () => {
  it('maps the one-key shortcuts', () => {
    expect(commandForKey({ key: 'j' })).toBe('next');
    expect(commandForKey({ key: 'k' })).toBe('prev');
    expect(commandForKey({ key: 'ArrowDown' })).toBe('next');
    expect(commandForKey({ key: 'a' })).toBe('approve');
    expect(commandForKey({ key: 'r' })).toBe('reject');
    expect(commandForKey({ key: 'f' })).toBe('feature');
    expect(commandForKey({ key: 'u' })).toBe('user');
    expect(commandForKey({ key: '?' })).toBe('help');
    expect(commandForKey({ key: 'Escape' })).toBe('close');
    expect(commandForKey({ key: 'x' })).toBeNull();
    expect(commandForKey({ key: 'A' })).toBeNull();
  });

  it('leaves keys with modifiers to the browser', () => {
    expect(commandForKey({ key: 'r', ctrlKey: true })).toBeNull();
    expect(commandForKey({ key: 'a', metaKey: true })).toBeNull();
    expect(commandForKey({ key: 'j', altKey: true })).toBeNull();
  });

  it('does not fire while typing, except Escape', () => {
    for (const html of ['<input type="text">', '<input>', '<input type="search">', '<textarea></textarea>', '<select></select>', '<div contenteditable="true"></div>']) {
      const target = el(html);
      expect(commandForKey({ key: 'a', target }), html).toBeNull();
      expect(commandForKey({ key: '?', target }), html).toBeNull();
      expect(commandForKey({ key: 'Escape', target }), html).toBe('close');
    }
  });

  it('fires on buttons, checkboxes and radios', () => {
    expect(commandForKey({ key: 'a', target: el('<button>x</button>') })).toBe('approve');
    expect(commandForKey({ key: 'j', target: el('<input type="checkbox">') })).toBe('next');
    expect(isTypingTarget(el('<input type="radio">'))).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });
});

describe('ruleIndexForKey', () => {
  it('maps 1–9 to rule positions, not 0, not while typing', () => {
    expect(ruleIndexForKey({ key: '1' })).toBe(0);
    expect(ruleIndexForKey({ key: '9' })).toBe(8);
    expect(ruleIndexForKey({ key: '0' })).toBeNull();
    expect(ruleIndexForKey({ key: '3', target: el('<textarea></textarea>') })).toBeNull();
    expect(ruleIndexForKey({ key: '3', target: el('<input type="radio">') })).toBe(2);
  });
});
