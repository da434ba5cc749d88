// Keyboard only: register (token and policies) → join a channel → open a channel with the quick switcher (Ctrl+K)
// → send → reply → react → open the member list → leave, with forbidMouse on the page for the whole test: every
// pointer API throws, and the page must see no pointer event at all. Focus is checked at each hand-over (never
// <body>). Bob, who sets up the channels, uses another page, where the pointer is allowed.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import type { TestServer } from '../../support/testServer.ts';
import { forbidMouse } from '../support/forbidMouse.ts';
import { chromiumSkipReason, launchBrowser } from '../support/launchBrowser.ts';
import { REGISTRATION, registerByPointer, startClientServer, until } from '../support/webClient.ts';

const isFocused = (l: Locator): Promise<boolean> => l.evaluate((el) => el === document.activeElement).catch(() => false);

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, { back = false, max = 40 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`Tab never reached ${target}`);
}

async function expectFocus(target: Locator, what: string): Promise<void> {
  await until(() => isFocused(target), `focus on ${what}`, 100);
}

describe('keyboard only: register, quick switcher, send, reply, react, members, leave', { skip: chromiumSkipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  let bob: Page;

  before(async () => {
    [server, browser] = await Promise.all([startClientServer({ file: { ...REGISTRATION, suggested_rooms: ['#ops:localhost'] } }), launchBrowser()]);
    // Bob (pointer allowed on his page) makes two public channels and asks a question in one.
    bob = await (await browser.newContext()).newPage();
    bob.setDefaultTimeout(10_000);
    await registerByPointer(bob, server.url, 'bob');
    for (const name of ['ops', 'random']) {
      await bob.getByRole('button', { name: 'Create channel' }).click();
      const d = bob.getByRole('dialog', { name: 'Create a channel' });
      await d.getByRole('textbox', { name: 'Name' }).fill(name);
      await d.getByRole('button', { name: 'Create channel' }).click();
      await bob.getByRole('heading', { name, level: 1 }).waitFor();
    }
    await bob.getByRole('textbox', { name: 'Message random' }).fill('Deploy at 5?');
    await bob.getByRole('textbox', { name: 'Message random' }).press('Enter');
    await bob.getByRole('article').filter({ hasText: 'Deploy at 5?' }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('the whole flow with no pointer', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(10_000);
    const guard = await forbidMouse(page);
    await assert.rejects(page.getByRole('button').first().click(), /forbidMouse/, 'the guard is on');
    await page.goto(`${server.url}/`);

    // Register: username, password, Enter; then the token and both policies (Space ticks a box), Enter.
    const toRegister = page.getByRole('button', { name: 'New here? Create an account' });
    await tabTo(page, toRegister);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Create an account', level: 1 }).waitFor();
    await tabTo(page, page.getByRole('textbox', { name: 'Username' }), { back: true });
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    await expectFocus(page.getByLabel('Password'), 'the password field');
    await page.keyboard.type('correct horse battery');
    await page.keyboard.press('Enter');
    const token = page.getByRole('textbox', { name: 'Registration token' });
    await token.waitFor();
    await tabTo(page, token);
    await page.keyboard.type('let-me-in');
    for (const p of REGISTRATION.policies) {
      const box = page.getByRole('checkbox', { name: `I accept the ${p.name}` });
      await tabTo(page, box);
      await page.keyboard.press('Space');
      await until(() => box.isChecked(), `${p.name} accepted`);
    }
    await tabTo(page, page.getByRole('button', { name: 'Create account' }));
    await page.keyboard.press('Enter');

    // First run: join the suggested channel; focus lands in its composer.
    const joinOps = page.getByRole('button', { name: 'Join #ops:localhost' });
    await joinOps.waitFor();
    await tabTo(page, joinOps);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'ops', level: 1 }).waitFor();
    await expectFocus(page.getByRole('textbox', { name: 'Message ops' }), 'the ops composer');

    // Browse channels and join #random from the directory.
    await tabTo(page, page.getByRole('button', { name: 'Browse channels' }), { back: true });
    await page.keyboard.press('Enter');
    const browse = page.getByRole('dialog', { name: 'Browse channels' });
    await expectFocus(browse.getByRole('searchbox', { name: 'Search channels' }), 'the directory search');
    await page.keyboard.type('random');
    const joinRandom = browse.getByRole('button', { name: /^Join random/ });
    await joinRandom.waitFor();
    await tabTo(page, joinRandom);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'random', level: 1 }).waitFor();

    // Quick switcher: Ctrl+K, type, Enter; focus in the chosen channel's composer. Esc returns focus where it was.
    await expectFocus(page.getByRole('textbox', { name: 'Message random' }), 'the random composer');
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('dialog', { name: 'Jump to a channel' });
    await expectFocus(switcher.getByRole('searchbox', { name: 'Channel name' }), 'the switcher’s field');
    await page.keyboard.press('Escape');
    await until(async () => (await switcher.count()) === 0, 'the switcher to close');
    await expectFocus(page.getByRole('textbox', { name: 'Message random' }), 'the composer again after Esc');
    await page.keyboard.press('Control+k');
    await expectFocus(switcher.getByRole('searchbox', { name: 'Channel name' }), 'the switcher’s field');
    await page.keyboard.type('op');
    await switcher.getByRole('menuitem', { name: /^ops/ }).waitFor();
    await until(async () => (await switcher.getByRole('menuitem').count()) === 1, 'only ops to match');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'ops', level: 1 }).waitFor();
    await expectFocus(page.getByRole('textbox', { name: 'Message ops' }), 'the ops composer');
    // Back to random the same way, where Bob's question is.
    await page.keyboard.press('Control+k');
    await expectFocus(switcher.getByRole('searchbox', { name: 'Channel name' }), 'the switcher’s field');
    await page.keyboard.type('rand');
    await switcher.getByRole('menuitem', { name: /^random/ }).waitFor();
    await until(async () => (await switcher.getByRole('menuitem').count()) === 1, 'only random to match');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'random', level: 1 }).waitFor();
    const composer = page.getByRole('textbox', { name: 'Message random' });
    await expectFocus(composer, 'the random composer');

    // Send.
    await page.keyboard.type('Morning all');
    await page.keyboard.press('Enter');
    await page.getByRole('article').filter({ hasText: 'Morning all' }).waitFor();
    await expectFocus(composer, 'the composer after sending');

    // Reply: Shift+F6 to the messages, ↑ to Bob's, Enter into its toolbar (Reply first), Enter.
    const question = page.getByRole('article').filter({ hasText: 'Deploy at 5?', hasNotText: 'In reply to' });
    await page.keyboard.press('Shift+F6');
    await until(async () => (await page.evaluate(() => document.activeElement?.tagName)) === 'ARTICLE', 'focus on a message');
    for (let i = 0; i < 10 && !(await isFocused(question)); i++) await page.keyboard.press('ArrowUp');
    await expectFocus(question, 'Bob’s message');
    await page.keyboard.press('Enter');
    await expectFocus(question.getByRole('button', { name: 'Reply', exact: true }), 'the Reply action');
    await page.keyboard.press('Enter');
    await page.getByText('Replying to bob').waitFor();
    await expectFocus(composer, 'the composer, replying');
    await page.keyboard.type('Yes, 5 works');
    await page.keyboard.press('Enter');
    const reply = page.getByRole('article').filter({ hasText: 'Yes, 5 works' });
    await reply.waitFor();
    assert.match(await reply.getByRole('blockquote').innerText(), /Deploy at 5\?/);
    await bob.getByRole('article').filter({ hasText: 'Yes, 5 works' }).waitFor();

    // React: back to Bob's message, into the toolbar, → to React, Enter opens the menu, Enter picks 👍.
    await page.keyboard.press('Shift+F6');
    await until(async () => (await page.evaluate(() => document.activeElement?.tagName)) === 'ARTICLE', 'focus on a message');
    for (let i = 0; i < 10 && !(await isFocused(question)); i++) await page.keyboard.press('ArrowUp');
    await expectFocus(question, 'Bob’s message');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await expectFocus(question.getByRole('button', { name: 'React', exact: true }), 'the React action');
    await page.keyboard.press('Enter');
    await expectFocus(page.getByRole('menuitem', { name: 'React with 👍' }), 'the first reaction');
    await page.keyboard.press('Enter');
    await question.getByRole('button', { name: /^👍 1: alice \(you reacted; press to remove\)$/ }).waitFor();
    await bob
      .getByRole('article')
      .filter({ hasText: 'Deploy at 5?', hasNotText: 'In reply to' })
      .getByRole('button', { name: /^👍 1: alice$/ })
      .waitFor();
    assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'BODY', 'focus is not dropped after reacting');

    // Members: Tab to "Show members", Enter; the panel lists both; Esc closes it and focus returns to the toggle.
    const toggle = page.getByRole('button', { name: 'Show members' });
    await tabTo(page, toggle, { back: true, max: 60 });
    await page.keyboard.press('Enter');
    const panel = page.getByRole('complementary', { name: 'Members, 2' });
    await panel.waitFor();
    await panel.getByRole('option', { name: /^alice/ }).waitFor();
    await panel.getByRole('option', { name: /^bob, administrator(, \w+)?$/ }).waitFor();
    await page.keyboard.press('Escape');
    await until(async () => (await panel.count()) === 0, 'the members panel to close');
    await expectFocus(page.getByRole('button', { name: 'Show members' }), 'the members toggle');

    // Leave: Tab to "Leave channel", Enter; random goes from the list and focus moves on (never to <body>).
    await tabTo(page, page.getByRole('button', { name: 'Leave channel' }));
    await page.keyboard.press('Enter');
    const rooms = page.getByRole('navigation', { name: 'Rooms' });
    await until(async () => (await rooms.getByRole('row', { name: /^random/ }).count()) === 0, 'random to leave the list');
    await until(async () => (await page.evaluate(() => document.activeElement?.tagName ?? 'BODY')) !== 'BODY', 'focus somewhere after leaving');
    // Where it went: the next room's composer, or the heading of the screen shown when no room is open.
    const landed = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 40)}`);
    assert.match(landed, /^(TEXTAREA|H1) /, `focus after leaving: ${landed}`);

    guard.assertNoPointerEvents();
  });
});
