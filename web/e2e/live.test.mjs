// Live updates: reader B keeps the story open while reader A takes part in
// another browser context; B sees A's comments arrive without reloading.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertNoPageErrors,
  byTestId,
  commentById,
  commentWithText,
  eventually,
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

describe('a second reader sees comments arrive live', { timeout: 90_000 }, () => {
  let server;
  let browser;
  let a;
  let b;
  let seeded;
  let posted;
  const reader = uniqueReader('alice');

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    seeded = await fetchThread(server.api);

    // B, signed out, opens the story and keeps it open; wait until the event
    // stream is connected so that nothing A does can slip past it.
    b = await newPage(browser);
    const stream = b.waitForResponse((r) => r.url().includes(`/events`), { timeout: 15_000 });
    await openNewspaper(b, server.demo);
    const response = await stream;
    assert.equal(response.status(), 200, `the event stream answered ${response.status()}`);
    assert.match(response.headers()['content-type'] ?? '', /text\/event-stream/);

    a = await newPage(browser);
    await openNewspaper(a, server.demo);
    await signUpInWidget(a, reader);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('a new top-level comment: "Show 1 new comment", then it appears', { timeout: 30_000 }, async () => {
    const countBefore = await shownCount(b);
    const text = `Live from ${reader.name}: the hall should open on Sundays.`;
    await byTestId(mainComposer(a), 'composer-input').fill(text);
    await byTestId(mainComposer(a), 'composer-submit').click();
    await commentWithText(a, text).waitFor();
    // The author sees their own comment straight away, not behind a button.
    assert.equal(await byTestId(a, 'new-comments-button').count(), 0);

    // B is told, and chooses when to show it.
    const button = byTestId(b, 'new-comments-button');
    await button.waitFor();
    assert.equal((await button.textContent()).trim(), 'Show 1 new comment');
    assert.equal(await commentWithText(b, text).count(), 0, 'the new comment waits behind the button');
    await button.click();
    const arrived = commentWithText(b, text);
    await arrived.waitFor();
    assert.match(await arrived.locator(':scope > header').textContent(), new RegExp(reader.name));
    await button.waitFor({ state: 'detached' });
    await eventually(async () => (await shownCount(b)) === countBefore + 1, `B's count to become ${countBefore + 1}`);
    posted = await arrived.getAttribute('data-comment-id');
  });

  test('a reply appears in place under the comment it answers', { timeout: 30_000 }, async () => {
    const target = seeded.comments[0];
    const targetA = commentById(a, target.id);
    await byTestId(targetA, 'reply-button').first().click();
    const composer = targetA.locator(':scope > [data-testid="composer"]');
    const text = `Live reply from ${reader.name} to ${target.author.name}.`;
    await byTestId(composer, 'composer-input').fill(text);
    await byTestId(composer, 'composer-submit').click();
    await commentWithText(targetA, text).waitFor();

    // No button and no reload: the reply shows up nested under its parent.
    const replyB = commentWithText(commentById(b, target.id).locator(':scope > .th-replies'), text);
    await replyB.waitFor();
    assert.match(await replyB.locator(':scope > header').textContent(), new RegExp(reader.name));
    assert.equal(await byTestId(b, 'new-comments-button').count(), 0, 'replies do not go behind the button');
  });

  test('edits and reactions reach the other reader too', { timeout: 30_000 }, async () => {
    assert.ok(posted, 'needs the comment from the first test');
    // A edits the comment B is looking at.
    const mine = commentById(a, posted);
    await byTestId(mine, 'edit-button').first().click();
    const composer = mine.locator('[data-testid="composer"]');
    const edited = `Edited live by ${reader.name}.`;
    await byTestId(composer, 'composer-input').fill(edited);
    await byTestId(composer, 'composer-submit').click();
    await commentWithText(a, edited).waitFor();
    const inB = commentById(b, posted);
    await inB.locator(':scope > [data-testid="comment-body"]', { hasText: edited }).waitFor();
    await inB.locator(':scope > header').getByText('edited', { exact: true }).waitFor();

    // A likes a seeded comment; B's count follows.
    const liked = seeded.comments[1];
    const countIn = (page) =>
      byTestId(commentById(page, liked.id), 'reaction-count').first().textContent().then((t) => Number(t.trim()));
    const base = await countIn(b);
    await reacting(a, () => byTestId(commentById(a, liked.id), 'react-button').first().click());
    await eventually(async () => (await countIn(b)) === base + 1, `B's like count on ${liked.id} to become ${base + 1}`);

    assertNoPageErrors(a);
    assertNoPageErrors(b);
  });
});
