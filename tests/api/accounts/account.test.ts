import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { Api, expectError, registerUser } from '../../support/client.ts';
import { createRoom, invite, join, r } from '../../support/factories.ts';
import { login, passwordAuth, withPasswordAuth } from '../../support/uia.ts';

onEachDatabase('password change and deactivation', (ctx) => {
  let anon: Api;
  before(async () => {
    anon = new Api(ctx.server.url);
  });

  test('changing the password asks for the old one, then logs the other devices out', async () => {
    const alice = await registerUser(ctx.server.url);
    const other = await login(anon, alice.localpart, alice.password);
    assert.equal(other.status, 200);

    const challenge = await alice.api.post('/account/password', { new_password: 'new secret words' });
    assert.equal(challenge.status, 401);
    assert.deepEqual(challenge.body.flows, [{ stages: ['m.login.password'] }]);
    assert.deepEqual(challenge.body.completed, []);

    const wrong = await alice.api.post('/account/password', { new_password: 'new secret words', auth: passwordAuth(alice, challenge.body.session, 'not my password') });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errcode, 'M_FORBIDDEN');
    assert.deepEqual(wrong.body.completed, []);

    const ok = await alice.api.post('/account/password', { new_password: 'new secret words', auth: passwordAuth(alice, challenge.body.session) });
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, {});

    expectError(await login(anon, alice.localpart, alice.password), 403, 'M_FORBIDDEN');
    assert.equal((await login(anon, alice.localpart, 'new secret words')).status, 200);
    // The caller's token survives; the other device and its token are gone.
    assert.equal((await alice.api.get('/account/whoami')).status, 200);
    expectError(await anon.withToken(other.body.access_token).get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    const devices = await alice.api.get('/devices');
    const ids = devices.body.devices.map((d: { device_id: string }) => d.device_id);
    assert.ok(ids.includes(alice.deviceId));
    assert.ok(!ids.includes(other.body.device_id));
  });

  test('logout_devices: false keeps the other sessions', async () => {
    const alice = await registerUser(ctx.server.url);
    const other = await login(anon, alice.localpart, alice.password);
    const res = await withPasswordAuth(alice.api, alice, 'POST', '/account/password', { new_password: 'another one', logout_devices: false });
    assert.equal(res.status, 200);
    assert.equal((await anon.withToken(other.body.access_token).get('/account/whoami')).status, 200);
    assert.equal((await login(anon, alice.localpart, 'another one')).status, 200);
  });

  test('the password stage must name the logged-in user', async () => {
    const alice = await registerUser(ctx.server.url);
    const bob = await registerUser(ctx.server.url);
    const challenge = await alice.api.post('/account/password', { new_password: 'x y z w' });
    const res = await alice.api.post('/account/password', { new_password: 'x y z w', auth: passwordAuth(bob, challenge.body.session) });
    assert.equal(res.status, 401);
    assert.equal(res.body.errcode, 'M_FORBIDDEN');
    expectError(await login(anon, alice.localpart, 'x y z w'), 403, 'M_FORBIDDEN');
  });

  test('a UIA session started by one user cannot be used by another', async () => {
    const alice = await registerUser(ctx.server.url);
    const bob = await registerUser(ctx.server.url);
    const bobs = await bob.api.post('/account/password', { new_password: 'stolen!!' });
    const res = await alice.api.post('/account/password', { new_password: 'stolen!!', auth: passwordAuth(alice, bobs.body.session) });
    expectError(res, 403, 'M_FORBIDDEN');
    // Nor by the same user for another operation.
    const mine = await alice.api.post('/account/password', { new_password: 'stolen!!' });
    expectError(await alice.api.post('/account/deactivate', { auth: passwordAuth(alice, mine.body.session) }), 403, 'M_FORBIDDEN');
    assert.equal((await alice.api.get('/account/whoami')).status, 200);
  });

  test('bad password-change requests are refused', async () => {
    const alice = await registerUser(ctx.server.url);
    expectError(await alice.api.post('/account/password', {}), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/account/password', { new_password: 7 }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/account/password', { new_password: '', auth: passwordAuth(alice) }), 400, 'M_WEAK_PASSWORD');
    expectError(await anon.post('/account/password', { new_password: 'abc abc' }), 401, 'M_MISSING_TOKEN');
    expectError(await alice.api.post('/account/password', { new_password: 'abc abc', auth: 'nope' }), 400, 'M_BAD_JSON');
    const unknownStage = await alice.api.post('/account/password', { new_password: 'abc abc', auth: { type: 'm.login.dummy' } });
    expectError(unknownStage, 400, 'M_UNRECOGNIZED');
  });

  test('deactivation revokes every token, leaves every room, and blocks login and the username', async () => {
    const alice = await registerUser(ctx.server.url);
    const bob = await registerUser(ctx.server.url);
    const bobOther = await login(anon, bob.localpart, bob.password);
    const publicRoom = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, publicRoom);
    const invitedTo = await createRoom(alice, { preset: 'private_chat' });
    await invite(alice, invitedTo, bob.userId);

    const challenge = await bob.api.post('/account/deactivate', {});
    assert.equal(challenge.status, 401);
    assert.deepEqual(challenge.body.flows, [{ stages: ['m.login.password'] }]);
    const wrong = await bob.api.post('/account/deactivate', { auth: passwordAuth(bob, challenge.body.session, 'wrong') });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errcode, 'M_FORBIDDEN');
    assert.equal((await bob.api.get('/account/whoami')).status, 200);

    const res = await bob.api.post('/account/deactivate', { auth: passwordAuth(bob, challenge.body.session) });
    assert.equal(res.status, 200);
    assert.equal(res.body.id_server_unbind_result, 'success');

    expectError(await bob.api.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    expectError(await anon.withToken(bobOther.body.access_token).get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    for (const roomId of [publicRoom, invitedTo]) {
      const member = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(bob.userId)}`);
      assert.equal(member.status, 200);
      assert.equal(member.body.membership, 'leave');
    }
    expectError(await login(anon, bob.localpart, bob.password), 403, 'M_USER_DEACTIVATED');
    expectError(await login(anon, bob.localpart, 'any guess'), 403, 'M_USER_DEACTIVATED');
    expectError(await anon.post('/register', { username: bob.localpart, password: 'pw pw pw', auth: { type: 'm.login.dummy' } }), 400, 'M_USER_IN_USE');
    expectError(await anon.get(`/register/available?username=${bob.localpart}`), 400, 'M_USER_IN_USE');
    // The stored hash is gone, so no password can ever log in again.
    const row = await ctx.server.deps.database.db.selectFrom('users').select(['password_hash', 'deactivated']).where('user_id', '=', bob.userId).executeTakeFirstOrThrow();
    assert.equal(row.password_hash, null);
    assert.equal(row.deactivated, 1);
  });

  test('deactivation with erase drops the profile and the account data', async () => {
    const carol = await registerUser(ctx.server.url);
    assert.equal((await carol.api.put(`/user/${r(carol.userId)}/account_data/org.example.x`, { a: 1 })).status, 200);
    const res = await withPasswordAuth(carol.api, carol, 'POST', '/account/deactivate', { erase: true });
    assert.equal(res.status, 200);
    expectError(await anon.get(`/profile/${r(carol.userId)}/displayname`), 404, 'M_NOT_FOUND');
    const rows = await ctx.server.deps.database.db.selectFrom('account_data').select('type').where('user_id', '=', carol.userId).execute();
    assert.equal(rows.length, 0);
  });
});
