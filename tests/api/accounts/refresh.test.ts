import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError } from '../../support/client.ts';
import { login } from '../../support/uia.ts';

onEachDatabase('refresh tokens', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  let anon: Api;
  before(async () => {
    anon = new Api(ctx.server.url);
  });

  async function refreshableSession(): Promise<{ access: string; refresh: string; deviceId: string }> {
    const res = await login(anon, alice.localpart, alice.password, { refresh_token: true });
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.refresh_token, 'string');
    assert.ok(res.body.expires_in_ms > 0);
    return { access: res.body.access_token, refresh: res.body.refresh_token, deviceId: res.body.device_id };
  }

  test('login without refresh_token gets no refresh token and no expiry', async () => {
    const res = await login(anon, alice.localpart, alice.password);
    assert.equal(res.status, 200);
    assert.equal(res.body.refresh_token, undefined);
    assert.equal(res.body.expires_in_ms, undefined);
  });

  test('registration with refresh_token: true issues a refresh token', async () => {
    const res = await anon.post('/register', { username: `rt${Date.now()}`, password: 'pw pw pw pw', auth: { type: 'm.login.dummy' }, refresh_token: true });
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.refresh_token, 'string');
    assert.ok(res.body.expires_in_ms > 0);
  });

  test('refresh rotates the pair on the same device; first use of the new token revokes the old pair', async () => {
    const s = await refreshableSession();
    const res = await anon.post('/refresh', { refresh_token: s.refresh });
    assert.equal(res.status, 200);
    assert.equal(typeof res.body.access_token, 'string');
    assert.equal(typeof res.body.refresh_token, 'string');
    assert.ok(res.body.expires_in_ms > 0);
    assert.notEqual(res.body.access_token, s.access);
    assert.notEqual(res.body.refresh_token, s.refresh);

    // Until the new pair is used, the old access token still works.
    assert.equal((await anon.withToken(s.access).get('/account/whoami')).status, 200);
    const who = await anon.withToken(res.body.access_token).get('/account/whoami');
    assert.equal(who.status, 200);
    assert.equal(who.body.user_id, alice.userId);
    assert.equal(who.body.device_id, s.deviceId);

    // The new access token has been used: the old access and refresh tokens are gone.
    expectError(await anon.withToken(s.access).get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    expectError(await anon.post('/refresh', { refresh_token: s.refresh }), 401, 'M_UNKNOWN_TOKEN');
    // The new token keeps working.
    assert.equal((await anon.withToken(res.body.access_token).get('/account/whoami')).status, 200);
  });

  test('the old refresh token can be retried until the new pair is used, and answers the same pair', async () => {
    const s = await refreshableSession();
    const first = await anon.post('/refresh', { refresh_token: s.refresh });
    assert.equal(first.status, 200);
    const retry = await anon.post('/refresh', { refresh_token: s.refresh });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.access_token, first.body.access_token);
    assert.equal(retry.body.refresh_token, first.body.refresh_token);
    assert.ok(retry.body.expires_in_ms > 0 && retry.body.expires_in_ms <= first.body.expires_in_ms);
    assert.equal((await anon.withToken(first.body.access_token).get('/account/whoami')).status, 200);
    // Used: the old refresh token is revoked.
    expectError(await anon.post('/refresh', { refresh_token: s.refresh }), 401, 'M_UNKNOWN_TOKEN');
  });

  test('concurrent refreshes with one token all answer one pair, and every answered token works', async () => {
    for (const generation of [0, 1]) {
      let s = await refreshableSession();
      if (generation === 1) {
        // The same race on a token that is itself the product of a refresh.
        const next = await anon.post('/refresh', { refresh_token: s.refresh });
        s = { ...s, access: next.body.access_token, refresh: next.body.refresh_token };
      }
      const answers = await Promise.all(Array.from({ length: 12 }, () => anon.post('/refresh', { refresh_token: s.refresh })));
      const ok = answers.filter((a) => a.status === 200);
      for (const a of answers) if (a.status !== 200) expectError(a, 401, 'M_UNKNOWN_TOKEN');
      assert.ok(ok.length > 0);
      const pairs = new Set(ok.map((a) => `${a.body.access_token} ${a.body.refresh_token}`));
      assert.equal(pairs.size, 1);
      for (const a of ok) {
        const who = await anon.withToken(a.body.access_token).get('/account/whoami');
        assert.equal(who.status, 200);
        assert.equal(who.body.device_id, s.deviceId);
      }
      // The answered refresh token works too, and nothing else was left valid on the device.
      const after = await anon.post('/refresh', { refresh_token: ok[0]!.body.refresh_token });
      assert.equal(after.status, 200);
      expectError(await anon.post('/refresh', { refresh_token: s.refresh }), 401, 'M_UNKNOWN_TOKEN');
      const rows = await ctx.server.deps.database.db.selectFrom('access_tokens').select('id').where('device_id', '=', s.deviceId).execute();
      assert.equal(rows.length, 2, 'the answered pair and the one refreshed from it');
    }
  });

  test('once the unused new pair has expired, a retry gets a fresh pair that replaces it', async () => {
    const s = await refreshableSession();
    const first = await anon.post('/refresh', { refresh_token: s.refresh });
    const realNow = ctx.server.deps.now;
    ctx.server.deps.now = () => realNow() + 60 * 60_000;
    try {
      const retry = await anon.post('/refresh', { refresh_token: s.refresh });
      assert.equal(retry.status, 200);
      assert.notEqual(retry.body.access_token, first.body.access_token);
      expectError(await anon.post('/refresh', { refresh_token: first.body.refresh_token }), 401, 'M_UNKNOWN_TOKEN');
      assert.equal((await anon.withToken(retry.body.access_token).get('/account/whoami')).status, 200);
    } finally {
      ctx.server.deps.now = realNow;
    }
  });

  test('using the new refresh token also revokes the old pair', async () => {
    const s = await refreshableSession();
    const first = await anon.post('/refresh', { refresh_token: s.refresh });
    const second = await anon.post('/refresh', { refresh_token: first.body.refresh_token });
    assert.equal(second.status, 200);
    expectError(await anon.withToken(s.access).get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    expectError(await anon.post('/refresh', { refresh_token: s.refresh }), 401, 'M_UNKNOWN_TOKEN');
    // The intermediate access token survives until the newest pair is used.
    assert.equal((await anon.withToken(first.body.access_token).get('/account/whoami')).status, 200);
    assert.equal((await anon.withToken(second.body.access_token).get('/account/whoami')).status, 200);
    expectError(await anon.withToken(first.body.access_token).get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
  });

  test('an unknown refresh token is refused with M_UNKNOWN_TOKEN; a missing one with M_BAD_JSON', async () => {
    const res = await anon.post('/refresh', { refresh_token: 'prt_nonsense' });
    expectError(res, 401, 'M_UNKNOWN_TOKEN');
    expectError(await anon.post('/refresh', {}), 400, 'M_BAD_JSON');
    expectError(await anon.post('/refresh', { refresh_token: 42 }), 400, 'M_BAD_JSON');
  });

  test('an expired access token is a soft logout, and refreshing recovers the session', async () => {
    const s = await refreshableSession();
    const realNow = ctx.server.deps.now;
    ctx.server.deps.now = () => realNow() + 60 * 60_000;
    try {
      const res = await anon.withToken(s.access).get('/account/whoami');
      expectError(res, 401, 'M_UNKNOWN_TOKEN');
      assert.equal(res.body.soft_logout, true);
      const refreshed = await anon.post('/refresh', { refresh_token: s.refresh });
      assert.equal(refreshed.status, 200);
      const who = await anon.withToken(refreshed.body.access_token).get('/account/whoami');
      assert.equal(who.status, 200);
      assert.equal(who.body.device_id, s.deviceId);
    } finally {
      ctx.server.deps.now = realNow;
    }
  });

  test('logging the device out kills its refresh token', async () => {
    const s = await refreshableSession();
    assert.equal((await anon.withToken(s.access).post('/logout', {})).status, 200);
    expectError(await anon.post('/refresh', { refresh_token: s.refresh }), 401, 'M_UNKNOWN_TOKEN');
  });
});
