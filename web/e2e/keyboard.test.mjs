// The main flow once more with the keyboard alone (Tab, Shift+Tab, Enter,
// Space, Escape and typing; no mouse): sign up, post, reply, react. Every
// widget control reached this way must show where the focus is.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertNoPageErrors,
  byTestId,
  commentById,
  commentWithText,
  eventually,
  fetchThread,
  focused,
  launchBrowser,
  newPage,
  openNewspaper,
  reacting,
  startServer,
  tabTo,
  uniqueReader,
} from './helpers.mjs';

describe('the widget works from the keyboard alone', { timeout: 90_000 }, () => {
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

  test('sign up, post, reply and react without a mouse', { timeout: 75_000 }, async () => {
    const seeded = await fetchThread(server.api);
    const target = seeded.comments[0];
    const liked = seeded.comments[1];
    const reader = uniqueReader('keys');
    const page = await newPage(browser);
    const visited = [];
    const kb = page.keyboard;
    const is = (testid, commentId) => (f) => f.testid === testid && (commentId === undefined || f.commentId === commentId);
    await openNewspaper(page, server.demo);

    // Tab from the top of the page into the widget, to "Create account".
    let f = await tabTo(page, is('sign-up-button'), 'the sign-up button', { visited });
    assert.ok(f.inWidget);

    // Enter opens the dialog with the focus in it; Escape closes it and the
    // focus goes back to the button that opened it.
    await kb.press('Enter');
    const dialog = byTestId(page, 'auth-dialog');
    await dialog.waitFor();
    await eventually(async () => (await focused(page))?.testid === 'auth-email', 'the focus in the email field');
    await kb.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    f = await focused(page);
    assert.equal(f?.testid, 'sign-up-button', `Escape should return the focus to the opener, not ${JSON.stringify(f)}`);
    assert.ok(f.focusVisible && f.indicator, `the opener's focus should be visible: ${JSON.stringify(f)}`);

    // Sign up: type, Tab between the fields, Enter submits.
    await kb.press('Enter');
    await dialog.waitFor();
    await eventually(async () => (await focused(page))?.testid === 'auth-email', 'the focus in the email field');
    visited.push(await focused(page));
    await kb.type(reader.email);
    f = await tabTo(page, is('auth-name'), 'the name field', { max: 3, visited });
    await kb.type(reader.name);
    f = await tabTo(page, is('auth-password'), 'the password field', { max: 3, visited });
    await kb.type(reader.password);
    await kb.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await byTestId(page, 'sign-out-button').waitFor();
    // The button that opened the dialog is gone; the focus lands in the composer.
    await eventually(async () => (await focused(page))?.testid === 'composer-input', 'the focus in the composer');
    visited.push(await focused(page));

    // Post a comment: type, Tab to "Post comment", Enter.
    const text = `Typed without a mouse by ${reader.name}.`;
    await kb.type(text);
    f = await tabTo(page, is('composer-submit'), 'the post button', { max: 12, visited });
    assert.match(f.text, /Post comment/);
    await kb.press('Enter');
    const mine = commentWithText(page, text);
    await mine.waitFor();
    assert.match(await mine.locator(':scope > header').textContent(), new RegExp(reader.name));

    // Reply to a seeded comment: its Reply button, Enter, type, submit.
    f = await tabTo(page, is('reply-button', target.id), `the reply button of ${target.id}`, { visited });
    await kb.press('Enter');
    const targetEl = commentById(page, target.id);
    const composer = targetEl.locator(':scope > [data-testid="composer"]');
    await composer.waitFor();
    await eventually(async () => {
      const now = await focused(page);
      return now?.testid === 'composer-input' && now.commentId === target.id;
    }, 'the focus in the reply box');
    visited.push(await focused(page));
    // Escape cancels the reply and gives the focus back to Reply; Enter reopens it.
    await kb.press('Escape');
    await composer.waitFor({ state: 'detached' });
    await eventually(async () => (await focused(page))?.testid === 'reply-button', 'the focus back on Reply');
    await kb.press('Enter');
    await composer.waitFor();
    await eventually(async () => (await focused(page))?.testid === 'composer-input', 'the focus in the reply box');
    const replyText = `A keyboard reply from ${reader.name}.`;
    await kb.type(replyText);
    f = await tabTo(page, is('composer-submit', target.id), 'the reply button', { max: 12, visited });
    assert.match(f.text, /Post reply/);
    await kb.press('Enter');
    await commentWithText(targetEl.locator(':scope > .th-replies'), replyText).waitFor();
    await composer.waitFor({ state: 'detached' });
    await eventually(async () => {
      const now = await focused(page);
      return now?.testid === 'reply-button' && now.commentId === target.id;
    }, 'the focus back on the Reply button after posting');

    // Like a seeded comment with Space, unlike with Enter.
    f = await tabTo(page, is('react-button', liked.id), `the like button of ${liked.id}`, { visited });
    const button = byTestId(commentById(page, liked.id), 'react-button').first();
    const count = () => button.locator('[data-testid="reaction-count"]').textContent().then((t) => Number(t.trim()));
    const base = await count();
    await reacting(page, () => kb.press('Space'));
    await eventually(async () => (await count()) === base + 1, 'the like count to go up');
    assert.equal(await button.getAttribute('aria-pressed'), 'true');
    await reacting(page, () => kb.press('Enter'));
    await eventually(async () => (await count()) === base, 'the like count to go back');
    assert.equal(await button.getAttribute('aria-pressed'), 'false');

    // Shift+Tab goes backwards through the widget as well.
    const back = await tabTo(page, (x) => x.inWidget && x.commentId !== liked.id, 'an earlier widget control', {
      back: true,
      max: 10,
      visited,
    });
    assert.ok(back.inWidget);

    // Every widget element the keyboard reached showed a focus indicator.
    const reached = visited.filter((x) => x && x.inWidget);
    assert.ok(reached.length >= 8, `expected to tab through the widget, reached ${reached.length} elements`);
    console.log(`focus visible on ${reached.length} widget elements: ${[...new Set(reached.map((x) => x.testid ?? x.tag))].join(', ')}`);
    const invisible = reached.filter((x) => !x.focusVisible || !x.indicator);
    assert.deepEqual(
      invisible,
      [],
      `elements focused from the keyboard without a visible focus indicator:\n${invisible.map((x) => JSON.stringify(x)).join('\n')}`,
    );

    assertNoPageErrors(page);
    await page.context().close();
  });
});
