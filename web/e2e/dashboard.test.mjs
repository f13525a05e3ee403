// The moderation dashboard at /moderate against the real server: the demo's
// admin signs in, sees every queue tab with the counts the API gives, finds a
// reader's fresh comment in its queue and approves it with one key, opens the
// shortcut help with `?` and closes it with Escape; a reader who is not a
// moderator is turned away. axe-core finds no serious or critical violation.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import {
  SITE,
  apiPost,
  apiSignIn,
  apiSignUp,
  assertNoPageErrors,
  byTestId,
  demoAdmin,
  eventually,
  focused,
  launchBrowser,
  newPage,
  signInOnDashboard,
  startServer,
  uniqueReader,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const QUEUES = ['pending', 'reported', 'unmoderated', 'approved', 'rejected', 'appeals', 'notices'];

async function apiGet(api, token, path) {
  const r = await fetch(`${api}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!r.ok) throw new Error(`GET ${path} answered ${r.status}: ${await r.text()}`);
  return r.json();
}

/** Waits until every tab shows the count the API gives now (the dashboard polls). */
async function tabsShowCounts(page, api, token) {
  let last;
  await eventually(async () => {
    const { counts } = await apiGet(api, token, `/moderation/counts?site=${SITE}`);
    const shown = {};
    for (const q of QUEUES) shown[q] = Number(await byTestId(page, `count-${q}`).textContent());
    last = { counts, shown };
    return QUEUES.every((q) => shown[q] === counts[q]);
  }, 'the tabs to show the counts of the API', 25_000).catch((e) => {
    e.message += `\n${JSON.stringify(last)}`;
    throw e;
  });
}

async function scan(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `axe found:\n${violations.join('\n')}`);
}

describe('the moderation dashboard', { timeout: 120_000 }, () => {
  let server;
  let browser;
  let admin;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await demoAdmin(server);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('/moderate is a shell with a strict policy that loads the hashed bundle', async () => {
    const r = await fetch(`${server.api}/moderate`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    const html = await r.text();
    const script = html.match(/<script[^>]+src="(\/assets\/dashboard-[0-9a-f]{12}\.js)"/);
    assert.ok(script, `no hashed dashboard script in:\n${html}`);
    assert.doesNotMatch(html, /<script>(?!<\/script>)|<style>/, 'the shell has no inline script or style');
    const js = await fetch(`${server.api}${script[1]}`);
    assert.equal(js.status, 200);
  });

  test('the admin signs in, sees the queues with counts, approves with a key and opens the help', { timeout: 90_000 }, async () => {
    // A reader's fresh comment lands in a queue (unmoderated, or pending if held).
    const reader = uniqueReader('queued');
    const { token: readerToken } = await apiSignUp(server.api, reader);
    const text = `Dashboard e2e ${Date.now().toString(36)}`;
    const posted = await apiPost(server.api, readerToken, text);
    const { token: adminToken } = await apiSignIn(server.api, admin);
    const queue = posted.status === 'pending' ? 'pending' : 'unmoderated';

    const page = await newPage(browser);
    await signInOnDashboard(page, server.api, admin);

    // Every queue tab, each with the count the API reports.
    for (const q of QUEUES) await byTestId(page, `tab-${q}`).waitFor();
    const { counts } = await apiGet(server.api, adminToken, `/moderation/counts?site=${SITE}`);
    assert.ok(counts[queue] >= 1, `the new comment should count in ${queue}: ${JSON.stringify(counts)}`);
    await tabsShowCounts(page, server.api, adminToken);
    assert.equal(await byTestId(page, 'site-picker').inputValue(), SITE);

    // The comment's card, in its queue, newest first.
    await byTestId(page, 'order').selectOption('newest');
    await byTestId(page, `tab-${queue}`).click();
    const card = page.locator(`[data-testid="queue-card"][data-comment-id="${posted.id}"]`);
    await card.waitFor();
    assert.match(await card.textContent(), new RegExp(text));
    assert.match(await card.textContent(), new RegExp(reader.name));
    await scan(page);

    // Select it and approve it with `a`: it leaves the queue and the result is announced.
    await card.locator('[data-testid="comment-body"]').click();
    assert.equal(await card.getAttribute('aria-current'), 'true');
    await page.keyboard.press('a');
    await card.waitFor({ state: 'detached' });
    await eventually(async () => /Approved/.test(await byTestId(page, 'status').textContent()), 'the approval to be announced');
    const approved = await apiGet(server.api, adminToken, `/moderation/queues/approved?site=${SITE}&order=newest&limit=100`);
    assert.ok(approved.items.some((i) => i.comment.id === posted.id), 'the comment is in the approved queue');
    await tabsShowCounts(page, server.api, adminToken);

    // `?` opens the shortcut help with the focus inside; Escape closes it.
    await page.keyboard.press('?');
    const help = byTestId(page, 'shortcut-help');
    await help.waitFor();
    assert.match(await help.textContent(), /Keyboard shortcuts/);
    assert.ok(await help.evaluate((el) => el.contains(document.activeElement)), 'the focus is in the help dialog');
    await scan(page);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
    const f = await focused(page);
    assert.notEqual(f?.testid, 'shortcut-help');

    // Shortcuts stay quiet while typing.
    await byTestId(page, 'story-filter').fill('?');
    assert.equal(await help.count(), 0);
    // Leave the filter as it was: applied on blur, a "?" filter would load
    // the queue again just as the session ends.
    await byTestId(page, 'story-filter').fill('');

    await byTestId(page, 'sign-out').click();
    await byTestId(page, 'sign-in').waitFor();
    assertNoPageErrors(page);
  });

  test('a reader who is not a moderator is turned away', async () => {
    const reader = uniqueReader('notmod');
    await apiSignUp(server.api, reader);
    const page = await newPage(browser);
    await signInOnDashboard(page, server.api, reader);
    const refusal = byTestId(page, 'refusal');
    await refusal.waitFor();
    assert.match(await refusal.textContent(), /not a moderator/);
    // The 403 is expected; nothing else may go wrong.
    assertNoPageErrors(page, [/status of 403/]);
  });
});
