// The admin's rule list while it is being edited: reorder, edit, add, remove
// (the server archives removed rules), as pure functions over drafts. The
// rule `illegal` always stays.

import type { Rule } from '../types';

export interface RuleDraftRow {
  /** the rule's id; absent for a rule added here (the server makes one from its title) */
  id?: string;
  /** a stable key for rendering while the id is unknown */
  key: string;
  title: string;
  body: string;
}

export const ILLEGAL_RULE = 'illegal';
export const TITLE_MAX = 120;
export const BODY_MAX = 5000;

export function draftsFromRules(rules: Rule[]): RuleDraftRow[] {
  return rules.filter((r) => !r.archived).map((r) => ({ id: r.id, key: r.id, title: r.title, body: r.body_markdown ?? '' }));
}

export function moveRule(rows: RuleDraftRow[], index: number, delta: number): RuleDraftRow[] {
  const to = index + delta;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return rows;
  const next = rows.slice();
  const [row] = next.splice(index, 1);
  next.splice(to, 0, row!);
  return next;
}

export function editRule(rows: RuleDraftRow[], index: number, patch: Partial<Pick<RuleDraftRow, 'title' | 'body'>>): RuleDraftRow[] {
  return rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
}

let added = 0;
export function addRule(rows: RuleDraftRow[]): RuleDraftRow[] {
  added += 1;
  return [...rows, { key: `new-${added}`, title: '', body: '' }];
}

export const canRemove = (row: RuleDraftRow) => row.id !== ILLEGAL_RULE;

export function removeRule(rows: RuleDraftRow[], index: number): RuleDraftRow[] {
  const row = rows[index];
  if (!row || !canRemove(row)) return rows;
  return rows.filter((_, i) => i !== index);
}

export type RuleProblem = 'titleEmpty' | 'titleTooLong' | 'bodyTooLong';

/** Problems the server would refuse with 422 invalid_rule, by row index. */
export function validateRules(rows: RuleDraftRow[]): Map<number, RuleProblem> {
  const problems = new Map<number, RuleProblem>();
  rows.forEach((row, i) => {
    const title = row.title.trim();
    if (!title) problems.set(i, 'titleEmpty');
    else if ([...title].length > TITLE_MAX) problems.set(i, 'titleTooLong');
    else if ([...row.body].length > BODY_MAX) problems.set(i, 'bodyTooLong');
  });
  return problems;
}

/** The PUT body, in order. */
export function rulesPayload(rows: RuleDraftRow[]): { id?: string; title: string; body: string }[] {
  return rows.map((row) => (row.id ? { id: row.id, title: row.title.trim(), body: row.body } : { title: row.title.trim(), body: row.body }));
}
