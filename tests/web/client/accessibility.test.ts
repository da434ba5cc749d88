// axe (WCAG 2.2 A/AA, target-size on) on every screen and dialog of the real client, each in the light, dark and
// high-contrast themes at 320 px and at desktop width, with zero violations; and the high-contrast theme, chosen
// in the banner or asked for by the system, really applies.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestServer } from '../../support/testServer.ts';
import { checkAccessibility, type Theme } from '../support/checkAccessibility.ts';
import { chromiumSkipReason, launchBrowser } from '../support/launchBrowser.ts';
import { REGISTRATION, registerByPointer, startClientServer, until } from '../support/webClient.ts';

const THEMES: Theme[] = ['light', 'dark', 'high-contrast'];
const DESKTOP = 1280;
const NARROW = 320;

describe('axe on every screen and dialog, in every theme, at 320 px and desktop width', { skip: chromiumSkipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let other: Page;
  const failures: string[] = [];

  /** Runs axe in each theme at both widths (or the given ones); failures are collected, so one run lists them all. */
  async function everyTheme(label: string, widths = [DESKTOP, NARROW]): Promise<void> {
    for (const width of widths)
      for (const theme of THEMES) {
        try {
          await checkAccessibility(page, label, { theme, width });
        } catch (err) {
          failures.push((err as Error).message);
        }
        // 1.4.10 Reflow: nothing scrolls sideways at 320 px (axe does not check this).
        if (width === NARROW && theme === 'light') {
          const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
          if (wide > 0) failures.push(`reflow: "${label}" is ${wide}px wider than the 320 px viewport`);
        }
      }
    await page.setViewportSize({ width: DESKTOP, height: 800 });
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference', forcedColors: 'none' });
  }

  /** A dialog by its name, waited for. */
  async function dialog(name: string | RegExp, role: 'dialog' | 'alertdialog' = 'dialog'): Promise<Locator> {
    const d = page.getByRole(role, { name });
    await d.waitFor();
    return d;
  }

  async function closeDialog(): Promise<void> {
    // In a search field the first Esc clears it, the next closes the dialog.
    for (let i = 0; i < 3 && (await page.getByRole('dialog').or(page.getByRole('alertdialog')).count()) > 0; i++) {
      await page.keyboard.press('Escape');
      await new Promise((r) => setTimeout(r, 100));
    }
    await until(async () => (await page.getByRole('dialog').count()) === 0 && (await page.getByRole('alertdialog').count()) === 0, 'the dialog to close');
  }

  before(async () => {
    [server, browser] = await Promise.all([startClientServer({ file: { ...REGISTRATION, suggested_rooms: ['#welcome:localhost'] } }), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: DESKTOP, height: 800 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    other = await (await browser.newContext()).newPage();
    other.setDefaultTimeout(10_000);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('signed out: sign-in, register, and the token and policies step', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in to Parley' }).waitFor();
    await everyTheme('sign-in');
    await page.getByRole('button', { name: 'New here? Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    await everyTheme('register');
    await page.getByLabel('Username').fill('carol');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('group', { name: 'Policies of this server' }).waitFor();
    await everyTheme('register: token and policies');
  });

  test('first run, and the room list drawer at 320 px', async () => {
    // Someone else makes the suggested channel, so the first-run screen offers it.
    await registerByPointer(other, server.url, 'dave');
    await other.getByRole('button', { name: 'Create channel' }).click();
    await other.getByRole('dialog', { name: 'Create a channel' }).getByRole('textbox', { name: 'Name' }).fill('welcome');
    await other.getByRole('dialog', { name: 'Create a channel' }).getByRole('button', { name: 'Create channel' }).click();
    await other.getByRole('heading', { name: 'welcome', level: 1 }).waitFor();
    await other.getByRole('textbox', { name: 'Message welcome' }).fill('Hello and welcome, **everyone**: see `npm start`');
    await other.getByRole('textbox', { name: 'Message welcome' }).press('Enter');

    await page.getByRole('textbox', { name: 'Registration token' }).fill('let-me-in');
    for (const p of REGISTRATION.policies) await page.getByText(`I accept the ${p.name}`).click();
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Welcome to Parley', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Join #welcome:localhost' }).waitFor();
    await everyTheme('first run');
    await page.setViewportSize({ width: NARROW, height: 800 });
    await page.getByRole('button', { name: 'Open channel list' }).click();
    await page.getByRole('button', { name: 'Close channel list' }).waitFor();
    await everyTheme('room list drawer', [NARROW]);
    await page.setViewportSize({ width: NARROW, height: 800 });
    await page.getByRole('button', { name: 'Close channel list' }).click();
    await page.setViewportSize({ width: DESKTOP, height: 800 });
  });

  test('dialogs of the room list: create channel, browse channels, new direct message', async () => {
    await page.getByRole('button', { name: 'Create channel' }).click();
    await dialog('Create a channel');
    await everyTheme('create channel dialog');
    await closeDialog();
    await page.getByRole('button', { name: 'Browse channels' }).click();
    const browse = await dialog('Browse channels');
    await browse.getByRole('searchbox').fill('welcome');
    await browse.getByRole('button', { name: /^Join welcome/ }).waitFor();
    await everyTheme('browse channels dialog');
    await browse.getByRole('button', { name: /^Join welcome/ }).click();
    await page.getByRole('heading', { name: 'welcome', level: 1 }).waitFor();
    await until(async () => (await page.getByRole('dialog').count()) === 0, 'the browse dialog to close after joining');
    await page.getByRole('button', { name: 'New direct message' }).click();
    const dm = await dialog('Start a direct message');
    await dm.getByRole('searchbox').fill('dave');
    await dm
      .getByRole('button', { name: /^Message / })
      .first()
      .waitFor();
    await everyTheme('new direct message dialog');
    await closeDialog();
  });

  test('the room with messages, reactions and a reply; its member list; invite; delete confirmation; reaction menu', async () => {
    await page.getByRole('article').filter({ hasText: 'Hello and welcome' }).waitFor();
    await page.getByRole('textbox', { name: 'Message welcome' }).fill('Thanks! A list:\n\n- one\n- two');
    await page.getByRole('textbox', { name: 'Message welcome' }).press('Enter');
    const mine = page.getByRole('article').filter({ hasText: 'A list' });
    await mine.waitFor();
    await mine.getByRole('toolbar').waitFor({ state: 'attached' });
    const theirs = page.getByRole('article').filter({ hasText: 'Hello and welcome' });
    await theirs.hover();
    await theirs.getByRole('button', { name: 'React', exact: true }).click();
    await page.getByRole('menu').waitFor();
    await everyTheme('reaction menu', [DESKTOP]);
    await page.getByRole('menuitem', { name: 'React with 🎉' }).click();
    await theirs.getByRole('button', { name: /^🎉 1/ }).waitFor();
    await theirs.hover();
    await theirs.getByRole('button', { name: 'Reply', exact: true }).click();
    await page.getByText('Replying to dave').waitFor();
    await everyTheme('room (replying)');
    await page.getByRole('textbox', { name: 'Message welcome' }).fill('Replying here');
    await page.getByRole('textbox', { name: 'Message welcome' }).press('Enter');
    await page.getByRole('article').filter({ hasText: 'Replying here' }).waitFor();
    // A message's toolbar while the message has focus.
    await page.getByRole('article').filter({ hasText: 'Replying here' }).focus();
    await everyTheme('room (a message focused)');

    await page.getByRole('button', { name: 'Show members' }).click();
    await page
      .getByRole('complementary')
      .getByRole('heading', { name: /^Members, 2$/ })
      .waitFor();
    await everyTheme('member list');
    await page.getByRole('button', { name: 'Close members' }).click();

    await page.getByRole('button', { name: 'Invite people' }).click();
    const invite = await dialog('Invite people to welcome');
    await invite.getByRole('searchbox').fill('@erin:localhost');
    await invite
      .getByRole('button', { name: /^Invite / })
      .first()
      .waitFor();
    await everyTheme('invite dialog');
    await closeDialog();

    const own = page.getByRole('article').filter({ hasText: 'Replying here' });
    await own.hover();
    await own.getByRole('button', { name: 'Delete', exact: true }).click();
    await dialog('Delete this message?', 'alertdialog');
    await everyTheme('delete confirmation');
    await closeDialog();
  });

  test('the banner: quick switcher, shortcuts list, theme menu', async () => {
    await page.getByRole('textbox', { name: 'Message welcome' }).focus();
    await page.keyboard.press('Control+k');
    const switcher = await dialog('Jump to a channel');
    await switcher.getByRole('searchbox', { name: 'Channel name' }).fill('wel');
    await switcher.getByRole('menuitem', { name: /^welcome/ }).waitFor();
    await everyTheme('quick switcher');
    await closeDialog();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await dialog('Keyboard shortcuts');
    await everyTheme('shortcuts list');
    await closeDialog();
    await page.getByRole('button', { name: /Theme/ }).click();
    await page.getByRole('listbox').waitFor();
    await everyTheme('theme menu', [DESKTOP]);
    await page.keyboard.press('Escape');
  });

  test('the high-contrast theme applies, from the banner and from prefers-contrast, and passes axe', async () => {
    const bg = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference', forcedColors: 'none' });
    assert.equal(await bg(), 'rgb(255, 255, 255)');
    // Asked for by the system while the theme is "System".
    await page.emulateMedia({ colorScheme: 'light', contrast: 'more', forcedColors: 'none' });
    assert.equal(await bg(), 'rgb(0, 0, 0)');
    await page.emulateMedia({ colorScheme: 'light', contrast: 'no-preference', forcedColors: 'none' });
    // Chosen in the banner: it sticks whatever the system says, and is remembered.
    await page.getByRole('button', { name: /Theme/ }).click();
    await page.getByRole('option', { name: 'High contrast' }).click();
    await until(async () => (await bg()) === 'rgb(0, 0, 0)', 'the black background of the high-contrast theme');
    assert.match((await page.getByRole('button', { name: /Theme/ }).textContent()) ?? '', /High contrast/);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).color), 'rgb(255, 255, 255)');
    await page.getByRole('textbox', { name: 'Message welcome' }).focus();
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement!);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    assert.notEqual(ring.style, 'none');
    assert.ok(ring.width >= 2, `focus ring ${ring.width}px`);
    for (const width of [DESKTOP, NARROW])
      try {
        await checkAccessibility(page, 'room in the chosen high-contrast theme', { width });
      } catch (err) {
        failures.push((err as Error).message);
      }
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await bg(), 'rgb(0, 0, 0)', 'the choice is remembered');
    // Windows High Contrast (forced-colors: active) on the room, back on the System theme.
    await page.getByRole('button', { name: /Theme/ }).click();
    await page.getByRole('option', { name: 'System' }).click();
    for (const width of [DESKTOP, NARROW])
      try {
        await checkAccessibility(page, 'room in forced colours', { theme: 'forced-colors', width });
      } catch (err) {
        failures.push((err as Error).message);
      }
  });

  test('zero violations in all of the above', () => {
    assert.equal(failures.length, 0, failures.join('\n\n'));
  });
});
