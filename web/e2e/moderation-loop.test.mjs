// The moderation loop, reader side (docs/api-moderation.md): a reader reads
// the rules, reports a comment citing one of them, and sees "Reported"; anyone
// can send an illegal-content notice and gets a receipt to follow it with.
//
// The next steps of the loop (a moderator rejects the comment, its author
// sees the statement of reasons and appeals, a second moderator reverses)
// continue from `reported` below.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  SITE,
  assertNoPageErrors,
  byTestId,
  commentById,
  fetchThread,
  launchBrowser,
  newPage,
  openNewspaper,
  signUpInWidget,
  startServer,
  uniqueReader,
} from './helpers.mjs';

/** The reader's own action buttons of a comment (not those of its replies). */
function ownAction(comment, testId) {
  return comment.locator(`:scope > .th-actions [data-testid="${testId}"]`);
}

/** The bearer token the widget stored for the Townhall server, read from the page. */
async function widgetToken(page) {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key?.startsWith('townhall:session:')) return JSON.parse(localStorage.getItem(key)).token;
    }
    return null;
  });
}

async function getJson(url, init) {
  const r = await fetch(url, init);
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
}

describe('the moderation loop, reader side', { timeout: 120_000 }, () => {
  let server;

  // The widget links the rules on the server it talks to; the demo page
  // names that server "localhost" where the tests say 127.0.0.1.
  function assertRulesHref(href) {
    const url = new URL(href);
    assert.equal(url.port, new URL(server.api).port, 'the rules page is on the Townhall server');
    assert.equal(url.pathname + url.search, `/rules?site=${SITE}`);
  }
  let browser;
  let seeded;
  let rules;
  /** what the first test leaves for the rest of the loop */
  const reported = {};

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    seeded = await fetchThread(server.api);
    assert.ok(seeded.comments.length >= 2, 'the demo story should have seeded comments');
    const r = await getJson(`${server.api}/api/v1/sites/${SITE}/rules`);
    assert.equal(r.status, 200, `GET rules answered ${r.status}: ${JSON.stringify(r.body)}`);
    rules = r.body.rules;
    assert.ok(Array.isArray(rules) && rules.length >= 2, 'the demo site should have its default rules');
    for (const rule of rules) {
      assert.match(rule.id, /^[a-z0-9-]{1,40}$/);
      assert.equal(typeof rule.number, 'number');
      assert.equal(typeof rule.title, 'string');
      assert.equal(typeof rule.body_html, 'string');
    }
    assert.ok(rules.some((x) => x.id === 'illegal'), 'the rule "illegal" always exists');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a reader reads the rules, reports a comment citing one, and sees "Reported"', { timeout: 60_000 }, async () => {
    const page = await newPage(browser);
    const reader = uniqueReader('reporter');
    const target = seeded.comments[0];
    const rule = rules.find((x) => x.id !== 'illegal');
    const details = `Reported by ${reader.name}: it attacks another reader rather than the argument.`;

    await openNewspaper(page, server.demo);
    await signUpInWidget(page, reader);

    // "Read the rules" near the composer leads to the site's rules page.
    const rulesLink = byTestId(page, 'rules-link').first();
    assertRulesHref(await rulesLink.getAttribute('href'));
    const rulesPage = await fetch(await rulesLink.getAttribute('href'));
    assert.equal(rulesPage.status, 200, 'GET /rules?site= answers');
    assert.match(rulesPage.headers.get('content-type') ?? '', /text\/html/);

    // The dialog lists the site's rules as choices.
    const comment = commentById(page, target.id);
    await ownAction(comment, 'report-button').click();
    const dialog = byTestId(page, 'report-dialog');
    await dialog.waitFor();
    const choices = byTestId(dialog, 'report-rule');
    await choices.first().waitFor();
    assert.equal(await choices.count(), rules.length, 'one choice per rule');
    const choice = dialog.locator(`[data-testid="report-rule"][data-rule-id="${rule.id}"]`);
    const label = dialog.locator(`label[for="${await choice.getAttribute('id')}"]`);
    assert.equal((await label.textContent()).trim(), `${rule.number}. ${rule.title}`);
    assertRulesHref(await byTestId(dialog, 'rules-link').getAttribute('href'));

    // Choose the rule, explain, send: 201 with the report.
    await choice.check();
    await byTestId(dialog, 'report-details').fill(details);
    assert.match(await byTestId(dialog, 'report-counter').textContent(), new RegExp(`^${[...details].length} / 500`));
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/comments/${target.id}/reports`,
    );
    await byTestId(dialog, 'report-submit').click();
    const response = await answered;
    assert.equal(response.status(), 201, `POST reports answered ${response.status()}: ${await response.text()}`);
    assert.deepEqual(response.request().postDataJSON(), { rule_id: rule.id, details });
    const { report } = await response.json();
    assert.equal(report.comment_id, target.id);
    assert.equal(report.rule_id, rule.id);
    assert.equal(typeof report.id, 'string');
    await byTestId(dialog, 'report-result').waitFor();

    // Escape closes the dialog; the comment now says "Reported", to this reader.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await ownAction(comment, 'reported-badge').waitFor();
    assert.equal(await ownAction(comment, 'report-button').count(), 0);

    // The server holds the report: a second one is refused.
    const token = await widgetToken(page);
    assert.ok(token, 'the widget keeps a session token');
    const again = await getJson(`${server.api}/api/v1/comments/${target.id}/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ rule_id: rule.id }),
    });
    assert.equal(again.status, 409, `a second report answered ${again.status}`);
    assert.equal(again.body.error.code, 'already_reported');

    // One reader's report does not hide the comment, and reading goes on.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await byTestId(page, 'thread').waitFor();
    await ownAction(commentById(page, target.id), 'reported-badge').waitFor();
    // The reader has no notices yet, and the notices endpoint answers.
    const notices = await getJson(`${server.api}/api/v1/me/notifications`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(notices.status, 200);
    assert.ok(Array.isArray(notices.body.items));

    Object.assign(reported, { reader, token, commentId: target.id, ruleId: rule.id, authorId: target.author.id });
    assertNoPageErrors(page);
    await page.context().close();
  });

  test('anyone can send an illegal-content notice and follow it with the receipt', { timeout: 60_000 }, async () => {
    const page = await newPage(browser);
    const target = seeded.comments[1];
    await openNewspaper(page, server.demo);

    // Signed out: rule reports need an account, the notice does not.
    const comment = commentById(page, target.id);
    await ownAction(comment, 'report-button').click();
    const dialog = byTestId(page, 'report-dialog');
    await dialog.waitFor();
    await byTestId(dialog, 'report-illegal-link').click();
    const form = byTestId(dialog, 'illegal-form');
    await form.waitFor();
    const quoted = (await byTestId(form, 'illegal-comment').textContent()).trim();
    const shown = (await comment.locator(':scope > [data-testid="comment-body"]').textContent()).trim();
    assert.ok(quoted.length > 0, 'the notice shows the comment');
    assert.equal(quoted, shown, 'the notice shows the comment it is about');

    // The good-faith statement is required.
    await byTestId(form, 'illegal-law').fill('Defamation Act 2013, s.1');
    await byTestId(form, 'illegal-details').fill('It falsely accuses a named councillor of taking bribes.');
    await byTestId(form, 'illegal-name').fill('Ana Pereira');
    await byTestId(form, 'illegal-email').fill('ana@example.org');
    await byTestId(form, 'illegal-submit').click();
    assert.equal(await byTestId(form, 'illegal-good-faith').getAttribute('aria-invalid'), 'true');

    await byTestId(form, 'illegal-good-faith').check();
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/v1/comments/${target.id}/reports`,
    );
    await byTestId(form, 'illegal-submit').click();
    const response = await answered;
    assert.equal(response.status(), 201, `POST reports (illegal) answered ${response.status()}: ${await response.text()}`);
    assert.equal(response.request().headers().authorization, undefined, 'signed out: no token');
    assert.deepEqual(response.request().postDataJSON(), {
      kind: 'illegal',
      law: 'Defamation Act 2013, s.1',
      details: 'It falsely accuses a named councillor of taking bribes.',
      name: 'Ana Pereira',
      email: 'ana@example.org',
      good_faith: true,
    });

    const result = byTestId(dialog, 'report-result');
    await result.waitFor();
    const id = (await byTestId(result, 'illegal-reference').textContent()).trim();
    const receipt = (await byTestId(result, 'illegal-receipt').textContent()).trim();
    assert.ok(id && receipt, 'the confirmation shows the reference and the receipt');

    const followed = await getJson(`${server.api}/api/v1/legal-notices/${encodeURIComponent(id)}?receipt=${encodeURIComponent(receipt)}`);
    assert.equal(followed.status, 200, `GET legal-notices answered ${followed.status}`);
    assert.equal(followed.body.notice.id, id);
    assert.equal(followed.body.notice.comment_id, target.id);
    assert.equal(followed.body.notice.status, 'received');
    const wrong = await getJson(`${server.api}/api/v1/legal-notices/${encodeURIComponent(id)}?receipt=wrong`);
    assert.equal(wrong.status, 404);

    assertNoPageErrors(page);
    await page.context().close();
  });
});
