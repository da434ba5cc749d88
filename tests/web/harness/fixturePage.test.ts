// The browser harness proven on fixture pages that Parley serves from a temporary build
// folder: Chromium under the web client's CSP, axe, a keyboard-only flow with forbidMouse,
// and the failures each check must report.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { writeFixtureDist, type FixtureDist } from '../../support/fixtureDist.ts';
import type { TestServer } from '../../support/testServer.ts';
import { WEB_CLIENT_CSP } from '../../../apps/server/src/webClient/webClientHeaders.ts';
import { checkAccessibility } from '../support/checkAccessibility.ts';
import { fixtureApps } from '../support/fixtureApps.ts';
import { forbidMouse } from '../support/forbidMouse.ts';
import { chromiumSkipReason, launchBrowser } from '../support/launchBrowser.ts';
import { startWebServer } from '../support/startWebServer.ts';
import { watchPage } from '../support/watchPage.ts';

/** A Parley serving one fixture build. */
async function serve(files: Readonly<Record<string, string | Buffer>>): Promise<{ server: TestServer; dist: FixtureDist; close(): Promise<void> }> {
  const dist = writeFixtureDist(files);
  const server = await startWebServer(dist.dir);
  return {
    server,
    dist,
    close: async () => {
      await server.close();
      dist.remove();
    },
  };
}

