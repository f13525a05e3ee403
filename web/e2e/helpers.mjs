// Shared helpers for the browser tests: start a Townhall server with the demo
// newspaper on a fresh database, drive Debian's Chromium through
// playwright-core, and reach into the widget's (open) Shadow DOM.
//
// The server binary is $E2E_TOWNHALL_BIN, else ../build/townhall (what `make`
// builds); Chromium is $E2E_CHROMIUM, else /usr/bin/chromium. Nothing is
// ever downloaded.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const SITE = 'millbrook';
export const STORY = 'market-hall-vote';
export const WIDGET = '#townhall-comments';
/** How long one expectation may wait for the widget (ms). */
export const WAIT = 10_000;

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const imagesDir = join(repoRoot, 'docs', 'images');

export function serverBinary() {
  return process.env.E2E_TOWNHALL_BIN || join(repoRoot, 'build', 'townhall');
}

const children = new Set();
process.on('exit', () => {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

/**
 * Starts `townhall serve --demo` on free ports with a fresh database.
 * Returns { api, demo, stop, output() }: api is the API origin
 * (http://127.0.0.1:PORT), demo the newspaper (http://localhost:PORT2).
 */
export async function startServer({ timeout = 20_000 } = {}) {
  const bin = serverBinary();
  if (!existsSync(bin)) {
    throw new Error(`townhall binary not found at ${bin}; build it first or set E2E_TOWNHALL_BIN`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'townhall-e2e-'));
  const args = [
    '--db', join(dir, 'townhall.db'),
    '--set', 'server.port=0',
    '--set', 'server.address=127.0.0.1',
    '--set', 'log.requests=false',
    '--set', 'limits.signups_per_hour_per_address=0',
    'serve', '--demo', '--demo-port', '0',
  ];
  // The server reads its settings from TOWNHALL_* variables too (and refuses
  // unknown ones): keep the developer's own out of the tests.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('TOWNHALL_')));
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => {
    err += d;
    if (err.length > 64_000) err = err.slice(-32_000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => children.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const urls = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`townhall did not start within ${timeout} ms`)), timeout);
      child.stdout.on('data', (d) => {
        out += d;
        const api = out.match(/townhall listening on (http:\/\/\S+?)\/?\s/);
        const demo = out.match(/demo newspaper on (http:\/\/\S+?)\/?\s/);
        if (api && demo) {
          clearTimeout(timer);
          resolve({ api: api[1], demo: demo[1] });
        }
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`townhall exited early (code ${code}, signal ${signal})`));
      });
    });
    // The widget must be compiled into this binary, or nothing below can work.
    const embed = await fetch(`${urls.api}/embed.js`);
    if (!embed.ok) {
      throw new Error(`${urls.api}/embed.js answered ${embed.status}: is the web front end built into ${bin}?`);
    }
    return { ...urls, stop, output: () => `stdout:\n${out}\nstderr:\n${err}` };
  } catch (e) {
    await stop();
    e.message += `\n--- server output ---\nstdout:\n${out}\nstderr:\n${err}`;
    throw e;
  }
}

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.E2E_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
}

/**
 * A new browser context and page with short timeouts that records page
 * errors (uncaught exceptions, console errors): tests end with
 * `assertNoPageErrors(page)`.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(WAIT);
  context.setDefaultNavigationTimeout(20_000);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(`console error: ${m.text()} (${m.location().url})`);
  });
  return page;
}

// The demo newspaper has no favicon; that is not the widget's business.
const IGNORED_ERRORS = [/\/favicon\.ico\)$/];

export function assertNoPageErrors(page, ignore = []) {
  const left = page.errors.filter((e) => ![...IGNORED_ERRORS, ...ignore].some((re) => re.test(e)));
  if (left.length > 0) throw new Error(`the page reported errors:\n${left.join('\n')}`);
}

/** Opens the demo newspaper and waits until the widget has loaded the thread. */
export async function openNewspaper(page, demo) {
  await page.goto(`${demo}/`, { waitUntil: 'domcontentloaded' });
  await byTestId(page, 'thread').waitFor();
}

export function byTestId(scope, id) {
  return scope.locator(`[data-testid="${id}"]`);
}

/** The comment <article> with this id. */
export function commentById(scope, id) {
  return scope.locator(`[data-testid="comment"][data-comment-id="${id}"]`);
}

/** The comment <article>(s) whose own body contains `text`. */
export function commentWithText(scope, text) {
  // The inner locator of `has` must come from the page; it is matched
  // relative to each candidate article, so `:scope >` means its own body and
  // not a reply's.
  const page = typeof scope.page === 'function' ? scope.page() : scope;
  return scope.locator('[data-testid="comment"]').filter({
    has: page.locator(':scope > [data-testid="comment-body"]', { hasText: text }),
  });
}

/** The top-level composer (the one above the thread). */
export function mainComposer(page) {
  return page.locator('.th-participate [data-testid="composer"]');
}

/** The number in the "N comments" heading. */
export async function shownCount(page) {
  const text = await byTestId(page, 'comment-count').textContent();
  const m = text.match(/(\d+)/);
  if (!m) throw new Error(`no number in the comment count heading: ${JSON.stringify(text)}`);
  return Number(m[1]);
}

