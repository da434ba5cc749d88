// The real client against a real Parley on SQLite, two people in two browser contexts: registration with a token
// and the server's policies, a channel, chat both ways, reply, react, edit, delete, a direct message with its
// unread badge, and what the live regions say. Driven by role and accessible name (and message text) only.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { TestServer } from '../../support/testServer.ts';
import { chromiumSkipReason, launchBrowser } from '../support/launchBrowser.ts';
import { watchPage, type PageProblems } from '../support/watchPage.ts';
import { REGISTRATION, registerByPointer, startClientServer, until } from '../support/webClient.ts';

/** Records every text that reaches a live region (status, alert, aria-live), in order (accessible-chat.md §7). */
function recordAnnouncements(): void {
  const said: string[] = [];
  (window as unknown as { __said: string[] }).__said = said;
  const LIVE = '[aria-live]:not([aria-live="off"]),[role=status],[role=alert]';
  new MutationObserver((ms) => {
    for (const m of ms) {
      const el = m.target instanceof Element ? m.target : m.target.parentElement;
      if (!el?.closest(LIVE)) continue;
      const nodes = m.type === 'characterData' ? [m.target] : [...m.addedNodes];
      for (const n of nodes) {
        const t = n.textContent?.trim();
        if (t) said.push(t);
      }
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

const said = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __said: string[] }).__said);

/** The message (an article) whose text contains `text`. */
const message = (page: Page, text: string): Locator => page.getByRole('article').filter({ hasText: text });

/** A message's action: hover first (the toolbar shows on hover or focus), then press. */
async function act(page: Page, text: string, action: string): Promise<void> {
  const m = message(page, text);
  await m.hover();
  await m.getByRole('toolbar').getByRole('button', { name: action, exact: true }).click();
}

describe('the web client: two people chatting', { skip: chromiumSkipReason() }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let alice: Page;
  let bob: Page;
  const problems: PageProblems[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems.push(await watchPage(page));
    await page.addInitScript(recordAnnouncements);
    return page;
  };

  before(async () => {
    [server, browser] = await Promise.all([startClientServer({ file: REGISTRATION }), launchBrowser()]);
    [alice, bob] = await Promise.all([newPage(), newPage()]);
  });
  after(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await server?.close();
  });

  test('registration asks for the token and each policy, and refuses until every policy is accepted', async () => {
    await alice.goto(`${server.url}/`);
    await alice.getByRole('heading', { name: 'Sign in to Parley', level: 1 }).waitFor();
    await alice.getByRole('button', { name: 'New here? Create an account' }).click();
    await alice.getByLabel('Username').fill('alice');
    await alice.getByLabel('Password').fill('correct horse battery');
    await alice.getByRole('button', { name: 'Create account' }).click();
    // The second step: the token, then the policies, each a link and a required checkbox.
    const token = alice.getByRole('textbox', { name: 'Registration token' });
    await token.waitFor();
    await alice.getByRole('group', { name: 'Policies of this server' }).waitFor();
    for (const p of REGISTRATION.policies) {
      assert.equal(await alice.getByRole('link', { name: `Read the ${p.name} (opens in a new tab)` }).getAttribute('href'), p.url);
      assert.equal(await alice.getByRole('checkbox', { name: `I accept the ${p.name}` }).isChecked(), false);
    }
    await token.fill('let-me-in');
    await alice.getByText('I accept the Note Well').click(); // the label: the box itself is visually hidden
    await alice.getByRole('button', { name: 'Create account' }).click();
    // The unaccepted policy is a required field: the browser's own validation stops the form there.
    const coc = alice.getByRole('checkbox', { name: 'I accept the Code of Conduct' });
    await until(() => coc.evaluate((el) => (el as HTMLInputElement).validity.valueMissing), 'the Code of Conduct box to be flagged as required');
    assert.equal(await alice.getByRole('navigation', { name: 'Rooms' }).count(), 0, 'no account without every policy accepted');
    await alice.getByText('I accept the Code of Conduct').click();
    assert.equal(await alice.getByRole('checkbox', { name: 'I accept the Code of Conduct' }).isChecked(), true);
    await alice.getByRole('button', { name: 'Create account' }).click();
    await alice.getByRole('navigation', { name: 'Rooms' }).waitFor();
    await alice.getByRole('heading', { name: 'Welcome to Parley', level: 1 }).waitFor();
    await alice.getByText('Signed in as @alice:localhost').waitFor();
    await registerByPointer(bob, server.url, 'bob');
  });

  test('a channel is created; two people in two browsers each see the other’s message; new messages and mentions are announced', async () => {
    await alice.getByRole('button', { name: 'Create channel' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Create a channel' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('general');
    await dialog.getByRole('textbox', { name: 'Topic (optional)' }).fill('Everything else');
    await dialog.getByRole('radio', { name: 'Anyone on this server (public)' }).check();
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await alice.getByRole('heading', { name: 'general', level: 1 }).waitFor();
    await alice.getByText('Everything else', { exact: true }).waitFor();
    await until(() => alice.getByRole('textbox', { name: 'Message general' }).evaluate((el) => el === document.activeElement), 'focus in the new channel’s composer');

    await bob.getByRole('button', { name: 'Browse channels' }).click();
    const browse = bob.getByRole('dialog', { name: 'Browse channels' });
    await browse.getByRole('searchbox', { name: 'Search channels' }).fill('general');
    await browse.getByRole('button', { name: 'Join general' }).click();
    await bob.getByRole('heading', { name: 'general', level: 1 }).waitFor();

    await alice.getByRole('textbox', { name: 'Message general' }).fill('Hello Bob, welcome');
    await alice.getByRole('textbox', { name: 'Message general' }).press('Enter');
    await message(bob, 'Hello Bob, welcome').waitFor();
    await bob.getByRole('textbox', { name: 'Message general' }).fill('Hi there, thanks');
    await bob.getByRole('button', { name: 'Send' }).click();
    await message(alice, 'Hi there, thanks').waitFor();
    // The message is named by sender and time, and described by its text.
    const article = message(alice, 'Hi there, thanks');
    assert.match((await article.getAttribute('aria-labelledby')) ?? '', /sender/);
    // Described by its text first (then, once someone has read it, by who read it).
    const described = await article.evaluate((el) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent));
    assert.equal(described[0], 'Hi there, thanks');

    // Polite: (a message holding her name or user ID would count as a mention) Alice, focus in her composer, hears Bob's message once, in the status region; her own is not said.
    await until(async () => (await said(alice)).some((t) => t.includes('Hi there, thanks')), 'the announcement', 100).catch(async (e) => {
      throw new Error(`${e}; heard: ${(await said(alice)).join(' | ')}`);
    });
    await alice.getByRole('status').filter({ hasText: 'bob: Hi there, thanks' }).waitFor({ state: 'attached' });
    const aliceHeard = await said(alice);
    assert.equal(aliceHeard.filter((t) => t.includes('Hi there, thanks')).length, 1, aliceHeard.join(' | '));
    assert.equal(aliceHeard.filter((t) => t.includes('Hello Bob, welcome')).length, 0, 'own messages are not announced');

    // Assertive: a message that mentions Alice goes to the alert region.
    await bob.getByRole('textbox', { name: 'Message general' }).fill('@alice:localhost can you look at this?');
    await bob.getByRole('textbox', { name: 'Message general' }).press('Enter');
    await alice.getByRole('alert').filter({ hasText: 'bob mentioned you: @alice:localhost can you look at this?' }).waitFor({ state: 'attached' });
    const mention = await said(alice);
    assert.equal(mention.filter((t) => t.includes('can you look at this?')).length, 1, mention.join(' | '));
  });

  test('reply quotes the origin; a reaction toggles and names who reacted; edit shows "(edited)"; delete leaves a notice', async () => {
    // Reply.
    await act(alice, 'Hi there, thanks', 'Reply');
    await alice.getByText('Replying to bob').waitFor();
    await alice.getByRole('textbox', { name: 'Message general' }).fill('You are welcome');
    await alice.getByRole('textbox', { name: 'Message general' }).press('Enter');
    const reply = message(bob, 'You are welcome');
    await reply.waitFor();
    const quote = reply.getByRole('blockquote');
    assert.match(await quote.innerText(), /Hi there, thanks/);
    assert.match((await quote.textContent()) ?? '', /In reply to bob/);

    // React, as Bob then Alice, then Alice toggles hers off.
    const target = message(bob, 'Hello Bob, welcome');
    await target.hover();
    await target.getByRole('button', { name: 'React', exact: true }).click();
    await bob.getByRole('menuitem', { name: 'React with 👍' }).click();
    await message(bob, 'Hello Bob, welcome')
      .getByRole('button', { name: /^👍 1: bob \(you reacted/ })
      .waitFor();
    const aliceChip = message(alice, 'Hello Bob, welcome').getByRole('button', { name: /^👍 1: bob$/ });
    await aliceChip.waitFor();
    assert.equal(await aliceChip.getAttribute('aria-pressed'), 'false');
    await aliceChip.click();
    const both = message(alice, 'Hello Bob, welcome').getByRole('button', { name: /^👍 2: (alice and bob|bob and alice) \(you reacted; press to remove\)$/ });
    await both.waitFor();
    assert.equal(await both.getAttribute('aria-pressed'), 'true');
    await message(bob, 'Hello Bob, welcome')
      .getByRole('button', { name: /^👍 2: / })
      .waitFor();
    await both.click();
    await message(bob, 'Hello Bob, welcome')
      .getByRole('button', { name: /^👍 1: bob \(you reacted/ })
      .waitFor();

    // Edit.
    await act(alice, 'You are welcome', 'Edit');
    await alice.getByText('Editing message').waitFor();
    await alice.getByRole('textbox', { name: 'Message general' }).fill('You are very welcome');
    await alice.getByRole('textbox', { name: 'Message general' }).press('Enter');
    const edited = message(bob, 'You are very welcome');
    await edited.getByText('(edited)').waitFor();
    assert.equal(await message(bob, 'You are welcome').filter({ hasNotText: 'very' }).count(), 0);

    // Delete, through the confirmation.
    await act(alice, 'You are very welcome', 'Delete');
    const confirm = alice.getByRole('alertdialog', { name: 'Delete this message?' });
    await confirm.waitFor();
    assert.equal(await confirm.getByRole('button', { name: 'Cancel' }).evaluate((el) => el === document.activeElement), true, 'focus starts on Cancel');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await message(bob, 'Message deleted').waitFor();
    await until(async () => (await message(bob, 'You are very welcome').count()) === 0, 'the deleted text to go');
  });

  test('a direct message: the other person’s room row shows the unread count, which clears when they open it', async () => {
    await alice.getByRole('button', { name: 'New direct message' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Start a direct message' });
    await dialog.getByRole('searchbox', { name: 'Search people by name or user ID' }).fill('@bob:localhost');
    await dialog
      .getByRole('button', { name: /^Message (bob|@bob:localhost)$/ })
      .first()
      .click();
    const composer = alice.getByRole('textbox', { name: /^Message / });
    await until(() => composer.evaluate((el) => el === document.activeElement).catch(() => false), 'focus in the direct message composer');

    // Bob gets the invitation and joins it.
    const join = bob.getByRole('region', { name: 'Invitations' }).getByRole('button', { name: /^Join / });
    await join.waitFor();
    await join.click();
    await bob.getByRole('navigation', { name: 'Rooms' }).getByRole('row', { name: /alice/i }).waitFor();
    // Bob goes back to general, so the direct message is not open.
    await bob
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('row', { name: /^general/ })
      .click();
    await bob.getByRole('heading', { name: 'general', level: 1 }).waitFor();

    await alice.getByRole('textbox', { name: /^Message / }).fill('Private question');
    await alice.getByRole('textbox', { name: /^Message / }).press('Enter');
    await alice.getByRole('textbox', { name: /^Message / }).fill('Are you there?');
    await alice.getByRole('textbox', { name: /^Message / }).press('Enter');
    const directs = bob.getByRole('grid', { name: 'Direct messages' });
    const unreadRow = directs.getByRole('row', { name: /, 2 unread/ });
    await unreadRow.waitFor();
    assert.match(await bob.title(), /^general – Parley$/);
    await unreadRow.click();
    await message(bob, 'Are you there?').waitFor();
    await directs.getByRole('row', { name: /current$/ }).waitFor();
    await until(async () => (await directs.getByRole('row', { name: /unread/ }).count()) === 0, 'the unread count to clear');
  });

  test('no CSP violation or uncaught error on either page', () => {
    // Console output is not checked: matrix-js-sdk warns about push rules and MatrixRTC as a matter of course,
    // and the first POST /register answers 401 with the UIA flows, as the spec has it.
    assert.deepEqual(
      problems.flatMap((p) => [...p.csp, ...p.errors]),
      [],
    );
  });
});
