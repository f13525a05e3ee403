// Screenshots of the demo newspaper with the discussion, for the README and
// docs: docs/images/widget-light.png (1280 px wide), widget-mobile.png
// (360 px wide) and widget-dark.png (the widget's data-theme="dark").
// Set E2E_SCREENSHOT_DIR to write them elsewhere.
//
// The reader and the page are fixed so that the pictures change only when
// the widget does.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  WIDGET,
  assertNoPageErrors,
  byTestId,
  darkPage,
  ensureImagesDir,
  launchBrowser,
  mainComposer,
  newPage,
  openNewspaper,
  signUpInWidget,
  startServer,
} from './helpers.mjs';

const outDir = process.env.E2E_SCREENSHOT_DIR || ensureImagesDir();
const reader = { email: 'sam.reader@example.com', name: 'Sam Reader', password: 'a long demo password' };

/** Scrolls so that the discussion starts near the top, after the end of the article. */
async function showDiscussion(page, above) {
  await page.evaluate(
    ({ selector, above }) => {
      const host = document.querySelector(selector);
      const anchor = host.closest('section') ?? host;
      window.scrollTo(0, Math.max(0, anchor.getBoundingClientRect().top + window.scrollY - above));
    },
    { selector: WIDGET, above },
  );
}

/** Waits until the page has settled: fonts loaded, no transition running. */
async function settle(page) {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
}

async function shoot(page, name) {
  const path = join(outDir, name);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  const size = statSync(path).size;
  assert.ok(size > 10_000, `${path} looks empty (${size} bytes)`);
  console.log(`saved ${path} (${Math.round(size / 1024)} KB)`);
}

describe('screenshots for the docs', { timeout: 90_000 }, () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    // Sign the demo reader up once; each screenshot then signs in by reusing the token.
    const page = await newPage(browser);
    await openNewspaper(page, server.demo);
    await signUpInWidget(page, reader);
    await page.context().close();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedInPage(options) {
    const page = await newPage(browser, options);
    await openNewspaper(page, server.demo);
    await signUpOrIn(page);
    // Reload so the picture has no transient status message.
    await page.reload({ waitUntil: 'domcontentloaded' });
    await byTestId(page, 'thread').waitFor();
    await mainComposer(page).waitFor();
    return page;
  }

  async function signUpOrIn(page) {
    await byTestId(page, 'sign-in-button').click();
    const dialog = byTestId(page, 'auth-dialog');
    await byTestId(dialog, 'auth-email').fill(reader.email);
    await byTestId(dialog, 'auth-password').fill(reader.password);
    await byTestId(dialog, 'auth-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await byTestId(page, 'sign-out-button').waitFor();
  }

  test('desktop, light', { timeout: 30_000 }, async () => {
    const page = await signedInPage({ viewport: { width: 1280, height: 1000 }, colorScheme: 'light' });
    await showDiscussion(page, 32);
    await settle(page);
    await shoot(page, 'widget-light.png');
    assertNoPageErrors(page);
    await page.context().close();
  });

  test('mobile, 360 px', { timeout: 30_000 }, async () => {
    const page = await newPage(browser, {
      viewport: { width: 360, height: 800 },
      isMobile: true,
      hasTouch: true,
      colorScheme: 'light',
    });
    await openNewspaper(page, server.demo);
    // Nothing may stick out sideways on a narrow phone.
    const overflow = await page.evaluate((selector) => {
      const host = document.querySelector(selector);
      const wide = [...host.shadowRoot.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1);
      return { scroll: document.documentElement.scrollWidth, wide: wide.slice(0, 5).map((el) => el.outerHTML.slice(0, 120)) };
    }, WIDGET);
    assert.ok(overflow.scroll <= 360, `the page scrolls sideways at 360 px (${overflow.scroll} px wide)`);
    assert.deepEqual(overflow.wide, [], 'widget elements wider than the screen');
    await showDiscussion(page, 16);
    await settle(page);
    await shoot(page, 'widget-mobile.png');
    assertNoPageErrors(page);
    await page.context().close();
  });

  test('desktop, dark theme', { timeout: 30_000 }, async () => {
    const page = await signedInPage({ viewport: { width: 1280, height: 1000 }, colorScheme: 'dark' });
    await darkPage(page);
    const colors = await page.evaluate((selector) => {
      const root = document.querySelector(selector).shadowRoot.querySelector('.th-root');
      return getComputedStyle(root).color;
    }, WIDGET);
    assert.notEqual(colors, 'rgb(28, 30, 33)', 'data-theme="dark" should switch the widget to light text');
    await showDiscussion(page, 32);
    await settle(page);
    await shoot(page, 'widget-dark.png');
    assertNoPageErrors(page);
    await page.context().close();
  });
});
