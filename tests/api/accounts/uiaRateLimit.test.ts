import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { Api, expectError, registerUser, type ApiResponse, type TestUser } from '../../support/client.ts';
import { login, passwordAuth } from '../../support/uia.ts';

// Password checks inside user-interactive auth draw from the login limit, in the same bucket
// as POST /login from the same client: guessing through either spends one budget.
const BURST = 2;
const LIMITS = { login: { per_second: 0.001, burst: BURST }, register: { per_second: 100, burst: 100 } };

function expectLimited(res: ApiResponse, label: string): void {
  expectError(res, 429, 'M_LIMIT_EXCEEDED');
  assert.ok(Number.isInteger(res.body.retry_after_ms) && res.body.retry_after_ms > 0, `${label}: ${JSON.stringify(res.body)}`);
  assert.ok(Number(res.headers.get('retry-after')) >= 1, `${label}: Retry-After ${res.headers.get('retry-after')}`);
}

type Guess = (user: TestUser, password: string) => Promise<ApiResponse>;

/** One wrong-or-right password attempt through each UIA-protected endpoint, in a fresh session. */
const ENDPOINTS: Record<string, Guess> = {
  '/account/password': async (u, pw) =>
    u.api.post('/account/password', {
      new_password: 'new pw new pw',
      auth: passwordAuth(u, await session(u.api, 'POST', '/account/password', { new_password: 'new pw new pw' }), pw),
    }),
  '/delete_devices': async (u, pw) =>
    u.api.post('/delete_devices', { devices: ['NOPE'], auth: passwordAuth(u, await session(u.api, 'POST', '/delete_devices', { devices: ['NOPE'] }), pw) }),
  'DELETE /devices/{id}': async (u, pw) => u.api.delete('/devices/NOPE', { auth: passwordAuth(u, await session(u.api, 'DELETE', '/devices/NOPE', {}), pw) }),
  '/account/deactivate': async (u, pw) => u.api.post('/account/deactivate', { auth: passwordAuth(u, await session(u.api, 'POST', '/account/deactivate', {}), pw) }),
};

async function session(api: Api, method: string, path: string, body: Record<string, unknown>): Promise<string> {
  const challenge = await api.request(method, path, body);
  assert.equal(challenge.status, 401, JSON.stringify(challenge.body));
  return challenge.body.session as string;
}

for (const [name, guess] of Object.entries(ENDPOINTS)) {
  onEachDatabase(`UIA password checks are rate limited: ${name}`, { rateLimits: true, file: { rate_limits: LIMITS } }, (ctx) => {
    let alice: TestUser;
    before(async () => {
      alice = await registerUser(ctx.server.url);
    });

    test('wrong passwords spend the login budget, then 429 for UIA and for /login alike', async () => {
      for (let i = 0; i < BURST; i++) {
        const res = await guess(alice, 'wrong guess');
        assert.equal(res.status, 401, JSON.stringify(res.body));
        assert.equal(res.body.errcode, 'M_FORBIDDEN');
      }
      expectLimited(await guess(alice, 'wrong guess'), `${name}, wrong password`);
      expectLimited(await guess(alice, alice.password), `${name}, right password`);
      expectLimited(await login(new Api(ctx.server.url), alice.localpart, alice.password), '/login after UIA guesses');
    });
  });
}

onEachDatabase('UIA password checks share the budget /login spent', { rateLimits: true, file: { rate_limits: LIMITS } }, (ctx) => {
  test('guesses at /login leave nothing for UIA', async () => {
    const alice = await registerUser(ctx.server.url);
    for (let i = 0; i < BURST; i++) expectError(await login(new Api(ctx.server.url), alice.localpart, 'wrong guess'), 403, 'M_FORBIDDEN');
    expectLimited(await ENDPOINTS['/account/password']!(alice, alice.password), 'UIA after /login guesses');
  });
});
