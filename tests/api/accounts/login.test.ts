import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, registerUser } from '../../support/client.ts';
import { login } from '../../support/uia.ts';

onEachDatabase('login and logout', (ctx) => {
  let anon: Api;
  const { alice } = registerUsersBefore(ctx, ['alice']);
  before(async () => {
    anon = new Api(ctx.server.url);
  });

  test('GET /login offers password login', async () => {
    const res = await anon.get('/login');
    assert.equal(res.status, 200);
    assert.ok(res.body.flows.some((f: { type: string }) => f.type === 'm.login.password'));
  });

  test('password login works by localpart, by full user ID and by the legacy user field', async () => {
    for (const body of [
      { identifier: { type: 'm.id.user', user: alice.localpart } },
      { identifier: { type: 'm.id.user', user: alice.localpart.toUpperCase() } },
      { identifier: { type: 'm.id.user', user: alice.userId } },
      { user: alice.localpart },
      { user: alice.userId },
    ]) {
      const res = await anon.post('/login', { type: 'm.login.password', password: alice.password, ...body });
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(res.body.user_id, alice.userId);
      assert.equal(typeof res.body.access_token, 'string');
      assert.equal(typeof res.body.device_id, 'string');
      assert.equal(res.body.well_known['m.homeserver'].base_url, ctx.server.config.publicBaseUrl);
      const who = await anon.withToken(res.body.access_token).get('/account/whoami');
      assert.deepEqual(who.body, { user_id: alice.userId, device_id: res.body.device_id, is_guest: false });
    }
  });

  test('a wrong password and an unknown user get the same 403 M_FORBIDDEN', async () => {
    const wrong = await login(anon, alice.localpart, 'not the password');
    const unknown = await login(anon, 'nobody_here', 'whatever');
    expectError(wrong, 403, 'M_FORBIDDEN');
    expectError(unknown, 403, 'M_FORBIDDEN');
    assert.deepEqual(wrong.body, unknown.body);
    expectError(await login(anon, '@someone:elsewhere.example', 'x'), 403, 'M_FORBIDDEN');
  });

  test('malformed logins are refused', async () => {
    expectError(await anon.post('/login', { type: 'm.login.token', token: 'x' }), 400, 'M_UNKNOWN');
    expectError(await anon.post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.localpart } }), 400, 'M_BAD_JSON');
    expectError(await anon.post('/login', { type: 'm.login.password', password: 'x' }), 400, 'M_BAD_JSON');
    expectError(await anon.post('/login', { type: 'm.login.password', identifier: { type: 'm.id.phone', phone: '1' }, password: 'x' }), 400, 'M_UNKNOWN');
    expectError(await anon.post('/login', {}), 400, 'M_BAD_JSON');
  });

  test('logging in with an existing device_id reuses the device and replaces its token', async () => {
    const first = await login(anon, alice.localpart, alice.password, { device_id: 'REUSEDDEV', initial_device_display_name: 'Kitchen' });
    const second = await login(anon, alice.localpart, alice.password, { device_id: 'REUSEDDEV' });
    assert.equal(first.body.device_id, 'REUSEDDEV');
    assert.equal(second.body.device_id, 'REUSEDDEV');
    expectError(await anon.withToken(first.body.access_token).get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    const api = anon.withToken(second.body.access_token);
    assert.equal((await api.get('/account/whoami')).body.device_id, 'REUSEDDEV');
    const devices = (await api.get('/devices')).body.devices.filter((d: { device_id: string }) => d.device_id === 'REUSEDDEV');
    assert.equal(devices.length, 1);
    assert.equal(devices[0].display_name, 'Kitchen');
  });

  test('logout kills the token and removes the device', async () => {
    const session = await login(anon, alice.localpart, alice.password);
    const api = anon.withToken(session.body.access_token);
    assert.equal((await api.post('/logout', {})).status, 200);
    const dead = await api.get('/account/whoami');
    expectError(dead, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(dead.body.soft_logout, false);
    const devices = (await alice.api.get('/devices')).body.devices.map((d: { device_id: string }) => d.device_id);
    assert.ok(!devices.includes(session.body.device_id));
    assert.equal((await alice.api.get('/account/whoami')).status, 200);
  });

  test('logout/all kills every token of the user and no one else', async () => {
    const bob = await registerUser(ctx.server.url);
    const bob2 = await login(anon, bob.localpart, bob.password);
    assert.equal((await bob.api.post('/logout/all', {})).status, 200);
    expectError(await bob.api.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    expectError(await anon.withToken(bob2.body.access_token).get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    assert.equal((await alice.api.get('/account/whoami')).status, 200);
    // Logging in again works.
    assert.equal((await login(anon, bob.localpart, bob.password)).status, 200);
  });

  test('missing and unknown tokens are told apart; the query-string token still works', async () => {
    expectError(await anon.get('/account/whoami'), 401, 'M_MISSING_TOKEN');
    const unknown = await anon.withToken('pat_made_up').get('/account/whoami');
    expectError(unknown, 401, 'M_UNKNOWN_TOKEN');
    assert.equal(unknown.body.soft_logout, false);
    const viaQuery = await anon.get(`/account/whoami?access_token=${encodeURIComponent(alice.accessToken)}`);
    assert.equal(viaQuery.body.user_id, alice.userId);
  });
});
