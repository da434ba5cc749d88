import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, type TestUser } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import { login, passwordAuth, withPasswordAuth } from '../../support/uia.ts';

interface Device {
  device_id: string;
  display_name?: string;
  last_seen_ts?: number;
  last_seen_ip?: string;
}

onEachDatabase('devices', (ctx) => {
  let anon: Api;
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  before(async () => {
    anon = new Api(ctx.server.url);
  });

  async function newDevice(user: TestUser, extra: Record<string, unknown> = {}): Promise<{ deviceId: string; api: Api }> {
    const res = await login(anon, user.localpart, user.password, extra);
    assert.equal(res.status, 200);
    return { deviceId: res.body.device_id, api: anon.withToken(res.body.access_token) };
  }

  test('devices are listed with their display names and when and where they were last seen', async () => {
    const before = Date.now();
    const phone = await newDevice(alice, { initial_device_display_name: 'Phone' });
    const res = await alice.api.get('/devices');
    assert.equal(res.status, 200);
    const phoneRow = res.body.devices.find((d: Device) => d.device_id === phone.deviceId) as Device;
    assert.equal(phoneRow.display_name, 'Phone');
    assert.ok(phoneRow.last_seen_ts! >= before);
    assert.match(phoneRow.last_seen_ip!, /127\.0\.0\.1/);
    assert.ok(res.body.devices.some((d: Device) => d.device_id === alice.deviceId));
    const one = await alice.api.get(`/devices/${r(phone.deviceId)}`);
    assert.equal(one.status, 200);
    assert.deepEqual(one.body, phoneRow);
  });

  test('last_seen_ts moves when a device is used later', async () => {
    const laptop = await newDevice(alice);
    const realNow = ctx.server.deps.now;
    const later = realNow() + 60 * 60_000;
    ctx.server.deps.now = () => later;
    try {
      assert.equal((await laptop.api.get('/account/whoami')).status, 200);
    } finally {
      ctx.server.deps.now = realNow;
    }
    const row = (await alice.api.get(`/devices/${r(laptop.deviceId)}`)).body as Device;
    assert.equal(row.last_seen_ts, later);
  });

  test("unknown devices and other users' devices are not found", async () => {
    expectError(await alice.api.get('/devices/NOSUCHDEVICE'), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get(`/devices/${r(bob.deviceId)}`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.put(`/devices/${r(bob.deviceId)}`, { display_name: 'mine now' }), 404, 'M_NOT_FOUND');
    expectError(await alice.api.put('/devices/NOSUCHDEVICE', {}), 404, 'M_NOT_FOUND');
    const bobs = await bob.api.get(`/devices/${r(bob.deviceId)}`);
    assert.equal(bobs.body.display_name, undefined);
    expectError(await anon.get('/devices'), 401, 'M_MISSING_TOKEN');
  });

  test('a device can be renamed, and peers are told its device list changed', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    const since = (await bob.api.get('/sync?timeout=0')).body.next_batch;
    const res = await alice.api.put(`/devices/${r(alice.deviceId)}`, { display_name: 'Work laptop' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
    assert.equal((await alice.api.get(`/devices/${r(alice.deviceId)}`)).body.display_name, 'Work laptop');
    const sync = await bob.api.get(`/sync?timeout=0&since=${since}`);
    assert.ok(sync.body.device_lists.changed.includes(alice.userId));
    // No field: nothing changes.
    assert.equal((await alice.api.put(`/devices/${r(alice.deviceId)}`, {})).status, 200);
    assert.equal((await alice.api.get(`/devices/${r(alice.deviceId)}`)).body.display_name, 'Work laptop');
    expectError(await alice.api.put(`/devices/${r(alice.deviceId)}`, { display_name: 'x'.repeat(101) }), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(`/devices/${r(alice.deviceId)}`, { display_name: 5 }), 400, 'M_BAD_JSON');
  });

  test('deleting a device needs the password and revokes its tokens', async () => {
    const tablet = await newDevice(alice);
    const challenge = await alice.api.delete(`/devices/${r(tablet.deviceId)}`);
    assert.equal(challenge.status, 401);
    assert.deepEqual(challenge.body.flows, [{ stages: ['m.login.password'] }]);
    const wrong = await alice.api.delete(`/devices/${r(tablet.deviceId)}`, { auth: passwordAuth(alice, challenge.body.session, 'guess') });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errcode, 'M_FORBIDDEN');
    assert.equal((await tablet.api.get('/account/whoami')).status, 200);

    const ok = await alice.api.delete(`/devices/${r(tablet.deviceId)}`, { auth: passwordAuth(alice, challenge.body.session) });
    assert.equal(ok.status, 200);
    expectError(await tablet.api.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    expectError(await alice.api.get(`/devices/${r(tablet.deviceId)}`), 404, 'M_NOT_FOUND');
    const list = (await alice.api.get('/devices')).body.devices as Device[];
    assert.ok(!list.some((d) => d.device_id === tablet.deviceId));
  });

  test('a UIA session for one device cannot delete another', async () => {
    const a = await newDevice(alice);
    const b = await newDevice(alice);
    const challenge = await alice.api.delete(`/devices/${r(a.deviceId)}`);
    const res = await alice.api.delete(`/devices/${r(b.deviceId)}`, { auth: passwordAuth(alice, challenge.body.session) });
    expectError(res, 403, 'M_FORBIDDEN');
    assert.equal((await b.api.get('/account/whoami')).status, 200);
  });

  test('bulk deletion removes several devices; unknown IDs and other users are untouched', async () => {
    const a = await newDevice(alice);
    const b = await newDevice(alice);
    const res = await withPasswordAuth(alice.api, alice, 'POST', '/delete_devices', { devices: [a.deviceId, b.deviceId, 'NOSUCHDEVICE', bob.deviceId] });
    assert.equal(res.status, 200);
    expectError(await a.api.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    expectError(await b.api.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    assert.equal((await bob.api.get('/account/whoami')).status, 200);
    assert.equal((await alice.api.get('/account/whoami')).status, 200);
    expectError(await alice.api.post('/delete_devices', {}), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/delete_devices', { devices: 'A' }), 400, 'M_BAD_JSON');
  });

  test('a UIA session from bob cannot delete his devices when alice presents it', async () => {
    const challenge = await bob.api.post('/delete_devices', { devices: [bob.deviceId] });
    const res = await alice.api.post('/delete_devices', { devices: [bob.deviceId], auth: passwordAuth(alice, challenge.body.session) });
    expectError(res, 403, 'M_FORBIDDEN');
    assert.equal((await bob.api.get('/account/whoami')).status, 200);
  });
});