/** Polls (bounded by attempts, not by a timed assertion) until `done` holds. */
async function until(done: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('browser harness on pages Parley serves', { skip: chromiumSkipReason() }, () => {
  let browser: Browser;
  let form: Awaited<ReturnType<typeof serve>>;
  // A context per test (axe needs a page from browser.newContext(), not browser.newPage()).
  const newPage = async (): Promise<Page> => (await browser.newContext()).newPage();

  before(async () => {
    [browser, form] = await Promise.all([launchBrowser(), serve(fixtureApps.form)]);
  });
  after(async () => {
    await browser?.close();
    await form?.close();
  });

  test('Chromium loads the page under the CSP with no violation or error; its script, style, WASM and API call work', async () => {
    const page = await newPage();
    const problems = await watchPage(page);
    const res = await page.goto(`${form.server.url}/`);
    assert.equal(res?.status(), 200);
    assert.match(res?.headers()['content-security-policy'] ?? '', /^default-src 'none'; script-src 'self'/);
    await page.getByText('Server: localhost').waitFor();
    await until(() => page.evaluate(() => document.body.dataset.wasm !== undefined), 'the WebAssembly result');
    assert.equal(await page.evaluate(() => document.body.dataset.wasm), 'compiled');
    // The stylesheet from /assets/ applied.
    assert.equal(await page.getByRole('button', { name: 'Say hello' }).evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(26, 79, 214)');
    // A client-side route gets the same page.
    await page.goto(`${form.server.url}/room/!abc:localhost`);
    await page.getByRole('heading', { name: 'Say hello' }).waitFor();
    assert.deepEqual(problems.all(), []);
  });

  test('axe finds no WCAG 2.2 A/AA violation in each theme, at 320 px and at desktop width', async () => {
    const page = await newPage();
    await page.goto(`${form.server.url}/`);
    await page.getByText('Server: localhost').waitFor();
    // Each theme once, the widths alternating: every theme and both widths are covered in four runs of axe.
    await checkAccessibility(page, 'hello form', { theme: 'light', width: 1280 });
    await checkAccessibility(page, 'hello form', { theme: 'dark', width: 320 });
    await checkAccessibility(page, 'hello form', { theme: 'high-contrast', width: 320 });
    await checkAccessibility(page, 'hello form', { theme: 'forced-colors', width: 1280 });
  });

  test('keyboard only: Tab to the field, type, Tab, Enter greets in the live region, with forbidMouse on', async () => {
    const page = await newPage();
    const guard = await forbidMouse(page);
    await page.goto(`${form.server.url}/`);
    const field = page.getByLabel('Your name');
    await field.waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await field.evaluate((el) => el === document.activeElement), true, 'Tab reaches the field first');
    await page.keyboard.type('Ada');
    await page.keyboard.press('Tab');
    const button = page.getByRole('button', { name: 'Say hello' });
    assert.equal(await button.evaluate((el) => el === document.activeElement), true, 'then the button');
    assert.notEqual(await button.evaluate((el) => getComputedStyle(el).outlineStyle), 'none', 'with a visible focus indicator');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Hello, Ada!' }).waitFor();
    // The pointer was never used, and could not have been.
    guard.assertNoPointerEvents();
    await assert.rejects(() => button.click(), /forbidMouse/);
  });

  test('checkAccessibility fails on a broken page, naming each violation, where it is and how to fix it', async () => {
    const broken = await serve(fixtureApps.broken);
    const page = await newPage();
    try {
      await page.goto(`${broken.server.url}/`);
      await page.getByRole('heading', { name: 'Say hello' }).waitFor();
      const err = await checkAccessibility(page, 'broken form', { theme: 'dark', width: 320 }).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.ok(err, 'checkAccessibility passed a page with an image without alt text');
      assert.match(err.message, /violation\(s\) on "broken form" \(theme dark, width 320px\)/);
      assert.match(err.message, /image-alt \(critical\): Images must have alternative text/);
      assert.match(err.message, /https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/image-alt/);
      assert.match(err.message, /- img: <img src="\/assets\/logo-8b1a99\.png">/);
      assert.match(err.message, /label \(critical\): Form elements must have labels/);
      assert.match(err.message, /#unlabelled/);
      // 2.5.8, which axe ships switched off: checkAccessibility turns it on.
      assert.match(err.message, /target-size \(serious\): All touch targets must be 24px large, or leave sufficient space/);
    } finally {
      await page.context().close();
      await broken.close();
    }
  });

  test('the CSP blocks inline script, inline styles and eval, and the harness sees each violation', async () => {
    const hostile = await serve(fixtureApps.hostile);
    const page = await newPage();
    try {
      const problems = await watchPage(page);
      await page.goto(`${hostile.server.url}/`);
      await until(() => page.evaluate(() => document.body.dataset.ready === 'yes'), 'the page script');
      await until(() => problems.csp.length >= 5, `five CSP violations (have: ${problems.csp.join('; ')})`);
      const state = await page.evaluate(() => {
        const w = window as unknown as Record<string, unknown>;
        return {
          inline: w.inlineScriptRan,
          evalResult: w.evalResult,
          evalRefused: w.evalRefused,
          functionRefused: w.functionRefused,
          background: getComputedStyle(document.body).backgroundColor,
          heading: getComputedStyle(document.querySelector('h1')!).color,
        };
      });
      assert.deepEqual(state, {
        inline: undefined,
        evalResult: undefined,
        evalRefused: 'EvalError',
        functionRefused: 'EvalError',
        background: 'rgba(0, 0, 0, 0)',
        heading: 'rgb(0, 0, 0)',
      });
      const directives = problems.csp.map((c) => c.split(' ').slice(0, 2).join(' ')).sort();
      assert.deepEqual(directives, ['script-src eval', 'script-src eval', 'script-src-elem inline', 'style-src-attr inline', 'style-src-elem inline']);
    } finally {
      await page.context().close();
      await hostile.close();
    }
  });

  test("the one exception, 'wasm-unsafe-eval', is needed: without it Chromium refuses to compile WebAssembly", async () => {
    // The same page and script, answered by page.route() (no server, no network) under the policy minus the exception.
    const strict = WEB_CLIENT_CSP.replace(" 'wasm-unsafe-eval'", '');
    assert.match(strict, /script-src 'self';/);
    const page = await newPage();
    const problems = await watchPage(page);
    await page.route('http://strict.parley.test/**', (route) => {
      const path = new URL(route.request().url()).pathname;
      const file = path === '/' ? 'index.html' : path.slice(1);
      const body = (fixtureApps.form as Record<string, string>)[file];
      const contentType = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
      return body === undefined ? route.fulfill({ status: 404 }) : route.fulfill({ status: 200, body, contentType, headers: { 'content-security-policy': strict } });
    });
    await page.goto('http://strict.parley.test/');
    await until(() => page.evaluate(() => document.body.dataset.wasm !== undefined), 'the WebAssembly result');
    assert.match((await page.evaluate(() => document.body.dataset.wasm)) ?? '', /^refused: .*(Content Security Policy|unsafe-eval)/);
    await until(() => problems.csp.some((c) => c.startsWith('script-src wasm-eval')), `a wasm-eval violation (have: ${problems.csp.join('; ')})`);
    await page.context().close();
  });
});
