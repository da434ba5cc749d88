import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, type TestUser } from '../../support/client.ts';
import { login, withPasswordAuth } from '../../support/uia.ts';
import { r } from '../../support/factories.ts';

type Json = Record<string, any>;
const URL_OK = 'https://push.example.org/_matrix/push/v1/notify';

function httpPusher(pushkey: string, extra: Json = {}): Json {
  return {
    kind: 'http',
    app_id: 'org.example.app.android',
    pushkey,
    app_display_name: 'Example',
    device_display_name: 'Phone',
    lang: 'en',
    data: { url: URL_OK, format: 'event_id_only' },
    ...extra,
  };
}

/** A second session (device) of a user, from a password login. */
async function newDevice(ctx: { server: { url: string } }, user: TestUser): Promise<{ api: Api; deviceId: string }> {
  const res = await login(new Api(ctx.server.url), user.userId, user.password);
  assert.equal(res.status, 200);
  return { api: new Api(ctx.server.url, res.body.access_token), deviceId: res.body.device_id };
}

onEachDatabase('pushers', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  const keys = async (api: Api): Promise<string[]> => ((await api.get('/pushers')).body.pushers as Json[]).map((p) => p.pushkey).sort();

  test('set, read back, replace and delete a pusher', async () => {
    assert.deepEqual((await alice.api.get('/pushers')).body, { pushers: [] });
    assert.equal((await alice.api.post('/pushers/set', httpPusher('key-1', { profile_tag: 'tag' }))).status, 200);
    const [p] = (await alice.api.get('/pushers')).body.pushers as Json[];
    assert.deepEqual(p, { ...httpPusher('key-1'), profile_tag: 'tag' });
    // Same app_id and pushkey: replaced, not added.
    assert.equal((await alice.api.post('/pushers/set', httpPusher('key-1', { device_display_name: 'Renamed' }))).status, 200);
    const after = (await alice.api.get('/pushers')).body.pushers as Json[];
    assert.equal(after.length, 1);
    assert.equal(after[0]!.device_display_name, 'Renamed');
    // An email pusher.
    assert.equal((await alice.api.post('/pushers/set', { ...httpPusher('alice@example.org'), kind: 'email', app_id: 'm.email', data: {} })).status, 200);
    assert.deepEqual(await keys(alice.api), ['alice@example.org', 'key-1']);
    // kind null deletes (the other fields are then not required).
    assert.equal((await alice.api.post('/pushers/set', { kind: null, app_id: 'org.example.app.android', pushkey: 'key-1' })).status, 200);
    assert.deepEqual(await keys(alice.api), ['alice@example.org']);
    assert.deepEqual(await keys(bob.api), []);
  });

  test("append: without it another user's pusher with the same key goes; with it both stay", async () => {
    assert.equal((await alice.api.post('/pushers/set', httpPusher('shared'))).status, 200);
    assert.equal((await bob.api.post('/pushers/set', httpPusher('shared', { append: true }))).status, 200);
    assert.ok((await keys(alice.api)).includes('shared'), 'append keeps the other user’s pusher');
    assert.ok((await keys(bob.api)).includes('shared'));
    assert.equal((await bob.api.post('/pushers/set', httpPusher('shared'))).status, 200);
    assert.ok(!(await keys(alice.api)).includes('shared'), 'without append the other user’s pusher is removed');
    assert.ok((await keys(bob.api)).includes('shared'));
  });

  test('missing and invalid parameters', async () => {
    expectError(await alice.api.post('/pushers/set', { app_id: 'a', pushkey: 'k' }), 400, 'M_MISSING_PARAM');
    const { lang: _l, data: _d, ...noLang } = httpPusher('k');
    expectError(await alice.api.post('/pushers/set', noLang), 400, 'M_MISSING_PARAM');
    expectError(await alice.api.post('/pushers/set', httpPusher('k', { data: { format: 'event_id_only' } })), 400, 'M_MISSING_PARAM');
    expectError(await alice.api.post('/pushers/set', httpPusher('k', { kind: 'sms' })), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post('/pushers/set', httpPusher('k', { app_id: 'a'.repeat(65) })), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post('/pushers/set', httpPusher('k'.repeat(513))), 400, 'M_INVALID_PARAM');
    // 512 bytes is the bound, not 512 characters.
    expectError(await alice.api.post('/pushers/set', httpPusher('é'.repeat(300))), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post('/pushers/set', httpPusher('k', { append: 'yes' })), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post('/pushers/set', httpPusher('k', { data: 'url' })), 400, 'M_INVALID_PARAM');
    for (const url of ['ftp://push.example.org/_matrix/push/v1/notify', 'https://push.example.org/notify', 'not a url', 42])
      expectError(await alice.api.post('/pushers/set', httpPusher('k', { data: { url } })), 400, 'M_INVALID_PARAM');
    assert.equal((await alice.api.post('/pushers/set', httpPusher('k-max', { app_id: 'a'.repeat(64), pushkey: 'k'.repeat(512) }))).status, 200);
    assert.equal((await alice.api.post('/pushers/set', httpPusher('k-http', { data: { url: 'http://127.0.0.1:5000/_matrix/push/v1/notify' } }))).status, 200);
  });

  test("a device's pushers go when the device is deleted or logs out", async () => {
    const carol = { ...alice };
    const phone = await newDevice(ctx, carol);
    const tablet = await newDevice(ctx, carol);
    assert.equal((await phone.api.post('/pushers/set', httpPusher('phone-key'))).status, 200);
    assert.equal((await tablet.api.post('/pushers/set', httpPusher('tablet-key'))).status, 200);
    assert.ok((await keys(alice.api)).includes('phone-key'));
    assert.equal((await withPasswordAuth(alice.api, alice, 'DELETE', `/devices/${r(phone.deviceId)}`)).status, 200);
    const left = await keys(alice.api);
    assert.ok(!left.includes('phone-key'), 'the deleted device’s pusher is gone');
    assert.ok(left.includes('tablet-key'));
    assert.equal((await tablet.api.post('/logout')).status, 200);
    assert.ok(!(await keys(alice.api)).includes('tablet-key'), 'logging out removes the device and its pushers');
  });
});
