import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, registerUser } from '../../support/client.ts';
import { createRoom, join } from '../../support/factories.ts';
import { deviceKeysOf, loginNewDevice, signedKey, syncOnce } from '../../support/e2eeClient.ts';

onEachDatabase('device keys', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);
  before(async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
  });

  test('uploaded device keys are returned by /keys/query with the device display name', async () => {
    const phone = await loginNewDevice(ctx.server.url, alice, 'Alice phone');
    const up = await phone.api.post('/keys/upload', { device_keys: deviceKeysOf(phone) });
    assert.equal(up.status, 200);
    assert.equal(up.body.one_time_key_counts.signed_curve25519, 0);
    const q = await bob.api.post('/keys/query', { device_keys: { [alice.userId]: [] } });
    assert.equal(q.status, 200);
    const dev = q.body.device_keys[alice.userId][phone.deviceId];
    assert.deepEqual(dev.keys, (deviceKeysOf(phone) as { keys: unknown }).keys);
    assert.equal(dev.user_id, alice.userId);
    assert.equal(dev.device_id, phone.deviceId);
    assert.equal(dev.unsigned.device_display_name, 'Alice phone');
    assert.deepEqual(q.body.failures, {});
    assert.deepEqual(q.body.master_keys, {});
    assert.deepEqual(q.body.self_signing_keys, {});
    assert.deepEqual(q.body.user_signing_keys, {});
    // Asking for one device only returns that device; unknown devices are left out.
    const one = await bob.api.post('/keys/query', { device_keys: { [alice.userId]: ['NOSUCHDEVICE'], [carol.userId]: [] } });
    assert.deepEqual(one.body.device_keys[alice.userId], {});
    assert.deepEqual(one.body.device_keys[carol.userId], {});
  });

  test('device keys for another user or device are refused', async () => {
    expectError(await alice.api.post('/keys/upload', { device_keys: deviceKeysOf({ userId: bob.userId, deviceId: alice.deviceId }) }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post('/keys/upload', { device_keys: deviceKeysOf({ userId: alice.userId, deviceId: 'OTHERDEVICE' }) }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post('/keys/upload', { device_keys: { user_id: alice.userId, device_id: alice.deviceId } }), 400, 'M_BAD_JSON');
    const q = await bob.api.post('/keys/query', { device_keys: { [alice.userId]: ['OTHERDEVICE'] } });
    assert.deepEqual(q.body.device_keys[alice.userId], {});
    expectError(await alice.api.post('/keys/query', {}), 400, 'M_BAD_JSON');
    expectError(await new Api(ctx.server.url).post('/keys/query', { device_keys: {} }), 401, 'M_MISSING_TOKEN');
  });

  test('one-time keys are counted, claimed once each, then the fallback key is handed out', async () => {
    const dev = await loginNewDevice(ctx.server.url, bob);
    const up = await dev.api.post('/keys/upload', {
      device_keys: deviceKeysOf(dev),
      one_time_keys: { 'signed_curve25519:AAAA': signedKey(dev, 'otk1'), 'signed_curve25519:AAAB': signedKey(dev, 'otk2') },
      fallback_keys: { 'signed_curve25519:FFFF': signedKey(dev, 'fb1', true) },
    });
    assert.equal(up.status, 200);
    assert.equal(up.body.one_time_key_counts.signed_curve25519, 2);
    let s = await syncOnce(dev);
    assert.equal(s.device_one_time_keys_count.signed_curve25519, 2);
    assert.deepEqual(s.device_unused_fallback_key_types, ['signed_curve25519']);

    const claimed: string[] = [];
    for (let i = 0; i < 2; i++) {
      const c = await alice.api.post('/keys/claim', { one_time_keys: { [bob.userId]: { [dev.deviceId]: 'signed_curve25519' } } });
      assert.equal(c.status, 200);
      const keys = c.body.one_time_keys[bob.userId][dev.deviceId];
      const [id] = Object.keys(keys);
      claimed.push(keys[id!].key);
      assert.deepEqual(c.body.failures, {});
    }
    assert.deepEqual(claimed.sort(), ['otk1', 'otk2']);
    s = await syncOnce(dev);
    assert.equal(s.device_one_time_keys_count.signed_curve25519, 0);
    assert.deepEqual(s.device_unused_fallback_key_types, ['signed_curve25519']);
    // Counts a sync has just reported move with the next upload too.
    await dev.api.post('/keys/upload', { one_time_keys: { 'signed_curve25519:AAAC': signedKey(dev, 'otk3') } });
    s = await syncOnce(dev);
    assert.equal(s.device_one_time_keys_count.signed_curve25519, 1);
    const third = await alice.api.post('/keys/claim', { one_time_keys: { [bob.userId]: { [dev.deviceId]: 'signed_curve25519' } } });
    assert.deepEqual(Object.keys(third.body.one_time_keys[bob.userId][dev.deviceId]), ['signed_curve25519:AAAC']);

    // The pool is empty: the fallback key comes, is marked used, and comes again.
    for (let i = 0; i < 2; i++) {
      const c = await alice.api.post('/keys/claim', { one_time_keys: { [bob.userId]: { [dev.deviceId]: 'signed_curve25519' } } });
      assert.deepEqual(c.body.one_time_keys[bob.userId][dev.deviceId], { 'signed_curve25519:FFFF': signedKey(dev, 'fb1', true) });
    }
    s = await syncOnce(dev);
    assert.deepEqual(s.device_unused_fallback_key_types, []);
    // A new fallback key is unused again.
    await dev.api.post('/keys/upload', { fallback_keys: { 'signed_curve25519:FFFG': signedKey(dev, 'fb2', true) } });
    s = await syncOnce(dev);
    assert.deepEqual(s.device_unused_fallback_key_types, ['signed_curve25519']);

    // Devices without keys, unknown algorithms and unknown devices are simply absent.
    const none = await alice.api.post('/keys/claim', { one_time_keys: { [bob.userId]: { [dev.deviceId]: 'curve25519', NOSUCH: 'signed_curve25519' } } });
    assert.equal(none.status, 200);
    assert.deepEqual(none.body.one_time_keys, {});
    expectError(await alice.api.post('/keys/claim', { one_time_keys: { [bob.userId]: { [dev.deviceId]: 5 } } }), 400, 'M_BAD_JSON');
  });

  test('one-time key uploads are checked', async () => {
    const dev = await loginNewDevice(ctx.server.url, carol);
    const first = await dev.api.post('/keys/upload', { one_time_keys: { 'signed_curve25519:K1': signedKey(dev, 'a') } });
    assert.equal(first.body.one_time_key_counts.signed_curve25519, 1);
    // The same key again is accepted and not counted twice.
    const again = await dev.api.post('/keys/upload', { one_time_keys: { 'signed_curve25519:K1': signedKey(dev, 'a') } });
    assert.equal(again.body.one_time_key_counts.signed_curve25519, 1);
    expectError(await dev.api.post('/keys/upload', { one_time_keys: { 'signed_curve25519:K1': signedKey(dev, 'different') } }), 400, 'M_INVALID_PARAM');
    expectError(await dev.api.post('/keys/upload', { one_time_keys: { nocolon: signedKey(dev, 'b') } }), 400, 'M_INVALID_PARAM');
    expectError(await dev.api.post('/keys/upload', { one_time_keys: { 'signed_curve25519:K2': 42 } }), 400, 'M_BAD_JSON');
    const empty = await dev.api.post('/keys/upload', {});
    assert.equal(empty.status, 200);
    assert.equal(empty.body.one_time_key_counts.signed_curve25519, 1);
  });

  test('a key upload shows in device_lists.changed for users sharing a room, and in /keys/changes', async () => {
    const aliceSync = await syncOnce(alice);
    const carolSync = await syncOnce(carol);
    const from = aliceSync.next_batch as string;
    // Alice is long-polling when bob's new device uploads keys: she is woken.
    const polling = syncOnce(alice, from, { timeout: 20_000 });
    const dev = await loginNewDevice(ctx.server.url, bob);
    const up = await dev.api.post('/keys/upload', { device_keys: deviceKeysOf(dev) });
    assert.equal(up.status, 200);
    const woke = await polling;
    assert.ok(woke.device_lists.changed.includes(bob.userId), JSON.stringify(woke.device_lists));
    const inc = await syncOnce(alice, from);
    assert.deepEqual(inc.device_lists.changed, [bob.userId]);
    const carolInc = await syncOnce(carol, carolSync.next_batch);
    assert.deepEqual(carolInc.device_lists.changed, []);
    // Uploading the same keys again is not a change.
    const after1 = await syncOnce(alice);
    await dev.api.post('/keys/upload', { device_keys: deviceKeysOf(dev) });
    const quiet = await syncOnce(alice, after1.next_batch);
    assert.deepEqual(quiet.device_lists.changed, []);

    const changes = await alice.api.get(`/keys/changes?from=${from}&to=${inc.next_batch}`);
    assert.equal(changes.status, 200);
    assert.deepEqual(changes.body.changed, [bob.userId]);
    assert.deepEqual(changes.body.left, []);
    const carolChanges = await carol.api.get(`/keys/changes?from=${from}&to=${inc.next_batch}`);
    assert.deepEqual(carolChanges.body.changed, []);
    expectError(await alice.api.get(`/keys/changes?from=nonsense&to=${inc.next_batch}`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/keys/changes?from=${from}`), 400, 'M_MISSING_PARAM');
  });

  test('joining and leaving a room show in device_lists changed and left', async () => {
    const dave = await registerUser(ctx.server.url);
    const roomId = await createRoom(dave, { preset: 'public_chat' });
    const before = await syncOnce(carol);
    await join(carol, roomId);
    const joined = await syncOnce(carol, before.next_batch);
    assert.ok(joined.device_lists.changed.includes(dave.userId), JSON.stringify(joined.device_lists));
    const daveView = await syncOnce(dave, before.next_batch);
    assert.ok(daveView.device_lists.changed.includes(carol.userId), JSON.stringify(daveView.device_lists));
    const res = await carol.api.post(`/rooms/${encodeURIComponent(roomId)}/leave`, {});
    assert.equal(res.status, 200);
    const left = await syncOnce(dave, daveView.next_batch);
    assert.deepEqual(left.device_lists.left, [carol.userId]);
    const changes = await dave.api.get(`/keys/changes?from=${daveView.next_batch}&to=${left.next_batch}`);
    assert.deepEqual(changes.body.left, [carol.userId]);
  });

  test('a user who never created a key backup has none', async () => {
    expectError(await alice.api.get('/room_keys/version'), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get('/room_keys/version/1'), 404, 'M_NOT_FOUND');
    const r = await alice.api.get('/room_keys/version');
    assert.equal(r.body.error, 'No current backup version');
  });
});
