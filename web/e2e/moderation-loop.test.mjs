// The moderation loop (docs/api-moderation.md, docs/moderation.md). Reader
// side: a reader reads the rules, reports a comment citing one of them, and
// sees "Reported"; anyone can send an illegal-content notice and gets a
// receipt to follow it with. The full loop, through the real widget and
// dashboard: a reader reports a comment → a moderator sees it in the
// reported queue and rejects it citing a rule → its author sees the
// statement of reasons and appeals → a second moderator reverses → the
// comment is back, and the audit log shows the decisions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  SITE,
  STORY,
  apiSignIn,
  apiSignUp,
  assertNoPageErrors,
  byTestId,
  commentById,
  demoAdmin,
  eventually,
  fetchThread,
  launchBrowser,
  mainComposer,
  newPage,
  openNewspaper,
  signInOnDashboard,
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

/** Waits for the answer to the page's `method` request to `path` (a string or a RegExp). */
function answerTo(page, method, path) {
  return page.waitForResponse((r) => {
    if (r.request().method() !== method) return false;
    const p = new URL(r.url()).pathname;
    return typeof path === 'string' ? p === path : path.test(p);
  });
}

/** A new account made a moderator of the demo site by the admin. */
async function newModerator(api, adminToken, tag) {
  const account = uniqueReader(tag);
  const { user } = await apiSignUp(api, account);
  const r = await getJson(`${api}/api/v1/admin/users/${user.id}/role`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ role: 'moderator', sites: [SITE] }),
  });
  assert.equal(r.status, 200, `PUT role answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { ...account, id: user.id };
}

describe('the moderation loop', { timeout: 120_000 }, () => {
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
  test('report → reject citing a rule → statement of reasons and appeal → another moderator reverses', { timeout: 90_000 }, async () => {
    const admin = await demoAdmin(server);
    const { token: adminToken } = await apiSignIn(server.api, admin);
    const [mod1, mod2] = await Promise.all([
      newModerator(server.api, adminToken, 'moderator'),
      newModerator(server.api, adminToken, 'second'),
    ]);
    const rule = rules.find((x) => x.id !== 'illegal');
    const stamp = Date.now().toString(36);
    const text = `The market hall vote should wait for the audit (${stamp}).`;
    const details = `Loop ${stamp}: this breaks rule ${rule.number}.`;
    const explanation = `Loop ${stamp}: rejected under rule ${rule.number}.`;
    const appealText = `Loop ${stamp}: my comment argues about the vote, it attacks nobody.`;
    const reversal = `Loop ${stamp}: on a second look the comment is within the rules.`;

    // 1. Author A signs up in the widget and posts; it is published.
    const authorPage = await newPage(browser);
    const author = uniqueReader('author');
    await openNewspaper(authorPage, server.demo);
    await signUpInWidget(authorPage, author);
    const composer = mainComposer(authorPage);
    await byTestId(composer, 'composer-input').fill(text);
    const posting = answerTo(authorPage, 'POST', `/api/v1/sites/${SITE}/stories/${encodeURIComponent(STORY)}/comments`);
    await byTestId(composer, 'composer-submit').click();
    const postResponse = await posting;
    assert.equal(postResponse.status(), 201, `POST comment answered ${postResponse.status()}`);
    const posted = await postResponse.json();
    assert.equal(posted.status, 'published', `the comment should be published, not ${posted.status} (${posted.reason})`);
    const commentId = posted.id;
    await commentById(authorPage, commentId).waitFor();
    const authorToken = await widgetToken(authorPage);
    const authorAuth = { headers: { Authorization: `Bearer ${authorToken}` } };

    // Reader B reports it in the widget, citing the rule.
    const readerPage = await newPage(browser);
    await openNewspaper(readerPage, server.demo);
    await signUpInWidget(readerPage, uniqueReader('reader'));
    await ownAction(commentById(readerPage, commentId), 'report-button').click();
    const reportDialog = byTestId(readerPage, 'report-dialog');
    await reportDialog.waitFor();
    await reportDialog.locator(`[data-testid="report-rule"][data-rule-id="${rule.id}"]`).check();
    await byTestId(reportDialog, 'report-details').fill(details);
    const reporting = answerTo(readerPage, 'POST', `/api/v1/comments/${commentId}/reports`);
    await byTestId(reportDialog, 'report-submit').click();
    const reportResponse = await reporting;
    assert.equal(reportResponse.status(), 201, `POST reports answered ${reportResponse.status()}`);
    const { report } = await reportResponse.json();
    assert.deepEqual([report.comment_id, report.rule_id, report.details], [commentId, rule.id, details]);
    await byTestId(reportDialog, 'report-result').waitFor();
    await readerPage.keyboard.press('Escape');
    await ownAction(commentById(readerPage, commentId), 'reported-badge').waitFor();

    // 2. Moderator 1 finds the report in the reported queue and rejects with `r`, citing the rule.
    const mod1Page = await newPage(browser);
    await signInOnDashboard(mod1Page, server.api, mod1);
    await byTestId(mod1Page, 'tab-reported').click();
    const card = mod1Page.locator(`[data-testid="queue-card"][data-comment-id="${commentId}"]`);
    await card.waitFor();
    const cardText = await card.textContent();
    assert.ok(cardText.includes(text), 'the card shows the comment');
    assert.ok(cardText.includes(author.name), 'the card shows the author');
    assert.ok(cardText.includes(rule.title), "the card shows the report's rule");
    assert.ok(cardText.includes(details), "the card shows the report's details");
    await card.locator('[data-testid="comment-body"]').click();
    assert.equal(await card.getAttribute('aria-current'), 'true');
    await mod1Page.keyboard.press('r');
    const rejectDialog = byTestId(mod1Page, 'reject-dialog');
    await rejectDialog.waitFor();
    await rejectDialog.locator(`[data-testid="rule-option"][value="${rule.id}"]`).check();
    await byTestId(rejectDialog, 'explanation').fill(explanation);
    const rejecting = answerTo(mod1Page, 'POST', `/api/v1/moderation/comments/${commentId}/decision`);
    await byTestId(rejectDialog, 'reject-submit').click();
    const rejectResponse = await rejecting;
    assert.equal(rejectResponse.status(), 200, `POST decision answered ${rejectResponse.status()}`);
    assert.deepEqual(rejectResponse.request().postDataJSON(), { action: 'reject', rule_id: rule.id, explanation });
    const rejected = await rejectResponse.json();
    assert.equal(rejected.changed, true);
    assert.equal(rejected.comment.status, 'rejected');
    await card.waitFor({ state: 'detached' });
    await eventually(async () => /Rejected/.test(await byTestId(mod1Page, 'status').textContent()), 'the rejection to be announced');

    // Gone for readers; the author still sees it, marked "not published" because of a rule.
    assert.ok(!(await fetchThread(server.api)).comments.some((c) => c.id === commentId), 'the rejected comment left the public thread');

    // 3. Author A opens Notices: the statement of reasons, with the appeal and its deadline.
    await authorPage.reload({ waitUntil: 'domcontentloaded' });
    await byTestId(authorPage, 'thread').waitFor();
    const own = commentById(authorPage, commentId);
    await own.waitFor();
    assert.match(await own.textContent(), /breaks the community rules/);
    const noticesButton = byTestId(authorPage, 'notices-button');
    await eventually(async () => /1 new/.test(await noticesButton.textContent()), 'the unread notice on the Notices button');
    const notifications = await getJson(`${server.api}/api/v1/me/notifications`, authorAuth);
    const statement = notifications.body.items.find((n) => n.kind === 'comment_rejected' && n.comment?.id === commentId);
    assert.ok(statement, `no comment_rejected notification: ${JSON.stringify(notifications.body)}`);
    assert.equal(statement.action, 'reject');
    assert.equal(statement.rule.id, rule.id);
    assert.equal(statement.explanation, explanation);
    assert.equal(statement.automated, false);
    assert.equal(statement.appeal.possible, true);
    const days = (Date.parse(statement.appeal.deadline) - Date.parse(statement.created_at)) / 86_400_000;
    assert.ok(days > 180 && days < 185, `the appeal deadline is six months away (${days} days)`);

    await noticesButton.click();
    const panel = byTestId(authorPage, 'notices-panel');
    await panel.waitFor();
    const notice = panel.locator(`[data-testid="notice"][data-notice-id="${statement.id}"]`);
    await notice.waitFor();
    assert.match(await notice.locator('h3').textContent(), /Your comment was removed/);
    assert.equal((await notice.locator('dd[data-fact="notice.rule"]').textContent()).trim(), `${rule.number}. ${rule.title}`);
    assert.equal((await notice.locator('dd[data-fact="notice.why"]').textContent()).trim(), explanation);
    assert.match(await notice.locator('dd[data-fact="notice.comment"]').textContent(), new RegExp(stamp));
    assert.match(await notice.locator('dd[data-fact="notice.automated"]').textContent(), /without automation/);
    const appealForm = byTestId(notice, 'appeal-form');
    assert.match(await appealForm.textContent(), /You can appeal until/);
    await byTestId(appealForm, 'appeal-input').fill(appealText);
    const appealing = answerTo(authorPage, 'POST', '/api/v1/appeals');
    await byTestId(appealForm, 'appeal-submit').click();
    const appealResponse = await appealing;
    assert.equal(appealResponse.status(), 201, `POST appeals answered ${appealResponse.status()}`);
    assert.deepEqual(appealResponse.request().postDataJSON(), { notice_id: statement.id, text: appealText });
    const appealed = await appealResponse.json();
    const appealId = appealed.appeal?.id ?? appealed.id;
    assert.equal(appealed.appeal.status, 'open');
    await eventually(async () => /appeal was sent/.test(await byTestId(notice, 'appeal-status').textContent()), 'the appeal to be confirmed');
    assert.equal(await byTestId(notice, 'appeal-form').count(), 0, 'one appeal per decision');
    await authorPage.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });

    // Moderator 1 may not resolve an appeal against their own decision.
    const { token: mod1Token } = await apiSignIn(server.api, mod1);
    const own403 = await getJson(`${server.api}/api/v1/moderation/appeals/${appealId}/resolution`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${mod1Token}` },
      body: JSON.stringify({ outcome: 'reverse', explanation: 'my own' }),
    });
    assert.equal(own403.status, 403, `moderator 1 resolving answered ${own403.status}: ${JSON.stringify(own403.body)}`);
    assert.equal(own403.body.error.code, 'own_decision');

    // 4. Moderator 2 opens the appeals queue and reverses, with an explanation.
    const mod2Page = await newPage(browser);
    await signInOnDashboard(mod2Page, server.api, mod2);
    await byTestId(mod2Page, 'tab-appeals').click();
    const appealCard = mod2Page.locator(`[data-testid="appeal-card"][data-appeal-id="${appealId}"]`);
    await appealCard.waitFor();
    const appealCardText = await appealCard.textContent();
    for (const [what, expected] of [['appeal text', appealText], ['rule', rule.title], ['explanation', explanation], ['deciding moderator', mod1.name], ['appellant', author.name]]) {
      assert.ok(appealCardText.includes(expected), `the appeal card shows the ${what}`);
    }
    await byTestId(appealCard, 'reverse').click();
    const appealDialog = byTestId(mod2Page, 'appeal-dialog');
    await appealDialog.waitFor();
    await byTestId(appealDialog, 'explanation').fill(reversal);
    const resolving = answerTo(mod2Page, 'POST', `/api/v1/moderation/appeals/${appealId}/resolution`);
    await byTestId(appealDialog, 'explain-submit').click();
    const resolveResponse = await resolving;
    assert.equal(resolveResponse.status(), 200, `POST resolution answered ${resolveResponse.status()}`);
    assert.deepEqual(resolveResponse.request().postDataJSON(), { outcome: 'reverse', explanation: reversal });
    await appealCard.waitFor({ state: 'detached' });
    await eventually(async () => /Reversed/.test(await byTestId(mod2Page, 'status').textContent()), 'the reversal to be announced');

    // 5. The comment is back for everyone: in the API's thread and in reader B's widget.
    const back = (await fetchThread(server.api)).comments.find((c) => c.id === commentId);
    assert.ok(back, 'the comment is back in the public thread');
    assert.equal(back.status, 'approved');
    await readerPage.reload({ waitUntil: 'domcontentloaded' });
    await byTestId(readerPage, 'thread').waitFor();
    assert.match(await commentById(readerPage, commentId).locator(':scope > [data-testid="comment-body"]').textContent(), new RegExp(stamp));

    // The author is told: the decision's appeal is "reversed", and the outcome is a notice of its own.
    const later = await getJson(`${server.api}/api/v1/me/notifications`, authorAuth);
    const kinds = later.body.items.map((n) => n.kind);
    assert.ok(kinds.includes('appeal_decided'), `the author is told of the outcome: ${kinds}`);
    const decided = later.body.items.find((n) => n.id === statement.id);
    assert.deepEqual({ id: decided.appeal.id, status: decided.appeal.status }, { id: appealId, status: 'reversed' });
    await authorPage.reload({ waitUntil: 'domcontentloaded' });
    await byTestId(authorPage, 'thread').waitFor();
    await commentById(authorPage, commentId).waitFor();
    assert.doesNotMatch(await commentById(authorPage, commentId).textContent(), /breaks the community rules/);
    await byTestId(authorPage, 'notices-button').click();
    const reopened = byTestId(authorPage, 'notices-panel');
    await reopened.waitFor();
    const first = reopened.locator(`[data-testid="notice"][data-notice-id="${statement.id}"]`);
    await eventually(async () => /decision was reversed/.test(await byTestId(first, 'appeal-status').textContent()), 'the reversal on the statement of reasons');

    // The audit log: the reject by moderator 1 and the reversal by moderator 2,
    // nothing else (one report under the threshold hid nothing).
    const audit = await getJson(`${server.api}/api/v1/moderation/audit?site=${SITE}&comment=${commentId}`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    assert.equal(audit.status, 200, `GET audit answered ${audit.status}: ${JSON.stringify(audit.body)}`);
    const entries = [...audit.body.items].reverse(); // oldest first
    assert.deepEqual(entries.map((e) => e.action), ['reject', 'appeal_reversed'], JSON.stringify(audit.body.items));
    const [rejectEntry, reverseEntry] = entries;
    assert.equal(rejectEntry.actor?.id, mod1.id);
    assert.equal(rejectEntry.automated, false);
    assert.equal(rejectEntry.rule_id, rule.id);
    assert.equal(rejectEntry.explanation, explanation);
    assert.deepEqual([rejectEntry.status_before, rejectEntry.status_after], ['published', 'rejected']);
    assert.equal(reverseEntry.actor?.id, mod2.id);
    assert.equal(reverseEntry.appeal_id, appealId);
    assert.equal(reverseEntry.explanation, reversal);
    assert.deepEqual([reverseEntry.status_before, reverseEntry.status_after], ['rejected', 'approved']);

    // The rejection upheld the report: nothing open is left on the comment.
    const reportedQueue = await getJson(`${server.api}/api/v1/moderation/queues/reported?site=${SITE}&limit=100`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    assert.ok(!reportedQueue.body.items.some((i) => i.comment.id === commentId), 'no open report left on the comment');

    // The same two steps in the dashboard's audit view, filtered to the comment.
    await byTestId(mod2Page, 'tab-audit').click();
    const auditView = byTestId(mod2Page, 'audit');
    await auditView.waitFor();
    await auditView.getByLabel('Comment id').fill(commentId);
    await auditView.getByRole('button', { name: 'Filter' }).click();
    const rows = byTestId(auditView, 'audit-row');
    await eventually(async () => (await rows.count()) === 2, 'the two audit rows of the comment');
    const [newest, oldest] = [await rows.nth(0).textContent(), await rows.nth(1).textContent()];
    assert.ok(newest.includes('Appeal reversed') && newest.includes(mod2.name) && newest.includes(reversal), `newest row: ${newest}`);
    assert.ok(oldest.includes('Reject') && oldest.includes(mod1.name) && oldest.includes(rule.id) && oldest.includes(explanation), `oldest row: ${oldest}`);

    for (const page of [authorPage, readerPage, mod1Page, mod2Page]) {
      assertNoPageErrors(page);
      await page.context().close();
    }
  });
});
