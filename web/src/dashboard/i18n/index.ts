// Message lookup for the dashboard: t(key, params) over the English catalog.
// `{name}` placeholders are filled from params; plural messages choose their
// form from `params.n` with Intl.PluralRules.

import { en, type MessageKey } from './en';

export type { MessageKey };
export type Params = Record<string, string | number>;

const rules = new Intl.PluralRules('en');

function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Params): string {
  const message = en[key] as string | Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
  if (typeof message === 'string') return fill(message, params);
  const n = typeof params?.n === 'number' ? params.n : Number(params?.n ?? 0);
  return fill(message[rules.select(n)] ?? message.other, params);
}

/** The message for `key` if the catalog has it (for codes from the server). */
export function tMaybe(key: string, params?: Params): string | null {
  return Object.prototype.hasOwnProperty.call(en, key) ? t(key as MessageKey, params) : null;
}
