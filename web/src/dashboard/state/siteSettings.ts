// The admin's site settings form (thresholds and automatic checks) as pure
// functions: the server's settings to form fields, validation with the
// server's ranges (docs/api-moderation.md), and the PATCH body.

import type { AdminSite, LinkPolicy, Premoderation } from '../types';

export const PREMODERATION_MODES: Premoderation[] = ['off', 'new_commenters', 'all'];
export const LINK_POLICIES: LinkPolicy[] = ['allow', 'hold', 'hold_new_commenters'];

/** Field name → [min, max, integer?] as the server checks them. */
export const RANGES = {
  report_threshold: [0.5, 100, false],
  max_links: [0, 100, true],
  new_commenter_approvals: [0, 100, true],
  rejection_rate_threshold: [0, 1, false],
  rejection_window_days: [1, 365, true],
  spam_threshold: [0.5, 1, false],
} as const;
export type NumberField = keyof typeof RANGES;
export type DomainField = 'link_allow_domains' | 'link_deny_domains';
export type SettingsField = NumberField | DomainField | 'links' | 'premoderation';

export const DEFAULTS = {
  report_threshold: 3,
  premoderation: 'off' as Premoderation,
  links: 'allow' as LinkPolicy,
  max_links: 5,
  link_allow_domains: [] as string[],
  link_deny_domains: [] as string[],
  new_commenter_approvals: 1,
  rejection_rate_threshold: 0.3,
  rejection_window_days: 7,
  spam_threshold: 0.99,
};

/** What the form edits: numbers as typed, domains one per line, the rejection rate in percent. */
export interface SettingsDraft {
  report_threshold: string;
  premoderation: Premoderation;
  links: LinkPolicy;
  max_links: string;
  link_allow_domains: string;
  link_deny_domains: string;
  new_commenter_approvals: string;
  /** percent, 0–100 */
  rejection_rate_threshold: string;
  rejection_window_days: string;
  spam_threshold: string;
}

export type SettingsPayload = {
  report_threshold: number;
  premoderation: Premoderation;
  links: LinkPolicy;
  max_links: number;
  link_allow_domains: string[];
  link_deny_domains: string[];
  new_commenter_approvals: number;
  rejection_rate_threshold: number;
  rejection_window_days: number;
  spam_threshold: number;
};

const num = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
/** 0.3 → "30" (no float noise: 0.07 → "7", 0.333 → "33.3") */
export const toPercent = (share: number) => String(Number((share * 100).toFixed(4)));
export const fromPercent = (percent: number) => Number((percent / 100).toFixed(6));

export function draftFromSettings(settings: AdminSite['settings'] | undefined): SettingsDraft {
  const s = settings ?? {};
  const premoderation = PREMODERATION_MODES.includes(s.premoderation as Premoderation) ? (s.premoderation as Premoderation) : DEFAULTS.premoderation;
  const links = LINK_POLICIES.includes(s.links as LinkPolicy) ? (s.links as LinkPolicy) : DEFAULTS.links;
  return {
    report_threshold: String(num(s.report_threshold, DEFAULTS.report_threshold)),
    premoderation,
    links,
    max_links: String(num(s.max_links, DEFAULTS.max_links)),
    link_allow_domains: strings(s.link_allow_domains).join('\n'),
    link_deny_domains: strings(s.link_deny_domains).join('\n'),
    new_commenter_approvals: String(num(s.new_commenter_approvals, DEFAULTS.new_commenter_approvals)),
    rejection_rate_threshold: toPercent(num(s.rejection_rate_threshold, DEFAULTS.rejection_rate_threshold)),
    rejection_window_days: String(num(s.rejection_window_days, DEFAULTS.rejection_window_days)),
    spam_threshold: String(num(s.spam_threshold, DEFAULTS.spam_threshold)),
  };
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);

/** A lower-case host name: letters, digits, hyphens and dots ("news.example", "bbc.co.uk"). */
export const isHostName = (value: string) => HOST.test(value);

/** The domains of a textarea, one per line, blank lines skipped. */
export function domainLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export type SettingsProblem =
  | { field: NumberField; kind: 'range' }
  | { field: DomainField; kind: 'domain'; entries: string[] };

function parseNumber(field: NumberField, raw: string, percent = false): number | null {
  const text = raw.trim();
  if (text === '') return null;
  let value = Number(text);
  if (!Number.isFinite(value)) return null;
  if (percent) value = fromPercent(value);
  const [min, max, integer] = RANGES[field];
  if (integer && !Number.isInteger(value)) return null;
  return value >= min && value <= max ? value : null;
}

/** The PATCH body, or the problems the server would refuse (in form order). */
export function settingsPayload(draft: SettingsDraft): { settings: SettingsPayload } | { problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const numbers = {} as Record<NumberField, number>;
  for (const field of Object.keys(RANGES) as NumberField[]) {
    const value = parseNumber(field, draft[field], field === 'rejection_rate_threshold');
    if (value === null) problems.push({ field, kind: 'range' });
    else numbers[field] = value;
  }
  const domains = {} as Record<DomainField, string[]>;
  for (const field of ['link_allow_domains', 'link_deny_domains'] as const) {
    const lines = domainLines(draft[field]);
    const bad = lines.filter((d) => !isHostName(d));
    if (bad.length > 0) problems.push({ field, kind: 'domain', entries: bad });
    domains[field] = [...new Set(lines)];
  }
  if (problems.length > 0) return { problems };
  return {
    settings: {
      report_threshold: numbers.report_threshold,
      premoderation: draft.premoderation,
      links: draft.links,
      max_links: numbers.max_links,
      link_allow_domains: domains.link_allow_domains,
      link_deny_domains: domains.link_deny_domains,
      new_commenter_approvals: numbers.new_commenter_approvals,
      rejection_rate_threshold: numbers.rejection_rate_threshold,
      rejection_window_days: numbers.rejection_window_days,
      spam_threshold: numbers.spam_threshold,
    },
  };
}

/** True when the form differs from what was loaded. */
export function draftChanged(a: SettingsDraft, b: SettingsDraft): boolean {
  return (Object.keys(a) as (keyof SettingsDraft)[]).some((k) =>
    k === 'link_allow_domains' || k === 'link_deny_domains' ? domainLines(a[k]).join('\n') !== domainLines(b[k]).join('\n') : a[k].trim() !== b[k].trim(),
  );
}

const FIELDS: SettingsField[] = [
  'report_threshold',
  'premoderation',
  'links',
  'max_links',
  'link_allow_domains',
  'link_deny_domains',
  'new_commenter_approvals',
  'rejection_rate_threshold',
  'rejection_window_days',
  'spam_threshold',
];

/** The field a server validation message is about ("max_links must be between 0 and 100"). */
export function fieldFromServerMessage(message: string): SettingsField | null {
  let best: SettingsField | null = null;
  let at = Infinity;
  for (const field of FIELDS) {
    const i = message.search(new RegExp(`\\b${field}\\b`));
    if (i >= 0 && i < at) {
      at = i;
      best = field;
    }
  }
  return best;
}
