import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { prepareServer, resolveConfig } from '@parley/server';
import { Api, registerUser } from '../support/client.ts';

// Logs are structured JSON with a request ID per line, and never carry a token or a password.
test('request logs have request IDs and no secrets', async () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const config = resolveConfig({ server_name: 'localhost', password_hash_memory_kib: 1024, rate_limits: { enabled: false } }, {}, { port: 0, ephemeral: true });
  const { app } = await prepareServer(config, pino({ level: 'info' }, sink));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const password = 'a-very-secret-password';
    const alice = await registerUser(url, undefined, password);
    const viaQuery = await new Api(url).get(`/account/whoami?access_token=${alice.accessToken}`);
    assert.equal(viaQuery.status, 200);
    const viaHeader = await alice.api.get('/account/whoami');
    assert.equal(viaHeader.status, 200);
    const login = await new Api(url).post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.localpart }, password });
    assert.equal(login.status, 200);
    await new Promise((r) => setTimeout(r, 50));

    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = entries.filter((e) => e.msg === 'request');
    assert.ok(requests.length >= 4, 'one line per request');
    for (const r of requests) assert.equal(typeof r.reqId, 'string', 'each request line carries its request ID');
    assert.ok(requests.some((r) => String(r.url).includes('access_token=<redacted>')), 'the query token is masked in the URL');
    const all = lines.join('\n');
    for (const secret of [alice.accessToken, login.body.access_token as string, password]) assert.ok(!all.includes(secret), 'no secret in any log line');
  } finally {
    await app.close();
  }
});
