// The real web client for browser tests: apps/web/dist, built once per run when it is missing or older than
// apps/web's sources, served by a real Parley on SQLite; and the few steps every client test repeats (register,
// open a room), driven by role and accessible name only.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { TestServer, TestServerOptions } from '../../support/testServer.ts';
import { startWebServer } from './startWebServer.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const WEB = join(ROOT, 'apps/web');
/** Where the build goes and where the server is pointed: the client `npm start` serves. */
export const WEB_DIST = join(WEB, 'dist');
/** What a build reads: when any of it is newer than dist/index.html, the build is stale. */
const INPUTS = ['src', 'index.html', 'vite.config.ts', 'package.json', 'public'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), st.mtimeMs);
}

function isStale(): boolean {
  const html = join(WEB_DIST, 'index.html');
  if (!existsSync(html)) return true;
  const built = statSync(html).mtimeMs;
  return INPUTS.some((p) => newestMtime(join(WEB, p)) > built);
}

/**
 * Builds apps/web (`npm run build -w @parley/web`) when its dist is missing or older than its sources. Test
 * files run in parallel processes, so a lock folder makes one of them build while the others wait, then
 * re-check: one build per run at most.
 */
export async function ensureWebBuild(): Promise<string> {
  if (!isStale()) return WEB_DIST;
  const lock = join(ROOT, 'node_modules/.parley-web-build.lock');
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than 5 minutes was left by a killed run.
      if (i > 0 && Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    if (isStale()) execFileSync('npm', ['run', 'build', '-w', '@parley/web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
  return WEB_DIST;
}

/** A real Parley (SQLite) serving the real built client. */
export async function startClientServer(opts: TestServerOptions = {}): Promise<TestServer> {
  return startWebServer(await ensureWebBuild(), opts);
}

/** Polls `done` (bounded by attempts) until it holds. */
export async function until(done: () => boolean | Promise<boolean>, what: string, attempts = 200): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** The server settings the client tests share: a registration token and two policies (m.login.terms). */
export const REGISTRATION = {
  registration: { mode: 'token', tokens: ['let-me-in'] },
  policies: [
    { id: 'note_well', version: '1', name: 'Note Well', url: 'https://example.org/note-well' },
    { id: 'coc', version: '2', name: 'Code of Conduct', url: 'https://example.org/coc' },
  ],
} as const;

/**
 * Registers through the UI (pointer allowed; the keyboard test has its own way): the second step asks for the
 * registration token and each policy's acceptance when the server wants them. Ends on the signed-in layout.
 */
export async function registerByPointer(page: Page, url: string, username: string, password = 'correct horse battery'): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByRole('button', { name: 'New here? Create an account' }).click();
  await page.getByRole('heading', { name: 'Create an account', level: 1 }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  const rooms = page.getByRole('navigation', { name: 'Rooms' });
  const token = page.getByRole('textbox', { name: 'Registration token' });
  await rooms.or(token).or(page.getByRole('checkbox').first()).first().waitFor();
  if (await rooms.isVisible()) return;
  if ((await token.count()) > 0) await token.fill(REGISTRATION.registration.tokens[0]);
  for (const p of REGISTRATION.policies) {
    // The box itself is visually hidden (a styled label stands for it): press the label, as people do.
    if ((await page.getByRole('checkbox', { name: `I accept the ${p.name}` }).count()) > 0) await page.getByText(`I accept the ${p.name}`).click();
  }
  await page.getByRole('button', { name: 'Create account' }).click();
  await rooms.waitFor();
}
