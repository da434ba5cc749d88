import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signJson } from '@parley/protocol/node';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { expectError, registerUser } from '../../support/client.ts';
import { createRoom, join } from '../../support/factories.ts';
import { syncOnce } from '../../support/e2eeClient.ts';
import { withPasswordAuth } from '../../support/uia.ts';
import { crossSigningSet, signedDeviceKeys } from '../../support/crossSigningKeys.ts';

onEachDatabase('end-to-end encryption state over an account lifetime', (ctx) => {
  test('deactivation deletes cross-signing keys, signatures and key backups', async () => {
    const gone = await registerUser(ctx.server.url);
    const friend = await registerUser(ctx.server.url);
    const roomId = await createRoom(friend, { preset: 'public_chat' });
    await join(gone, roomId);
    // gone: device keys, cross-signing keys, a device signed by the self-signing key, and friend's
    // master key signed by gone's user-signing key; friend: cross-signing keys.
    const device = signedDeviceKeys(gone);
    await gone.api.post('/keys/upload', { device_keys: device.keys });
    const set = crossSigningSet(gone.userId);
    assert.equal((await gone.api.post('/keys/device_signing/upload', set.body)).status, 200);
    const friendSet = crossSigningSet(friend.userId);
    assert.equal((await friend.api.post('/keys/device_signing/upload', friendSet.body)).status, 200);
    const signatures = await gone.api.post('/keys/signatures/upload', {
      [gone.userId]: { [gone.deviceId]: signJson(device.keys, gone.userId, set.selfSigning) },
      [friend.userId]: { [friendSet.master.publicKey]: signJson(friendSet.body.master_key as object, gone.userId, set.userSigning) },
    });
    assert.deepEqual(signatures.body.failures, {});
    const version = (await gone.api.post('/room_keys/version', { algorithm: 'm.megolm_backup.v1.curve25519-aes-sha2', auth_data: { public_key: 'pk' } })).body.version;
    const put = await gone.api.put(`/room_keys/keys/${encodeURIComponent('!r:localhost')}/s?version=${version}`, {
      first_message_index: 0,
      forwarded_count: 0,
      is_verified: false,
      session_data: { ciphertext: 'c' },
    });
    assert.equal(put.body.count, 1);

    const db = ctx.server.deps.database.db;
    const rows = async (): Promise<number[]> =>
      Promise.all([
        db.selectFrom('cross_signing_keys').select('user_id').where('user_id', '=', gone.userId).execute(),
        db
          .selectFrom('key_signatures')
          .select('target_user_id')
          .where((eb) => eb.or([eb('target_user_id', '=', gone.userId), eb('signer_user_id', '=', gone.userId)]))
          .execute(),
        db.selectFrom('room_key_backup_versions').select('user_id').where('user_id', '=', gone.userId).execute(),
        db.selectFrom('room_key_backups').select('user_id').where('user_id', '=', gone.userId).execute(),
      ]).then((r) => r.map((x) => x.length));
    assert.deepEqual(await rows(), [3, 2, 1, 1]);

    const before = await syncOnce(friend);
    assert.equal((await withPasswordAuth(gone.api, gone, 'POST', '/account/deactivate')).status, 200);
    assert.deepEqual(await rows(), [0, 0, 0, 0]);
    const q = await friend.api.post('/keys/query', { device_keys: { [gone.userId]: [], [friend.userId]: [] } });
    assert.deepEqual(q.body.master_keys[gone.userId], undefined);
    assert.deepEqual(q.body.self_signing_keys[gone.userId], undefined);
    assert.deepEqual(q.body.master_keys[friend.userId], friendSet.body.master_key, "the friend's own key stays, without the departed user's signature");
    const after = await syncOnce(friend, before.next_batch);
    assert.ok((after.device_lists?.left ?? []).includes(gone.userId) || (after.device_lists?.changed ?? []).includes(gone.userId), JSON.stringify(after.device_lists));
  });

  test('dehydrated devices (MSC3814) are not offered: 404 M_UNRECOGNIZED', async () => {
    const user = await registerUser(ctx.server.url);
    const base = '/_matrix/client/unstable/org.matrix.msc3814.v1/dehydrated_device';
    expectError(await user.api.get(base), 404, 'M_UNRECOGNIZED');
    expectError(await user.api.put(base, { device_id: 'DEHYDRATED', device_data: { algorithm: 'x' } }), 404, 'M_UNRECOGNIZED');
    expectError(await user.api.post(`${base}/DEHYDRATED/events`, {}), 404, 'M_UNRECOGNIZED');
    expectError(await user.api.delete(base), 404, 'M_UNRECOGNIZED');
    const versions = await user.api.get('/_matrix/client/versions');
    assert.equal(versions.body.unstable_features?.['org.matrix.msc3814'], undefined);
  });
});
