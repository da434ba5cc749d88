import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signJson } from '@parley/protocol/node';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { expectError, registerUser, type TestUser } from '../../support/client.ts';
import { createRoom, join } from '../../support/factories.ts';
import { syncOnce } from '../../support/e2eeClient.ts';
import { crossSigningKey, crossSigningSet, signedDeviceKeys, type CrossSigningSet } from '../../support/crossSigningKeys.ts';

/** A user with real device keys and cross-signing keys uploaded. */
async function setUp(baseUrl: string): Promise<{ user: TestUser; device: ReturnType<typeof signedDeviceKeys>; set: CrossSigningSet }> {
  const user = await registerUser(baseUrl);
  const device = signedDeviceKeys(user);
  assert.equal((await user.api.post('/keys/upload', { device_keys: device.keys })).status, 200);
  const set = crossSigningSet(user.userId);
  assert.equal((await user.api.post('/keys/device_signing/upload', set.body)).status, 200);
  return { user, device, set };
}

onEachDatabase('cross-signing signatures', (ctx) => {
  test('own device by the self-signing key, own master key by a device: stored and served', async () => {
    const { user, device, set } = await setUp(ctx.server.url);
    const other = await registerUser(ctx.server.url);
    const signedDevice = signJson(device.keys, user.userId, set.selfSigning);
    const signedMaster = signJson(set.body.master_key as object, user.userId, device.signingKey);
    const r = await user.api.post('/keys/signatures/upload', { [user.userId]: { [user.deviceId]: signedDevice, [set.master.publicKey]: signedMaster } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.failures, {});
    const q = await other.api.post('/keys/query', { device_keys: { [user.userId]: [] } });
    const dev = q.body.device_keys[user.userId][user.deviceId];
    assert.deepEqual(dev.signatures, (signedDevice as { signatures: unknown }).signatures);
    assert.deepEqual(q.body.master_keys[user.userId].signatures, (signedMaster as { signatures: unknown }).signatures);
    // Sending the served object back (with every signature and unsigned) adds nothing and fails nothing.
    const back = await user.api.post('/keys/signatures/upload', { [user.userId]: { [user.deviceId]: dev } });
    assert.deepEqual(back.body.failures, {});
  });

  test('new device keys drop the signatures made on the old ones', async () => {
    const { user, device, set } = await setUp(ctx.server.url);
    const r = await user.api.post('/keys/signatures/upload', { [user.userId]: { [user.deviceId]: signJson(device.keys, user.userId, set.selfSigning) } });
    assert.deepEqual(r.body.failures, {});
    const replaced = signedDeviceKeys(user);
    assert.equal((await user.api.post('/keys/upload', { device_keys: replaced.keys })).status, 200);
    const q = await user.api.post('/keys/query', { device_keys: { [user.userId]: [] } });
    assert.deepEqual(q.body.device_keys[user.userId][user.deviceId].signatures, (replaced.keys as { signatures: unknown }).signatures);
  });

  test('a signature by the wrong key, a bad signature, an unknown key and a changed object are failures', async () => {
    const { user, device, set } = await setUp(ctx.server.url);
    const stranger = crossSigningKey();
    const r = await user.api.post('/keys/signatures/upload', {
      [user.userId]: {
        // A device signed by the user-signing key (only the self-signing key signs devices).
        [user.deviceId]: signJson(device.keys, user.userId, set.userSigning),
        // The master key signed by a key that is no device of the user.
        [set.master.publicKey]: signJson(set.body.master_key as object, user.userId, stranger),
        NOSUCHDEVICE: signJson({ ...device.keys, device_id: 'NOSUCHDEVICE' }, user.userId, set.selfSigning),
      },
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.failures[user.userId][user.deviceId].errcode, 'M_INVALID_SIGNATURE');
    assert.equal(r.body.failures[user.userId][set.master.publicKey].errcode, 'M_INVALID_SIGNATURE');
    assert.equal(r.body.failures[user.userId].NOSUCHDEVICE.errcode, 'M_NOT_FOUND');

    // The right key, but a signature that does not verify.
    const forged = signJson(device.keys, user.userId, set.selfSigning) as { signatures: Record<string, Record<string, string>> };
    forged.signatures[user.userId]![set.selfSigning.keyId] = signJson({ other: 1 }, user.userId, set.selfSigning).signatures[user.userId]![set.selfSigning.keyId]!;
    // A valid signature over an object that is not the stored key.
    const changed = signJson({ ...device.keys, algorithms: ['m.megolm.v1.aes-sha2'] }, user.userId, set.selfSigning);
    const r2 = await user.api.post('/keys/signatures/upload', { [user.userId]: { [user.deviceId]: forged } });
    assert.equal(r2.body.failures[user.userId][user.deviceId].errcode, 'M_INVALID_SIGNATURE');
    const r3 = await user.api.post('/keys/signatures/upload', { [user.userId]: { [user.deviceId]: changed } });
    assert.equal(r3.body.failures[user.userId][user.deviceId].errcode, 'M_INVALID_PARAM');
    // Malformed objects.
    const r4 = await user.api.post('/keys/signatures/upload', { [user.userId]: { [user.deviceId]: 'not an object', [set.master.publicKey]: set.body.master_key } });
    assert.equal(r4.body.failures[user.userId][user.deviceId].errcode, 'M_BAD_JSON');
    assert.equal(r4.body.failures[user.userId][set.master.publicKey].errcode, 'M_BAD_JSON');
    expectError(await user.api.post('/keys/signatures/upload', { [user.userId]: 'x' }), 400, 'M_BAD_JSON');

    const q = await user.api.post('/keys/query', { device_keys: { [user.userId]: [] } });
    assert.deepEqual(q.body.device_keys[user.userId][user.deviceId].signatures, (device.keys as { signatures: unknown }).signatures, 'no refused signature is stored');
  });

  test("another user's master key by the user-signing key, seen only by the signer", async () => {
    const a = await setUp(ctx.server.url);
    const b = await setUp(ctx.server.url);
    const roomId = await createRoom(b.user, { preset: 'public_chat' });
    await join(a.user, roomId);
    const before = await syncOnce(a.user);
    // Signed by a's self-signing key instead: refused.
    const wrong = await a.user.api.post('/keys/signatures/upload', {
      [b.user.userId]: { [b.set.master.publicKey]: signJson(b.set.body.master_key as object, a.user.userId, a.set.selfSigning) },
    });
    assert.equal(wrong.body.failures[b.user.userId][b.set.master.publicKey].errcode, 'M_INVALID_SIGNATURE');
    // Not b's master key.
    const notMaster = await a.user.api.post('/keys/signatures/upload', {
      [b.user.userId]: { [b.set.selfSigning.publicKey]: signJson(b.set.body.self_signing_key as object, a.user.userId, a.set.userSigning) },
    });
    assert.equal(notMaster.body.failures[b.user.userId][b.set.selfSigning.publicKey].errcode, 'M_NOT_FOUND');

    const signed = signJson(b.set.body.master_key as object, a.user.userId, a.set.userSigning) as { signatures: Record<string, Record<string, string>> };
    const r = await a.user.api.post('/keys/signatures/upload', { [b.user.userId]: { [b.set.master.publicKey]: signed } });
    assert.deepEqual(r.body.failures, {});
    const seenByA = await a.user.api.post('/keys/query', { device_keys: { [b.user.userId]: [] } });
    assert.equal(seenByA.body.master_keys[b.user.userId].signatures[a.user.userId][a.set.userSigning.keyId], signed.signatures[a.user.userId]![a.set.userSigning.keyId]);
    const seenByB = await b.user.api.post('/keys/query', { device_keys: { [b.user.userId]: [] } });
    assert.equal(seenByB.body.master_keys[b.user.userId].signatures?.[a.user.userId], undefined, "other users' user-signing signatures stay hidden");
    const after = await syncOnce(a.user, before.next_batch);
    assert.ok(after.device_lists?.changed?.includes(b.user.userId), JSON.stringify(after.device_lists));
  });

  test('too many signed objects in one request are refused', async () => {
    const { user } = await setUp(ctx.server.url);
    const many: Record<string, unknown> = {};
    for (let i = 0; i < 101; i++) many[`DEV${i}`] = {};
    expectError(await user.api.post('/keys/signatures/upload', { [user.userId]: many }), 400, 'M_INVALID_PARAM');
    const users = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`@u${i}:localhost`, {}]));
    expectError(await user.api.post('/keys/signatures/upload', users), 400, 'M_INVALID_PARAM');
  });
});
