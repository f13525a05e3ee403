// Message lookup: t(key, params) over a catalog chosen by language.
//
// Adding a language: create ./xx.ts exporting `const xx: Catalog = {…}` and
// list it in CATALOGS. The Catalog type requires every key of `en`.

import { en, type MessageKey } from './en';

export type { MessageKey };

/** Plural forms by Intl.PluralRules category; `other` is always required. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type Catalog = { readonly [K in MessageKey]: Message };
export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

const CATALOGS: Record<string, Catalog> = { en };

/** The catalog language that best matches `lang` ("en-GB" → "en"); English otherwise. */
export function resolveLanguage(lang: string | null | undefined): string {
  if (!lang) return 'en';
  const lower = lang.toLowerCase();
  if (CATALOGS[lower]) return lower;
  const base = lower.split('-')[0] ?? '';
  return CATALOGS[base] ? base : 'en';
}

function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Returns t() for `lang`. Plural messages pick their form from `params.n`
 * with Intl.PluralRules; a missing form falls back to `other`.
 */
export function createTranslator(lang: string): Translate {
  const language = resolveLanguage(lang);
  const catalog = CATALOGS[language] ?? en;
  const rules = new Intl.PluralRules(language);
  return (key, params) => {
    const message: Message = catalog[key] ?? en[key];
    if (typeof message === 'string') return fill(message, params);
    const n = typeof params?.n === 'number' ? params.n : Number(params?.n ?? 0);
    const form = message[rules.select(n)] ?? message.other;
    return fill(form, params);
  };
}

/** English t(), for code that runs before a widget has chosen its language. */
export const t: Translate = createTranslator('en');
