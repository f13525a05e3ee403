// Entry point of widget.js, loaded by the server's /embed.js.
//
// Finds every element with [data-townhall] or id="townhall-comments", gives
// it an open Shadow DOM with the widget's styles, and renders the discussion
// there. The API base is window.TOWNHALL_BASE (set by /embed.js), else the
// origin this script was loaded from. Pages that add an embedding element
// later can call window.Townhall.mount(element).

import { render } from 'preact';
import { Widget } from './App';
import css from './styles.css?inline';

declare global {
  interface Window {
    TOWNHALL_BASE?: string;
  }
}

const SELECTOR = '[data-townhall], #townhall-comments';

// Only defined while this script's top level runs.
const script = document.currentScript as HTMLScriptElement | null;

function baseUrl(): string {
  const configured = window.TOWNHALL_BASE;
  let base = '';
  if (configured) {
    base = configured;
  } else if (script?.src) {
    try {
      base = new URL(script.src, location.href).origin;
    } catch {
      base = '';
    }
  }
  if (!base) base = location.origin;
  return base.replace(/\/+$/, '');
}

function canonicalUrl(): string {
  const link = document.querySelector<HTMLLinkElement>('link[rel="canonical"]');
  if (link?.href) return link.href;
  return location.href.split('#')[0] ?? location.href;
}

const mounted = new WeakSet<Element>();
let sheet: CSSStyleSheet | null | undefined;

/**
 * One constructed stylesheet for every widget on the page. Unlike a <style>
 * element it is not subject to the page's CSP style-src, so strict
 * publishers need no 'unsafe-inline'. Older browsers get a <style>.
 */
function sharedSheet(): CSSStyleSheet | null {
  if (sheet !== undefined) return sheet;
  try {
    const s = new CSSStyleSheet();
    s.replaceSync(css);
    sheet = 'adoptedStyleSheets' in ShadowRoot.prototype ? s : null;
  } catch {
    sheet = null;
  }
  return sheet;
}

/** Renders the widget into `element` (once); returns false if it lacks data-site or data-story. */
export function mount(element: HTMLElement): boolean {
  if (mounted.has(element)) return true;
  const data = element.dataset;
  const site = data.site?.trim();
  const story = data.story?.trim();
  if (!site || !story) {
    console.warn('Townhall: the embedding element needs data-site and data-story', element);
    return false;
  }
  mounted.add(element);
  const shadow = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  const sheet = sharedSheet();
  if (sheet) {
    shadow.adoptedStyleSheets = [sheet];
    shadow.replaceChildren(container);
  } else {
    const style = document.createElement('style');
    style.textContent = css;
    shadow.replaceChildren(style, container);
  }
  render(
    <Widget
      base={baseUrl()}
      site={site}
      story={story}
      url={data.url || canonicalUrl()}
      title={data.title ?? document.title}
      lang={data.lang || document.documentElement.lang || navigator.language || 'en'}
    />,
    container,
  );
  return true;
}

/** Mounts every embedding element on the page that is not mounted yet. */
export function scan(): void {
  document.querySelectorAll<HTMLElement>(SELECTOR).forEach((el) => {
    mount(el);
  });
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', scan, { once: true });
} else {
  scan();
}
