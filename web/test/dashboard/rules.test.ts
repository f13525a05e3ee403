import { describe, expect, it } from 'vitest';
import { addRule, canRemove, draftsFromRules, editRule, moveRule, removeRule, rulesPayload, validateRules } from '../../src/dashboard/state/rules';
import { enforcementRequest } from '../../src/dashboard/components/UserDrawer';

const RULES = [
  { id: 'civility', number: 1, title: 'Be civil', body_markdown: 'Argue with ideas' },
  { id: 'spam', number: 2, title: 'No spam', body_markdown: '' },
  { id: 'illegal', number: 3, title: 'Nothing illegal', body_markdown: 'Obey the law' },
  { id: 'old', number: 4, title: 'Old rule', archived: true },
];

describe('rules editor state', () => {
  it('starts from the active rules', () => {
    const rows = draftsFromRules(RULES);
    expect(rows.map((r) => r.id)).toEqual(['civility', 'spam', 'illegal']);
    expect(rows[0]!.body).toBe('Argue with ideas');
  });

  it('reorders within bounds', () => {
    const rows = draftsFromRules(RULES);
    expect(moveRule(rows, 2, -1).map((r) => r.id)).toEqual(['civility', 'illegal', 'spam']);
    expect(moveRule(rows, 0, -1)).toBe(rows);
    expect(moveRule(rows, 2, 1)).toBe(rows);
  });

  it('never removes illegal', () => {
    const rows = draftsFromRules(RULES);
    expect(canRemove(rows[2]!)).toBe(false);
    expect(removeRule(rows, 2)).toBe(rows);
    expect(removeRule(rows, 1).map((r) => r.id)).toEqual(['civility', 'illegal']);
  });

  it('adds rules without ids and sends them in order', () => {
    let rows = addRule(draftsFromRules(RULES));
    rows = editRule(rows, 3, { title: '  Stay on topic ', body: 'About the story' });
    expect(rulesPayload(rows)).toEqual([
      { id: 'civility', title: 'Be civil', body: 'Argue with ideas' },
      { id: 'spam', title: 'No spam', body: '' },
      { id: 'illegal', title: 'Nothing illegal', body: 'Obey the law' },
      { title: 'Stay on topic', body: 'About the story' },
    ]);
  });

  it('finds what the server would refuse', () => {
    let rows = addRule(draftsFromRules(RULES));
    rows = editRule(rows, 0, { title: 'x'.repeat(121) });
    rows = editRule(rows, 1, { body: 'y'.repeat(5001) });
    const problems = validateRules(rows);
    expect(problems.get(0)).toBe('titleTooLong');
    expect(problems.get(1)).toBe('bodyTooLong');
    expect(problems.get(3)).toBe('titleEmpty');
    expect(problems.has(2)).toBe(false);
  });
});

describe('enforcementRequest', () => {
  const base = { action: 'warn' as const, ruleId: 'civility', explanation: '', duration: '24h' as const, until: '', allSites: false, rejectComments: false };

  it('needs a rule except to lift', () => {
    expect(enforcementRequest({ ...base, ruleId: '' }, 'courier')).toEqual({ problem: 'ladder.ruleRequired' });
    expect(enforcementRequest({ ...base, action: 'lift', ruleId: '' }, 'courier')).toEqual({ action: 'lift', site: 'courier' });
  });

  it('sends a duration or a future until for suspensions', () => {
    expect(enforcementRequest({ ...base, action: 'suspend', duration: '1h' }, 'courier')).toEqual({ action: 'suspend', site: 'courier', rule_id: 'civility', duration: '1h' });
    expect(enforcementRequest({ ...base, action: 'suspend', duration: 'custom' }, 'courier')).toEqual({ problem: 'ladder.untilRequired' });
    expect(enforcementRequest({ ...base, action: 'suspend', duration: 'custom', until: '2020-01-01T10:00' }, 'courier')).toEqual({ problem: 'ladder.untilInPast' });
    const r = enforcementRequest({ ...base, action: 'suspend', duration: 'custom', until: '2999-01-01T10:00' }, 'courier');
    expect('until' in r && typeof r.until).toBe('string');
  });

  it('sends ban options only for bans', () => {
    expect(enforcementRequest({ ...base, action: 'ban', allSites: true, rejectComments: true, explanation: ' spam run ' }, 'courier')).toEqual({
      action: 'ban', site: 'courier', rule_id: 'civility', explanation: 'spam run', all_sites: true, reject_comments: true,
    });
    expect(enforcementRequest({ ...base, action: 'warn', allSites: true, rejectComments: true }, 'courier')).toEqual({ action: 'warn', site: 'courier', rule_id: 'civility' });
  });
});
