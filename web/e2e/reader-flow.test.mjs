// A new reader, with the mouse: reads the seeded discussion, signs up,
// comments, replies, edits, reacts, deletes, and finds it all still there
// after reloading the page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertNoPageErrors,
  byTestId,
  commentById,
  commentWithText,
  fetchThread,
  launchBrowser,
  mainComposer,
  newPage,
  openNewspaper,
  reacting,
  shownCount,
  signUpInWidget,
  startServer,
  uniqueReader,
} from './helpers.mjs';

describe('a reader takes part in the discussion', { timeout: 90_000 }, () => {
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

  test('sign up, comment, reply, edit, react, delete, reload', { timeout: 75_000 }, async () => {
    const page = await newPage(browser);
    const reader = uniqueReader('reader');

    // The seeded discussion is there, with its count.
    const seeded = await fetchThread(server.api);
    assert.ok(seeded.comments.length >= 2, 'the demo story should have seeded comments');
    await openNewspaper(page, server.demo);
    assert.equal(await shownCount(page), seeded.story.comment_count, 'the heading shows the story comment count');
    for (const c of seeded.comments.slice(0, 3)) {
      await commentById(page, c.id).first().waitFor();
      assert.match(await commentById(page, c.id).locator(':scope > header').textContent(), new RegExp(c.author.name));
    }
    const countBefore = seeded.story.comment_count;

    // Signed out, there is no composer; signing up brings one.
    assert.equal(await mainComposer(page).count(), 0, 'no composer while signed out');
    await signUpInWidget(page, reader);
    await mainComposer(page).waitFor();
    assert.match(await page.locator('.th-account').textContent(), new RegExp(reader.name));

    // A new top-level comment appears with the reader's name, and the count goes up.
    const first = `Hello from ${reader.name}: the annex deserves a second life.`;
    await byTestId(mainComposer(page), 'composer-input').fill(first);
    await byTestId(mainComposer(page), 'composer-submit').click();
    await commentWithText(page, first).waitFor();
    // From here on by id: while it is being edited its body is not shown.
    const mine = commentById(page, await commentWithText(page, first).getAttribute('data-comment-id'));
    assert.match(await mine.locator(':scope > header').textContent(), new RegExp(reader.name));
    assert.equal(await byTestId(mainComposer(page), 'composer-input').inputValue(), '', 'the composer empties after posting');
    await assertCount(page, countBefore + 1);

    // A reply to a seeded comment appears nested under it.
    const target = seeded.comments[0];
    const targetEl = commentById(page, target.id);
    await byTestId(targetEl, 'reply-button').first().click();
    const replyComposer = targetEl.locator(':scope > [data-testid="composer"]');
    await replyComposer.waitFor();
    const replyText = `A reply to ${target.author.name} from ${reader.name}.`;
    await byTestId(replyComposer, 'composer-input').fill(replyText);
    await byTestId(replyComposer, 'composer-submit').click();
    const reply = commentWithText(targetEl.locator(':scope > .th-replies'), replyText);
    await reply.waitFor();
    await replyComposer.waitFor({ state: 'detached' });
    await assertCount(page, countBefore + 2);

    // Editing: the text changes and the comment says "edited".
    const edited = `${first} (Edited: and the parking plan too.)`;
    await byTestId(mine, 'edit-button').first().click();
    const editComposer = mine.locator('[data-testid="composer"]');
    await editComposer.waitFor();
    assert.equal(await byTestId(editComposer, 'composer-input').inputValue(), first, 'the edit box starts with the text');
    await byTestId(editComposer, 'composer-input').fill(edited);
    await byTestId(editComposer, 'composer-submit').click();
    await editComposer.waitFor({ state: 'detached' });
    const mineEdited = commentWithText(page, edited);
    await mineEdited.waitFor();
    assert.equal(await mineEdited.getAttribute('data-comment-id'), await mine.getAttribute('data-comment-id'));
    await mineEdited.locator(':scope > header').getByText('edited', { exact: true }).waitFor();

    // Reacting to someone else's comment: +1, then again: back.
    const liked = seeded.comments[1];
    const likeButton = byTestId(commentById(page, liked.id), 'react-button').first();
    const likes = () => likeButton.locator('[data-testid="reaction-count"]').textContent().then(Number);
    const base = await likes();
    assert.equal(base, liked.reactions);
    assert.equal(await likeButton.getAttribute('aria-pressed'), 'false');
    await reacting(page, () => likeButton.click());
    await waitForText(likeButton.locator('[data-testid="reaction-count"]'), String(base + 1));
    assert.equal(await likeButton.getAttribute('aria-pressed'), 'true');
    await waitForServer(server.api, liked.id, base + 1);
    await reacting(page, () => likeButton.click());
    await waitForText(likeButton.locator('[data-testid="reaction-count"]'), String(base));
    assert.equal(await likeButton.getAttribute('aria-pressed'), 'false');
    await waitForServer(server.api, liked.id, base);

    // Own comments cannot be liked: they show the count without a button.
    assert.equal(await byTestId(mineEdited, 'react-button').count(), 0);

    // Deleting a comment without replies: it disappears.
    await byTestId(reply, 'delete-button').click();
    const confirm = byTestId(page, 'confirm-dialog');
    await confirm.waitFor();
    await byTestId(confirm, 'confirm-submit').click();
    await confirm.waitFor({ state: 'detached' });
    await reply.waitFor({ state: 'detached' });
    await assertCount(page, countBefore + 1);

    // Deleting a comment that has a reply: a placeholder stays, the reply too.
    const second = `Second thought from ${reader.name}.`;
    await byTestId(mainComposer(page), 'composer-input').fill(second);
    await byTestId(mainComposer(page), 'composer-submit').click();
    const secondEl = commentWithText(page, second);
    await secondEl.waitFor();
    const secondId = await secondEl.getAttribute('data-comment-id');
    await byTestId(secondEl, 'reply-button').first().click();
    const selfReplyComposer = secondEl.locator(':scope > [data-testid="composer"]');
    const selfReply = `Replying to myself, ${reader.name}.`;
    await byTestId(selfReplyComposer, 'composer-input').fill(selfReply);
    await byTestId(selfReplyComposer, 'composer-submit').click();
    await commentWithText(secondEl.locator(':scope > .th-replies'), selfReply).waitFor();
    await byTestId(secondEl, 'delete-button').first().click();
    await byTestId(page, 'confirm-submit').click();
    const placeholder = commentById(page, secondId);
    await placeholder.getByText('This comment was deleted.').waitFor();
    assert.equal(await placeholder.locator(':scope > [data-testid="comment-body"]').count(), 0, 'the deleted text is gone');
    await commentWithText(placeholder.locator(':scope > .th-replies'), selfReply).waitFor();

    // After a reload: still signed in, and everything is as the reader left it.
    const expected = (await fetchThread(server.api)).story.comment_count;
    await page.reload({ waitUntil: 'domcontentloaded' });
    await byTestId(page, 'thread').waitFor();
    await byTestId(page, 'sign-out-button').waitFor();
    assert.match(await page.locator('.th-account').textContent(), new RegExp(reader.name));
    await mainComposer(page).waitFor();
    // (The thread answer is cacheable for a few seconds: a reload right after
    // taking part must still show the reader's own changes.)
    await assertCount(page, expected, 'right after reloading the page');
    const mineAgain = commentWithText(page, edited);
    await mineAgain.waitFor();
    await mineAgain.locator(':scope > header').getByText('edited', { exact: true }).waitFor();
    assert.equal(await commentWithText(page, replyText).count(), 0, 'the deleted reply stays deleted');
    await commentById(page, secondId).getByText('This comment was deleted.').waitFor();
    await commentWithText(page, selfReply).waitFor();
    const likeAgain = byTestId(commentById(page, liked.id), 'react-button').first();
    assert.equal(await likeAgain.getAttribute('aria-pressed'), 'false');
    assert.equal(await likeAgain.locator('[data-testid="reaction-count"]').textContent(), String(base));

    assertNoPageErrors(page);
    await page.context().close();
  });
});

async function assertCount(page, n, when = '') {
  const heading = byTestId(page, 'comment-count');
  await waitForText(heading, new RegExp(`^\\s*${n} comments?\\s*$`), 10_000, when);
}

async function waitForText(locator, expected, timeout = 10_000, when = '') {
  const deadline = Date.now() + timeout;
  let text;
  for (;;) {
    text = (await locator.textContent())?.trim();
    if (expected instanceof RegExp ? expected.test(text) : text === expected) return;
    if (Date.now() > deadline) assert.fail(`expected ${expected} in ${locator}${when ? ` ${when}` : ''}, saw ${JSON.stringify(text)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitForServer(api, id, reactions) {
  const deadline = Date.now() + 5_000;
  let seen;
  for (;;) {
    const r = await fetch(`${api}/api/v1/comments/${id}`);
    seen = r.ok ? (await r.json()).reactions : `HTTP ${r.status}`;
    if (seen === reactions) return;
    if (Date.now() > deadline) assert.fail(`the server counts ${seen} reactions on ${id}, expected ${reactions}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
