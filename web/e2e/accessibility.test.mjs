// axe-core scans of the widget (its Shadow DOM) in the states a reader meets:
// signed out, the sign-up dialog, signed in with the composer and a reply box
// open, the delete confirmation, and the dark theme. No serious or critical
// violation is allowed; the failure message lists every one found.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  WIDGET,
  assertNoPageErrors,
  byTestId,
  darkPage,
  commentById,
  commentWithText,
  fetchThread,
  launchBrowser,
  mainComposer,
  newPage,
  openNewspaper,
  signUpInWidget,
  startServer,
  uniqueReader,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on the widget's host element (axe walks into its open shadow root). */
async function scan(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.evaluate(axeSource);
  }
  return page.evaluate(async (selector) => {
    const host = document.querySelector(selector);
    const result = await window.axe.run(host, { resultTypes: ['violations', 'passes'] });
    const simplify = (r) => ({
      id: r.id,
      impact: r.impact,
      help: r.help,
      helpUrl: r.helpUrl,
      nodes: r.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200), summary: n.failureSummary })),
    });
    return {
      violations: result.violations.map(simplify),
      // How many checked nodes were inside the shadow root (targets are arrays there).
      shadowNodes: result.passes.flatMap((r) => r.nodes).filter((n) => Array.isArray(n.target[0])).length,
    };
  }, WIDGET);
}

function report(violations) {
  return violations
    .map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    at ${JSON.stringify(n.target)}: ${n.html}\n      ${(n.summary ?? '').replace(/\n/g, '\n      ')}`).join('\n'),
    )
    .join('\n');
}

/**
 * Scans the widget in `state` and records serious or critical violations in
 * `found`; tests assert on `found` at the end, so that one run reports every
 * state. Minor and moderate findings are printed, not failed.
 */
async function check(page, state, found) {
  const { violations, shadowNodes } = await scan(page);
  assert.ok(shadowNodes > 10, `axe should have checked the widget's shadow DOM (${state}); it checked ${shadowNodes} nodes there`);
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  const minor = violations.filter((v) => !BLOCKING.has(v.impact));
  if (minor.length > 0) console.log(`axe, ${state}: minor or moderate findings (not failing):\n${report(minor)}`);
  if (blocking.length > 0) found.push(`${state}:\n${report(blocking)}`);
}

function assertClean(found) {
  assert.equal(found.length, 0, `axe found serious or critical violations:\n${found.join('\n')}`);
}

describe('accessibility (axe-core)', { timeout: 90_000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('signed out, and the sign-up dialog', { timeout: 30_000 }, async () => {
    const found = [];
    const page = await newPage(browser);
    await openNewspaper(page, server.demo);
    await check(page, 'signed out', found);
    await byTestId(page, 'sign-up-button').click();
    await byTestId(page, 'auth-dialog').waitFor();
    await check(page, 'sign-up dialog open', found);
    // Submitting empty shows the field errors; they must be accessible too.
    await byTestId(page, 'auth-submit').click();
    await page.locator('.th-field-error').first().waitFor();
    await check(page, 'sign-up dialog with errors', found);
    assertNoPageErrors(page);
    await page.context().close();
    assertClean(found);
  });

  test('signed in with the composer and a reply box open', { timeout: 30_000 }, async () => {
    const found = [];
    const page = await newPage(browser);
    const seeded = await fetchThread(server.api);
    await openNewspaper(page, server.demo);
    await signUpInWidget(page, uniqueReader('axe'));
    await mainComposer(page).waitFor();
    const text = 'A comment so that the reader has one of their own.';
    await byTestId(mainComposer(page), 'composer-input').fill(text);
    await byTestId(mainComposer(page), 'composer-submit').click();
    await commentWithText(page, text).waitFor();
    await byTestId(commentById(page, seeded.comments[0].id), 'reply-button').first().click();
    await commentById(page, seeded.comments[0].id).locator(':scope > [data-testid="composer"]').waitFor();
    await check(page, 'signed in, composer and reply box open', found);

    // The composer's preview tab.
    await byTestId(mainComposer(page), 'composer-input').fill('Some **bold** words and a [link](https://example.com/).');
    await byTestId(mainComposer(page), 'preview-tab').click();
    await mainComposer(page).locator('.th-preview').waitFor();
    await check(page, 'composer preview', found);

    // The delete confirmation.
    await byTestId(commentWithText(page, text), 'delete-button').click();
    await byTestId(page, 'confirm-dialog').waitFor();
    await check(page, 'delete confirmation open', found);
    assertNoPageErrors(page);
    await page.context().close();
    assertClean(found);
  });

  test('dark theme', { timeout: 30_000 }, async () => {
    const found = [];
    const page = await newPage(browser, { colorScheme: 'dark' });
    await openNewspaper(page, server.demo);
    await darkPage(page);
    await check(page, 'dark theme', found);
    assertNoPageErrors(page);
    await page.context().close();
    assertClean(found);
  });
});
