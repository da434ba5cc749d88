// forbidMouse must catch every way a keyboard-only test could use a pointer, and nothing else.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { forbidMouse } from '../support/forbidMouse.ts';
import { chromiumSkipReason, launchBrowser } from '../support/launchBrowser.ts';

const HTML = `<!doctype html><html lang="en"><head><title>t</title></head><body>
<button id="b" onclick="document.title = 'clicked'">Press</button>
<input id="c" type="checkbox" aria-label="Agree">
<input id="t" aria-label="Text">
<iframe srcdoc="<button>Inner</button>" title="inner"></iframe>
</body></html>`;

describe('forbidMouse', { skip: chromiumSkipReason() }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  before(async () => {
    browser = await launchBrowser();
    context = await browser.newContext();
    page = await context.newPage();
    await page.setContent(HTML);
    await forbidMouse(page);
  });
  after(async () => {
    await browser?.close();
  });

  const refused = /forbidMouse: .* uses the mouse \(or touch\), and this test is keyboard-only/;

  test('page.mouse and page.touchscreen throw when read', () => {
    assert.throws(() => page.mouse, refused);
    assert.throws(() => page.mouse.click(1, 1), refused);
    assert.throws(() => page.touchscreen, refused);
  });

  test('every pointer method of the page is refused', async () => {
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['page.click', () => page.click('#b')],
      ['page.dblclick', () => page.dblclick('#b')],
      ['page.hover', () => page.hover('#b')],
      ['page.tap', () => page.tap('#b')],
      ['page.dragAndDrop', () => page.dragAndDrop('#b', '#t')],
      ['page.check', () => page.check('#c')],
      ['page.uncheck', () => page.uncheck('#c')],
      ['page.setChecked', () => page.setChecked('#c', true)],
      ['page.dispatchEvent', () => page.dispatchEvent('#b', 'click')],
    ];
    for (const [name, call] of calls) await assert.rejects(call, refused, name);
  });

  test('every pointer method of locators (getByRole, getByLabel, frameLocator), frames and element handles is refused', async () => {
    const button = page.getByRole('button', { name: 'Press' });
    const box = page.getByLabel('Agree');
    const handle = (await page.$('#b'))!;
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['locator.click', () => button.click()],
      ['locator.dblclick', () => button.dblclick()],
      ['locator.hover', () => button.hover()],
      ['locator.tap', () => button.tap()],
      ['locator.dragTo', () => button.dragTo(box)],
      ['locator.check', () => box.check()],
      ['locator.uncheck', () => box.uncheck()],
      ['locator.setChecked', () => box.setChecked(true)],
      ['locator.dispatchEvent click', () => button.dispatchEvent('click')],
      ['locator.dispatchEvent pointerdown', () => button.dispatchEvent('pointerdown')],
      ['locator.dispatchEvent mousedown', () => button.dispatchEvent('mousedown')],
      ['locator.dispatchEvent touchstart', () => button.dispatchEvent('touchstart')],
      ['locator.dispatchEvent dragstart', () => button.dispatchEvent('dragstart')],
      ['page.locator().first().click', () => page.locator('button').first().click()],
      ['frameLocator', () => page.frameLocator('iframe').getByRole('button', { name: 'Inner' }).click()],
      ['frame.click', () => page.mainFrame().click('#b')],
      ['child frame.click', () => page.frames()[1]!.click('button')],
      ['frame.dispatchEvent', () => page.mainFrame().dispatchEvent('#b', 'click')],
      ['elementHandle.click', () => handle.click()],
      ['elementHandle.hover', () => handle.hover()],
      ['elementHandle.dispatchEvent', () => handle.dispatchEvent('click')],
    ];
    for (const [name, call] of calls) await assert.rejects(call, refused, name);
    assert.equal(await page.title(), 't', 'nothing was clicked');
    assert.equal(await box.isChecked(), false);
  });

  test('the keyboard and non-pointer calls still work', async () => {
    await page.getByLabel('Text').focus();
    await page.keyboard.type('abc');
    await page.getByLabel('Text').press('End');
    await page.getByLabel('Text').fill('typed');
    await page.getByLabel('Text').dispatchEvent('input');
    assert.equal(await page.getByLabel('Text').inputValue(), 'typed');
    await page.getByRole('button', { name: 'Press' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.title(), 'clicked', 'Enter activates the focused button');
    await page.getByLabel('Agree').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.getByLabel('Agree').isChecked(), true);
  });

  test('other pages are not affected', async () => {
    const other = await context.newPage();
    await other.setContent(HTML);
    await other.getByRole('button', { name: 'Press' }).click();
    assert.equal(await other.title(), 'clicked');
    await other.close();
  });

  test('a mouse taken before forbidMouse is still caught, by the trusted pointer events the page saw', async () => {
    const p = await context.newPage();
    await p.setContent(HTML);
    const mouse = p.mouse;
    const guard = await forbidMouse(p);
    guard.assertNoPointerEvents();
    await mouse.click(5, 5);
    // The page reports its events through a binding, asynchronously: give them up to 2 s to arrive;
    // whichever the check sees first (pointermove, pointerdown, mousedown...) fails a keyboard-only test.
    for (let i = 0; i < 40 && guard.pointerEvents.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.throws(() => guard.assertNoPointerEvents(), /forbidMouse: the page saw trusted pointer events in a keyboard-only test: .*(pointer|mouse)/);
    await p.close();
  });
});
