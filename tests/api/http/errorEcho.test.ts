import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, type ApiResponse } from '../../support/client.ts';

// Error messages may quote what the client sent; a 100 KB value must not come back whole.
const HUGE = 'q'.repeat(100_000);
const MAX_BODY = 1000;

function assertSmallError(res: ApiResponse, label: string): void {
  assert.ok(res.status >= 400 && res.status < 500, `${label}: status ${res.status}`);
  const text = JSON.stringify(res.body);
  assert.equal(typeof res.body.errcode, 'string', `${label}: ${text.slice(0, 200)}`);
  assert.ok(text.length < MAX_BODY, `${label}: error body of ${text.length} characters`);
}

onEachDatabase('error messages stay small', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);

  test('a 100 KB bogus value is not echoed back by any endpoint that quotes input', async () => {
    const anon = new Api(ctx.server.url);
    const cases: Array<[string, Promise<ApiResponse>]> = [
      ['login type', anon.post('/login', { type: HUGE, user: 'x', password: 'y' })],
      ['UIA auth type', alice.api.post('/account/deactivate', { auth: { type: HUGE } })],
      ['to-device user ID', alice.api.put('/sendToDevice/m.test/t1', { messages: { [HUGE]: { DEV: {} } } })],
      ['createRoom invite', alice.api.post('/createRoom', { invite: [HUGE] })],
      ['createRoom room version', alice.api.post('/createRoom', { room_version: HUGE })],
      ['key ID', alice.api.post('/keys/upload', { one_time_keys: { [HUGE]: 'abc' } })],
      ['body field validation', alice.api.post('/createRoom', { [HUGE]: 1, name: 42 })],
      ['filter field validation', alice.api.post(`/user/${encodeURIComponent(alice.userId)}/filter`, { room: { timeline: { [HUGE]: 1, limit: HUGE } } })],
    ];
    for (const [label, res] of cases) assertSmallError(await res, label);
  });

  test('a long message is cut with an ellipsis, a short one kept whole', async () => {
    const res = await new Api(ctx.server.url).post('/login', { type: HUGE, user: 'x', password: 'y' });
    assert.match(res.body.error, /^Unsupported login type q+…$/);
    const short = await new Api(ctx.server.url).post('/login', { type: 'm.login.nope', user: 'x', password: 'y' });
    assert.equal(short.body.error, 'Unsupported login type m.login.nope');
  });
});
