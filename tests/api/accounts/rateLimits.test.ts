import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { Api, expectError, registerUser, uniqueName, type ApiResponse, type TestUser } from '../../support/client.ts';
import { createRoom, r } from '../../support/factories.ts';
import { login } from '../../support/uia.ts';

const SLOW = { per_second: 0.1, burst: 2 };
const LIMITS = { login: SLOW, register: { per_second: 0.01, burst: 2 }, send: { per_second: 0.01, burst: 2 } };

function expectLimited(res: ApiResponse): void {
  expectError(res, 429, 'M_LIMIT_EXCEEDED');
  assert.ok(Number.isInteger(res.body.retry_after_ms) && res.body.retry_after_ms > 0, JSON.stringify(res.body));
  const header = Number(res.headers.get('retry-after'));
  assert.ok(Number.isInteger(header) && header >= 1, `Retry-After: ${res.headers.get('retry-after')}`);
}

onEachDatabase('rate limits', { rateLimits: true, file: { rate_limits: LIMITS } }, (ctx) => {
  let anon: Api;
  let alice: TestUser;
  before(async () => {
    anon = new Api(ctx.server.url);
    alice = await registerUser(ctx.server.url); // the first of two registrations in the burst
  });

  test('login: the burst passes, then 429 with retry_after_ms and Retry-After', async () => {
    assert.equal((await login(anon, alice.localpart, alice.password)).status, 200);
    expectError(await login(anon, alice.localpart, 'wrong'), 403, 'M_FORBIDDEN');
    expectLimited(await login(anon, alice.localpart, alice.password));
  });

  test('registration: the burst passes, then 429', async () => {
    assert.equal((await anon.post('/register', { username: uniqueName(), password: 'pw pw pw pw', auth: { type: 'm.login.dummy' } })).status, 200);
    expectLimited(await anon.post('/register', { username: uniqueName(), password: 'pw pw pw pw', auth: { type: 'm.login.dummy' } }));
  });

  test('sends: limited per user, and nothing is stored for a refused send', async () => {
    const roomId = await createRoom(alice);
    const send = (txn: string): Promise<ApiResponse> => alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/${txn}`, { msgtype: 'm.text', body: txn });
    assert.equal((await send('one')).status, 200);
    assert.equal((await send('two')).status, 200);
    expectLimited(await send('three'));
    const page = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=20`);
    const bodies = page.body.chunk.filter((e: { type: string }) => e.type === 'm.room.message').map((e: { content: { body: string } }) => e.content.body);
    assert.deepEqual(bodies, ['two', 'one']);
  });
});