export function uniqueReader(tag) {
  const n = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    email: `${tag}-${n}@example.com`,
    name: `${tag[0].toUpperCase()}${tag.slice(1)} ${n.slice(-4)}`,
    password: `pw-${n}-long-enough`,
  };
}

/** The public thread from the API (what every reader sees). */
export async function fetchThread(api, sort = 'newest') {
  const r = await fetch(`${api}/api/v1/sites/${SITE}/stories/${STORY}/comments?sort=${sort}&limit=100`);
  if (!r.ok) throw new Error(`GET thread answered ${r.status}: ${await r.text()}`);
  return r.json();
}

/** Signs a reader up through the API (for the other side of a conversation). */
export async function apiSignUp(api, reader) {
  const r = await fetch(`${api}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(reader),
  });
  if (r.status !== 201) throw new Error(`POST accounts answered ${r.status}: ${await r.text()}`);
  return r.json();
}

export async function apiPost(api, token, body, parentId = null) {
  const r = await fetch(`${api}/api/v1/sites/${SITE}/stories/${STORY}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(parentId ? { body, parent_id: parentId } : { body }),
  });
  if (r.status !== 201) throw new Error(`POST comment answered ${r.status}: ${await r.text()}`);
  return r.json();
}

/** The demo admin `serve --demo` creates and prints once on stdout. */
export async function demoAdmin(server) {
  const m = await eventually(
    () => server.output().match(/demo admin: (\S+) \/ password \(shown once\): (\S+)/),
    'the demo admin line on stdout',
  );
  return { email: m[1], password: m[2] };
}

/** Signs in through the API: { user, token, expires_at }. */
export async function apiSignIn(api, { email, password }) {
  const r = await fetch(`${api}/api/v1/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (r.status !== 200) throw new Error(`POST sessions answered ${r.status}: ${await r.text()}`);
  return r.json();
}

/** Opens /moderate and signs in with the dashboard's form. */
export async function signInOnDashboard(page, api, { email, password }) {
  await page.goto(`${api}/moderate`, { waitUntil: 'domcontentloaded' });
  const form = byTestId(page, 'sign-in');
  await form.waitFor();
  await byTestId(form, 'sign-in-email').fill(email);
  await byTestId(form, 'sign-in-password').fill(password);
  await byTestId(form, 'sign-in-submit').click();
}

/** Signs up in the widget with the mouse: the sign-up button, the dialog, submit. */
export async function signUpInWidget(page, reader) {
  await byTestId(page, 'sign-up-button').click();
  const dialog = byTestId(page, 'auth-dialog');
  await dialog.waitFor();
  await byTestId(dialog, 'auth-email').fill(reader.email);
  await byTestId(dialog, 'auth-name').fill(reader.name);
  await byTestId(dialog, 'auth-password').fill(reader.password);
  await byTestId(dialog, 'auth-submit').click();
  await dialog.waitFor({ state: 'detached' });
  await byTestId(page, 'sign-out-button').waitFor();
}

/** Waits until `fn()` returns a truthy value (polling), or throws with `what`. */
export async function eventually(fn, what, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function ensureImagesDir() {
  mkdirSync(imagesDir, { recursive: true });
  return imagesDir;
}

/**
 * Describes the focused element, looking through shadow roots: its test id,
 * tag, and whether a focus indicator is drawn (an outline or a box-shadow).
 */
export function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const article = el.closest('[data-testid="comment"]');
    return {
      testid: el.getAttribute('data-testid'),
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 80),
      inWidget: el.getRootNode() instanceof ShadowRoot,
      commentId: article ? article.getAttribute('data-comment-id') : null,
      focusVisible: el.matches(':focus-visible'),
      indicator: outline || Boolean(shadow),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element satisfies `pred`;
 * returns its description. Fails after `max` presses. Every element focused
 * on the way is pushed to `visited` when given.
 */
export async function tabTo(page, pred, what, { max = 120, back = false, visited } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f) visited?.push(f);
    if (f && pred(f)) return f;
    seen.push(f ? `${f.tag}[${f.testid ?? ''}] ${f.text}` : 'body');
  }
  throw new Error(`Tab never reached ${what} in ${max} presses; focus went through:\n  ${seen.join('\n  ')}`);
}

/**
 * Puts the widget in its dark theme (data-theme="dark" on the embedding
 * element) on a darkened newspaper page: the demo page itself is light only,
 * and the widget's background is transparent.
 */
export async function darkPage(page) {
  await page.evaluate((selector) => {
    document.querySelector(selector).setAttribute('data-theme', 'dark');
    const style = document.createElement('style');
    style.textContent =
      ':root{--ink:#e8e6e1;--muted:#a9a59c;--rule:#3a3833;--paper:#16161a;--accent:#f08a8a}' +
      'body{background:var(--paper);color:var(--ink)}';
    document.head.append(style);
  }, WIDGET);
}

/**
 * Runs `act` (a press or a click on a like button) and waits for the
 * widget's PUT or DELETE …/reaction request to be answered. The widget
 * ignores a second press on the same comment while one is in flight.
 */
export async function reacting(page, act) {
  const answered = page.waitForResponse((r) => /\/comments\/[^/]+\/reaction$/.test(new URL(r.url()).pathname));
  await act();
  const response = await answered;
  if (!response.ok()) throw new Error(`${response.request().method()} ${response.url()} answered ${response.status()}`);
  // Let the widget apply the answer before the next step.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
}
