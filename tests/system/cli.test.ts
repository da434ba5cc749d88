// The `parley` CLI as an operator uses it: the built bundle (dist/cli.js) run as a child process
// on 127.0.0.1, with a data folder, a config file, environment overrides, TLS and PostgreSQL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATABASES, createScratchPostgres, type ScratchDatabase } from '../support/testDatabases.ts';
import { Api, expectError } from '../support/client.ts';
import { CLI, buildCli, freePort, runCli, startCli, type RunningCli } from '../support/cliProcess.ts';

const PASSWORD = 'correct horse battery staple';

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `parley-cli-${prefix}-`));
}

async function login(baseUrl: string, user: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await new Api(baseUrl).post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user }, password });
  return { status: res.status, body: res.body as Record<string, unknown> };
}

async function register(baseUrl: string, username: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await new Api(baseUrl).post('/register', { username, password: PASSWORD, auth: { type: 'm.login.dummy' } });
  return { status: res.status, body: res.body as Record<string, unknown> };
}

before(() => buildCli());

// The three groups are independent (own folders, own databases): run them side by side.
describe('parley CLI', { concurrency: true }, () => {
  for (const kind of DATABASES) {
    describe(`parley CLI on a database [${kind}]`, { concurrency: false }, () => {
      let cwd: string;
      let scratch: ScratchDatabase | undefined;
      /** Selects the database: a data folder for SQLite, PARLEY_DATABASE_URL for PostgreSQL. */
      let dbArgs: string[];
      let dbEnv: Record<string, string>;
      const running: RunningCli[] = [];

      before(async () => {
        cwd = tempDir(kind);
        if (kind === 'postgres') {
          scratch = await createScratchPostgres();
          dbArgs = [];
          dbEnv = { PARLEY_DATABASE_URL: scratch.url };
        } else {
          dbArgs = ['--data-dir', join(cwd, 'data')];
          dbEnv = {};
        }
      });
      after(async () => {
        for (const r of running) await r.stop();
        await scratch?.drop();
        rmSync(cwd, { recursive: true, force: true });
      });

      it('parley migrate applies the migrations once, then says the database is up to date', async () => {
        const first = await runCli(['migrate', ...dbArgs], { cwd, env: dbEnv });
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /^applied: 0001_initial(, \d{4}_\w+)*\n$/);
        const second = await runCli(['migrate', ...dbArgs], { cwd, env: dbEnv });
        assert.equal(second.status, 0, second.stderr);
        assert.equal(second.stdout, 'database is up to date\n');
      });

      it('parley user create makes an admin who can log in over HTTP with that password', async () => {
        const created = await runCli(['user', 'create', 'alice', '--admin', '--password', PASSWORD, ...dbArgs], { cwd, env: dbEnv });
        assert.equal(created.status, 0, created.stderr);
        assert.equal(created.stdout, 'created @alice:localhost (admin)\n');

        const server = await startCli(['--port', String(await freePort()), ...dbArgs], { cwd, env: dbEnv });
        running.push(server);
        assert.equal(server.listening.database, kind);
        const url = String(server.listening.url);
        const ok = await login(url, 'alice', PASSWORD);
        assert.equal(ok.status, 200, JSON.stringify(ok.body));
        assert.equal(ok.body.user_id, '@alice:localhost');
        const whoami = await new Api(url, String(ok.body.access_token)).get('/account/whoami');
        assert.equal(whoami.body.user_id, '@alice:localhost');

        expectError(await new Api(url).post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'alice' }, password: 'wrong' }), 403, 'M_FORBIDDEN');
      });

      it('parley user create refuses a name that is taken, and exits 1', async () => {
        const again = await runCli(['user', 'create', 'alice', '--password', 'x', ...dbArgs], { cwd, env: dbEnv });
        assert.equal(again.status, 1);
        assert.match(again.stderr, /already taken/);
      });
    });
  }

  describe('parley CLI: start, configuration and TLS', { concurrency: true }, () => {
    const dirs: string[] = [];
    const running: RunningCli[] = [];
    const dir = (prefix: string): string => {
      const d = tempDir(prefix);
      dirs.push(d);
      return d;
    };
    after(async () => {
      for (const r of running) await r.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    it('prints the usage and exits 2 for an unknown command', async () => {
      const r = await runCli(['frobnicate'], { cwd: dir('usage') });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /parley start/);
      assert.match(r.stderr, /parley user create NAME/);
    });

    it('start --ephemeral --port P reads ./parley.yaml, answers /versions on that port and leaves no files', async () => {
      const cwd = dir('ephemeral');
      writeFileSync(join(cwd, 'parley.yaml'), 'server_name: cwd.example\nport: 1\n');
      const port = await freePort();
      const server = await startCli(['--ephemeral', '--port', String(port), '--data-dir', join(cwd, 'data')], { cwd });
      running.push(server);
      assert.equal(server.listening.url, `http://127.0.0.1:${port}`, '--port wins over the file');
      const res = await new Api(`http://127.0.0.1:${port}`).get('/_matrix/client/versions');
      assert.equal(res.status, 200);
      assert.ok(Array.isArray(res.body.versions) && res.body.versions.includes('v1.1'), JSON.stringify(res.body));
      const bot = await register(`http://127.0.0.1:${port}`, 'bot');
      assert.equal(bot.status, 200, JSON.stringify(bot.body));
      assert.equal(bot.body.user_id, '@bot:cwd.example', 'server_name comes from ./parley.yaml without --config');
      assert.equal(await server.stop(), 0);
      assert.deepEqual(readdirSync(cwd), ['parley.yaml'], 'an ephemeral server writes nothing');
    });

    it("a start writes V8's code cache beside the bundle, and the next start uses it", async () => {
      const cwd = dir('code-cache');
      const server = await startCli(['--ephemeral', '--port', String(await freePort())], { cwd });
      running.push(server);
      // The cache is written about a second after a start that found none (or a stale one).
      const cache = join(CLI, '..', 'server.cjs.v8cache');
      for (let i = 0; i < 100 && !existsSync(cache); i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok(existsSync(cache), 'dist/server.cjs.v8cache exists after a start');
      const next = await runCli(['frobnicate'], { cwd, env: { PARLEY_CODE_CACHE_DEBUG: '1' } });
      assert.match(next.stderr, /^code cache: used$/m);
      assert.equal(await server.stop(), 0);
    });

    it('start --config FILE reads the file, and PARLEY_* variables override it', async () => {
      const cwd = dir('config');
      const port = await freePort();
      const configPath = join(cwd, 'custom.yaml');
      writeFileSync(configPath, [`server_name: file.example`, `port: ${port}`, `data_dir: ${join(cwd, 'data')}`, 'registration:', '  mode: closed', ''].join('\n'));

      const fromFile = await startCli(['--config', configPath], { cwd });
      running.push(fromFile);
      const url = `http://127.0.0.1:${port}`;
      assert.equal(fromFile.listening.serverName, 'file.example');
      expectError(await new Api(url).post('/register', { username: 'nobody', password: PASSWORD, auth: { type: 'm.login.dummy' } }), 403, 'M_FORBIDDEN');
      await fromFile.stop();
      assert.ok(readdirSync(join(cwd, 'data')).includes('parley.db'), 'the data folder from the file holds the database');

      // A fresh data folder: the server name is fixed once users exist.
      const overridden = await startCli(['--config', configPath, '--data-dir', join(cwd, 'data2')], {
        cwd,
        env: { PARLEY_SERVER_NAME: 'env.example', PARLEY_REGISTRATION: 'open' },
      });
      running.push(overridden);
      const carol = await register(url, 'carol');
      assert.equal(carol.status, 200, JSON.stringify(carol.body));
      assert.equal(carol.body.user_id, '@carol:env.example');
    });

    it('start --config with a missing file exits 1 and says so', async () => {
      const r = await runCli(['start', '--config', 'does-not-exist.yaml'], { cwd: dir('missing') });
      assert.equal(r.status, 1);
      assert.match(r.stderr, /config file not found: does-not-exist\.yaml/);
    });

    const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
    it('serves HTTPS with tls.cert and tls.key', { skip: hasOpenssl ? false : 'the openssl command is not installed, so no certificate can be made' }, async () => {
      const cwd = dir('tls');
      const cert = join(cwd, 'cert.pem');
      const key = join(cwd, 'key.pem');
      const made = spawnSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-addext',
          'subjectAltName=DNS:localhost,IP:127.0.0.1',
        ],
        { encoding: 'utf8' },
      );
      assert.equal(made.status, 0, made.stderr);
      const port = await freePort();
      mkdirSync(join(cwd, 'etc'));
      const configPath = join(cwd, 'etc', 'parley.yaml');
      writeFileSync(configPath, `port: ${port}\ntls:\n  cert: ${cert}\n  key: ${key}\n`);
      const server = await startCli(['--config', configPath, '--ephemeral'], { cwd });
      running.push(server);
      assert.equal(server.listening.url, `https://127.0.0.1:${port}`);

      const body = await new Promise<{ status: number; json: Record<string, unknown> }>((resolveReq, reject) => {
        const req = httpsRequest({ host: '127.0.0.1', port, path: '/_matrix/client/versions', ca: readFileSync(cert), servername: 'localhost' }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolveReq({ status: res.statusCode ?? 0, json: JSON.parse(text) as Record<string, unknown> }));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(body.status, 200);
      assert.ok(Array.isArray(body.json.versions));
      // The well-known document advertises the https URL.
      const wellKnown = await new Promise<string>((resolveReq, reject) => {
        httpsRequest({ host: '127.0.0.1', port, path: '/.well-known/matrix/client', ca: readFileSync(cert), servername: 'localhost' }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolveReq(text));
        })
          .on('error', reject)
          .end();
      });
      assert.match(wellKnown, /"base_url":"https:\/\//);
      // Plain HTTP on the TLS port gets no Matrix answer.
      const plain = await fetch(`http://127.0.0.1:${port}/_matrix/client/versions`).then(
        (r) => r.status,
        () => 'refused',
      );
      assert.notEqual(plain, 200);
    });
  });
});
