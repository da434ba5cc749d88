// The built server (dist/cli.js, as `npm start` runs it) finds apps/web/dist beside its own
// install whatever the working directory, says where in its start-up banner, and serves `/`
// with the web client's headers (the client itself, or the page saying how to build it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt } from '../support/childServer.ts';
import { REPO_ROOT, freePort, startCli, type RunningCli } from '../support/cliProcess.ts';

let cwd: string;
let cli: RunningCli;
let url: string;

before(async () => {
  ensureCliBuilt();
  cwd = mkdtempSync(join(tmpdir(), 'parley-web-cwd-'));
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  cli = await startCli(['--ephemeral', '--port', String(port)], { cwd, env: { PARLEY_LOG_LEVEL: 'info' } });
});
after(async () => {
  await cli?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

test('the bundle resolves the web client to apps/web/dist of its install, not of the working directory', async () => {
  const dist = join(REPO_ROOT, 'apps', 'web', 'dist');
  assert.match(cli.stderr(), new RegExp(`Web client: .*${dist.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  const res = await fetch(`${url}/`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.match(res.headers.get('content-security-policy') ?? '', /^default-src 'none'/);
  const body = await res.text();
  if (existsSync(join(dist, 'index.html'))) assert.equal(body, readFileSync(join(dist, 'index.html'), 'utf8'));
  else assert.match(body, /not built/);
});
