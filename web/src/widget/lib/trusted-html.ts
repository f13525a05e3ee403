// Server-rendered comment HTML for innerHTML, also on pages that enforce
// Trusted Types (CSP `require-trusted-types-for 'script'`): such pages allow
// the widget's policy with `trusted-types townhall`. The HTML passed here is
// only ever body_html from the server's Markdown renderer, which sanitizes it.

type Html = string | { toString(): string };

interface Policy {
  createHTML(input: string): Html;
}

let policy: Policy | null | undefined;
const cache = new Map<string, Html>();
const CACHE_MAX = 1000;

function getPolicy(): Policy | null {
  if (policy !== undefined) return policy;
  const tt = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: { createHTML(s: string): string }): Policy } })
    .trustedTypes;
  try {
    policy = tt ? tt.createPolicy('townhall', { createHTML: (s) => s }) : null;
  } catch {
    policy = null; // the page's CSP does not allow the policy: plain strings, which the browser may refuse
  }
  return policy;
}

/**
 * The value for dangerouslySetInnerHTML. The same string always gives the
 * same object, so re-renders do not rewrite unchanged comment bodies.
 */
export function serverHtml(html: string): Html {
  const p = getPolicy();
  if (!p) return html;
  let value = cache.get(html);
  if (value === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    value = p.createHTML(html);
    cache.set(html, value);
  }
  return value;
}
