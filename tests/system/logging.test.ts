import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { prepareServer, resolveConfig } from '@parley/server';
import { Api, registerUser, uniqueName } from '../support/client.ts';
import { rawRequest } from '../support/rawHttp.ts';

/** A server whose every log line (at trace level) is captured. */
async function loggedServer(
  file: Record<string, unknown> = {},
): Promise<{ url: string; lines: string[]; deps: Awaited<ReturnType<typeof prepareServer>>['deps']; close(): Promise<void> }> {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const config = resolveConfig({ server_name: 'localhost', password_hash_memory_kib: 1024, rate_limits: { enabled: false }, ...file }, {}, { port: 0, ephemeral: true });
  const { app, deps } = await prepareServer(config, pino({ level: 'trace' }, sink));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, lines, deps, close: () => app.close() };
}

/** Asserts that no secret occurs anywhere in the captured log, raw or percent-encoded. */
function assertNoSecrets(lines: string[], secrets: string[]): void {
  const all = lines.join('\n');
  for (const secret of secrets) {
    assert.ok(secret.length >= 8, 'a secret long enough to be recognised');
    for (const form of [secret, encodeURIComponent(secret)]) assert.ok(!all.includes(form), `a secret reached the log: ${all.split('\n').find((l) => l.includes(form))}`);
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50));

// Logs are structured JSON with a request ID per line, and never carry a token or a password.
test('request logs have request IDs and no secrets', async () => {
  const server = await loggedServer();
  const { url, lines } = server;
  try {
    const password = 'a-very-secret-password';
    const alice = await registerUser(url, undefined, password);
    const viaQuery = await new Api(url).get(`/account/whoami?access_token=${alice.accessToken}`);
    assert.equal(viaQuery.status, 200);
    const viaHeader = await alice.api.get('/account/whoami');
    assert.equal(viaHeader.status, 200);
    const login = await new Api(url).post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.localpart }, password, refresh_token: true });
    assert.equal(login.status, 200);
    await settle();

    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = entries.filter((e) => e.msg === 'request');
    assert.ok(requests.length >= 4, 'one line per request');
    for (const r of requests) assert.equal(typeof r.reqId, 'string', 'each request line carries its request ID');
    assert.ok(
      requests.some((r) => String(r.url).includes('access_token=<redacted>')),
      'the query token is masked in the URL',
    );
    assertNoSecrets(lines, [alice.accessToken, login.body.access_token as string, login.body.refresh_token as string, password]);
  } finally {
    await server.close();
  }
});

// The query parser decodes parameter names, so masking must judge the decoded name.
test('secrets in the query are masked however the parameter name is encoded or repeated', async () => {
  const registrationToken = 'reg-token-very-secret-1';
  const server = await loggedServer({ registration: { mode: 'token', tokens: [registrationToken] } });
  const { url, lines } = server;
  try {
    const password = 'another-secret-password';
    const anon = new Api(url);
    const challenge = await anon.post('/register', { username: uniqueName(), password });
    const registered = await anon.post('/register', {
      username: uniqueName(),
      password,
      refresh_token: true,
      auth: { type: 'm.login.registration_token', token: registrationToken, session: challenge.body.session },
    });
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    const token = registered.body.access_token as string;
    const refreshToken = registered.body.refresh_token as string;
    const names = ['access_token', 'access%5Ftoken', 'access%5ftoken', '%61ccess_token', '%61%63%63%65%73%73%5F%74%6F%6B%65%6E', 'ACCESS_TOKEN', 'access_token%zz'];
    for (const name of names) await anon.get(`/account/whoami?${name}=${token}`);
    await anon.get(`/account/whoami?access_token=${token}&access_token=${token}`);
    await anon.get(`/account/whoami?x=1&access_token=${token}&y=2&access%5Ftoken=${token}`);
    await anon.get(`/no/such/endpoint?access%5Ftoken=${token}`);
    await anon.post(`/refresh?refresh%5Ftoken=${refreshToken}`, { refresh_token: 'not-it' });
    await anon.get(`/_matrix/client/v1/register/m.login.registration_token/validity?token=${registrationToken}`);
    await anon.get(`/_matrix/client/v1/register/m.login.registration_token/validity?%74oken=${registrationToken}`);
    await anon.get(`/login?password=${password}&pass%77ord=${password}`);
    // Answers written before routing or by the raw socket writers.
    await rawRequest(url, `GET /_matrix/client/v3/rooms/%zz/members?access%5Ftoken=${token} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    await rawRequest(url, `GET /_matrix/client/v3/rooms/${'a'.repeat(3000)}/members?access%5Ftoken=${token} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
    await rawRequest(url, `GET /_matrix/client/v3/account/whoami?access%5Ftoken=${token} HTTP/1.1\r\nConnection: close\r\n\r\n`);
    await rawRequest(url, `GET /_matrix/client/v3/account/whoami?access%5Ftoken=${token} HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`);
    await settle();
    assert.ok(
      lines.some((l) => l.includes('<redacted>')),
      'masked values are still marked in the log',
    );
    assertNoSecrets(lines, [token, refreshToken, registrationToken, password]);
  } finally {
    await server.close();
  }
});

test('internal-error logs carry no secrets from the request', async () => {
  const server = await loggedServer();
  const { url, lines, deps } = server;
  try {
    const password = 'third-secret-password';
    const alice = await registerUser(url, undefined, password);
    // A password hasher that fails: every password check is now an internal error.
    deps.passwords.check = async () => {
      throw new Error('password hasher unavailable');
    };
    const failed = await new Api(url).post(`/login?access%5Ftoken=${alice.accessToken}`, {
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: alice.localpart },
      password,
    });
    assert.equal(failed.status, 500);
    const uia = await alice.api.post(`/account/deactivate?%61ccess_token=${alice.accessToken}`, {
      auth: { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.userId }, password },
    });
    assert.equal(uia.status, 500);
    await settle();
    const errors = lines.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
    assert.ok(errors.length >= 2, 'the failures were logged');
    assert.ok(
      errors.every((l) => l.includes('<redacted>')),
      'error lines carry the masked URL',
    );
    assertNoSecrets(lines, [alice.accessToken, password]);
  } finally {
    await server.close();
  }
});
