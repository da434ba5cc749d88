import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig, startupBanner } from '@parley/server';
import { buildCli, freePort, startCli, type RunningCli } from '../../support/cliProcess.ts';

describe('start-up banner', () => {
  it('defaults to listening on 127.0.0.1 and says so in plain words', () => {
    const config = resolveConfig({});
    assert.equal(config.bindAddress, '127.0.0.1');
    const banner = startupBanner(config, 'http://127.0.0.1:8008', 'sqlite');
    assert.match(banner, /Listening on: +http:\/\/127\.0\.0\.1:8008 \(this machine only: set bind_address to 0\.0\.0\.0/);
    assert.match(banner, /Give clients: +http:\/\/localhost:8008 /);
    assert.match(banner, /Registration: +open: anyone who can reach the server can create an account/);
    assert.match(banner, /Create an admin: +npm run parley -- user create NAME --admin/);
    assert.match(banner, /SQLite in \.\/data/);
  });

  it('says when every interface listens, registration by token, and the public URL; prints no secret', () => {
    const config = resolveConfig({
      server_name: 'chat.example.org',
      public_base_url: 'https://matrix.example.org',
      bind_address: '0.0.0.0',
      registration: { mode: 'token', tokens: ['tok-SECRET-1', 'tok-SECRET-2'] },
      database_url: 'postgres://parley:db-PASSWORD@127.0.0.1/parley',
      turn: { uris: ['turn:turn.example.org'], shared_secret: 'turn-SECRET' },
    });
    const banner = startupBanner(config, 'http://0.0.0.0:8008', 'postgres');
    assert.match(banner, /all network interfaces/);
    assert.match(banner, /Give clients: +https:\/\/matrix\.example\.org /);
    assert.match(banner, /by registration token only \(2 configured/);
    assert.match(banner, /@NAME:chat\.example\.org/);
    for (const secret of ['SECRET', 'PASSWORD', 'db-PASSWORD']) assert.ok(!banner.includes(secret), `banner leaks ${secret}`);
    assert.match(startupBanner({ ...config, registration: 'closed' }, 'x', 'sqlite'), /closed: accounts are created with the command below/);
  });

  it('says where the web client is, or how to build it, or that it is off', () => {
    const config = resolveConfig({});
    assert.match(
      startupBanner(config, 'x', 'sqlite', { dir: '/opt/parley/apps/web/dist', built: true }),
      /Web client: +http:\/\/localhost:8008\/ .*served from \/opt\/parley\/apps\/web\/dist/,
    );
    assert.match(
      startupBanner(config, 'x', 'sqlite', { dir: '/opt/parley/apps/web/dist', built: false }),
      /Web client: +not built yet: run npm run build, then open http:\/\/localhost:8008\/ \(expected in \/opt\/parley\/apps\/web\/dist\)/,
    );
    assert.match(startupBanner(config, 'x', 'sqlite', null), /Web client: +off \(web_client\.enabled: false\)/);
  });

  describe('parley start', () => {
    let cwd: string;
    let server: RunningCli | undefined;
    before(() => {
      buildCli();
      cwd = mkdtempSync(join(tmpdir(), 'parley-banner-'));
    });
    after(async () => {
      await server?.stop();
      rmSync(cwd, { recursive: true, force: true });
    });

    it('prints the banner on stderr and keeps stdout JSON log lines', async () => {
      writeFileSync(join(cwd, 'parley.yaml'), 'registration:\n  mode: token\n  tokens: [banner-TOKEN-secret]\n');
      const port = await freePort();
      server = await startCli(['--ephemeral', '--port', String(port)], { cwd });
      const stderr = server.stderr();
      assert.match(stderr, /Parley is running/);
      assert.match(stderr, new RegExp(`Listening on: +http://127\\.0\\.0\\.1:${port} \\(this machine only`));
      assert.match(stderr, new RegExp(`Give clients: +http://localhost:${port} `));
      assert.match(stderr, /by registration token only \(1 configured/);
      assert.ok(!stderr.includes('banner-TOKEN-secret'), 'the registration token is not printed');
      for (const line of server.lines) assert.doesNotThrow(() => JSON.parse(line), `stdout line is not JSON: ${line}`);
      assert.equal(server.listening.msg, 'parley listening');
    });
  });
});
