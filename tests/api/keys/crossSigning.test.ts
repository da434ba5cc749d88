import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { signJson } from '@parley/protocol/node';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser } from '../../support/client.ts';
import { createRoom, join } from '../../support/factories.ts';
import { syncOnce } from '../../support/e2eeClient.ts';
import { passwordAuth } from '../../support/uia.ts';
import { crossSigningKey, crossSigningSet, publicCrossSigningKey } from '../../support/crossSigningKeys.ts';

onEachDatabase('cross-signing keys', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);
  before(async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
  });

  test('the first upload needs no UIA, an identical one neither, a different one does', async () => {
    const first = crossSigningSet(alice.userId);
    assert.equal((await alice.api.post('/keys/device_signing/upload', first.body)).status, 200);
    // A retry of the same upload (its answer was lost) is not a replacement.
    assert.equal((await alice.api.post('/keys/device_signing/upload', first.body)).status, 200);
    assert.equal((await alice.api.post('/keys/device_signing/upload', { master_key: first.body.master_key })).status, 200);

    const second = crossSigningSet(alice.userId);
    const challenge = await alice.api.post('/keys/device_signing/upload', second.body);
    assert.equal(challenge.status, 401);
    assert.deepEqual(challenge.body.flows, [{ stages: ['m.login.password'] }]);
    let q = await bob.api.post('/keys/query', { device_keys: { [alice.userId]: [] } });
    assert.deepEqual(q.body.master_keys[alice.userId], first.body.master_key, 'nothing is replaced before UIA');
    // The session was started for these keys: it cannot upload others.
    const third = crossSigningSet(alice.userId);
    expectError(await alice.api.post('/keys/device_signing/upload', { ...third.body, auth: passwordAuth(alice, challenge.body.session) }), 403, 'M_FORBIDDEN');
    const again = await alice.api.post('/keys/device_signing/upload', second.body);
    const wrong = await alice.api.post('/keys/device_signing/upload', { ...second.body, auth: passwordAuth(alice, again.body.session, 'wrong password') });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.errcode, 'M_FORBIDDEN');
    const done = await alice.api.post('/keys/device_signing/upload', { ...second.body, auth: passwordAuth(alice, again.body.session) });
    assert.equal(done.status, 200);
    q = await bob.api.post('/keys/query', { device_keys: { [alice.userId]: [] } });
    assert.deepEqual(q.body.master_keys[alice.userId], second.body.master_key);
    assert.deepEqual(q.body.self_signing_keys[alice.userId], second.body.self_signing_key);
  });

  test('the unstable paths Element calls follow the same rules, and /versions advertises cross-signing', async () => {
    const user = await registerUser(ctx.server.url);
    const first = crossSigningSet(user.userId);
    assert.equal((await user.api.post('/_matrix/client/unstable/keys/device_signing/upload', first.body)).status, 200);
    const challenge = await user.api.post('/_matrix/client/unstable/keys/device_signing/upload', crossSigningSet(user.userId).body);
    assert.equal(challenge.status, 401);
    assert.deepEqual(challenge.body.flows, [{ stages: ['m.login.password'] }]);
    const sigs = await user.api.post('/_matrix/client/unstable/keys/signatures/upload', {});
    assert.equal(sigs.status, 200);
    assert.deepEqual(sigs.body, { failures: {} });
    const versions = await user.api.get('/_matrix/client/versions');
    assert.equal(versions.body.unstable_features['org.matrix.e2e_cross_signing'], true);
  });

  test('/keys/query shows the user-signing key to its owner only', async () => {
    const user = await registerUser(ctx.server.url);
    const set = crossSigningSet(user.userId);
    assert.equal((await user.api.post('/keys/device_signing/upload', set.body)).status, 200);
    const own = await user.api.post('/keys/query', { device_keys: { [user.userId]: [] } });
    assert.deepEqual(own.body.master_keys, { [user.userId]: set.body.master_key });
    assert.deepEqual(own.body.self_signing_keys, { [user.userId]: set.body.self_signing_key });
    assert.deepEqual(own.body.user_signing_keys, { [user.userId]: set.body.user_signing_key });
    const other = await carol.api.post('/keys/query', { device_keys: { [user.userId]: [] } });
    assert.deepEqual(other.body.master_keys, { [user.userId]: set.body.master_key });
    assert.deepEqual(other.body.self_signing_keys, { [user.userId]: set.body.self_signing_key });
    assert.deepEqual(other.body.user_signing_keys, {});
    // A user without cross-signing keys is simply absent from those maps.
    const none = await carol.api.post('/keys/query', { device_keys: { [carol.userId]: [] } });
    assert.deepEqual(none.body.master_keys, {});
  });

  test('malformed or badly signed keys are refused and nothing is stored', async () => {
    const user = await registerUser(ctx.server.url);
    const set = crossSigningSet(user.userId);
    const up = (body: unknown) => user.api.post('/keys/device_signing/upload', body);
    // Self-signing and user-signing keys need a master key.
    expectError(await up({ self_signing_key: set.body.self_signing_key }), 400, 'M_MISSING_PARAM');
    // Signed by another key than the master key: by itself, or by a stranger.
    const stranger = crossSigningKey();
    expectError(await up({ ...set.body, self_signing_key: publicCrossSigningKey(user.userId, 'self_signing', set.selfSigning, stranger) }), 400, 'M_INVALID_SIGNATURE');
    expectError(await up({ ...set.body, user_signing_key: publicCrossSigningKey(user.userId, 'user_signing', set.userSigning) }), 400, 'M_INVALID_SIGNATURE');
    // A valid signature over other content.
    const tampered = { ...(set.body.self_signing_key as object), usage: ['self_signing'], extra: 1 };
    expectError(await up({ ...set.body, self_signing_key: tampered }), 400, 'M_INVALID_SIGNATURE');
    // Shapes.
    expectError(await up({ master_key: publicCrossSigningKey(user.userId, 'self_signing', set.master) }), 400, 'M_INVALID_PARAM');
    expectError(await up({ master_key: { ...publicCrossSigningKey(user.userId, 'master', set.master), usage: ['master', 'self_signing'] } }), 400, 'M_INVALID_PARAM');
    expectError(await up({ master_key: publicCrossSigningKey(bob.userId, 'master', set.master) }), 400, 'M_INVALID_PARAM');
    const two = { user_id: user.userId, usage: ['master'], keys: { [set.master.keyId]: set.master.publicKey, [set.selfSigning.keyId]: set.selfSigning.publicKey } };
    expectError(await up({ master_key: two }), 400, 'M_INVALID_PARAM');
    expectError(await up({ master_key: { user_id: user.userId, usage: ['master'], keys: { [set.master.keyId]: 'not the same key' } } }), 400, 'M_INVALID_PARAM');
    expectError(await up({ master_key: { user_id: user.userId, usage: ['master'], keys: { 'ed25519:c2hvcnQ': 'c2hvcnQ' } } }), 400, 'M_INVALID_PARAM');
    expectError(await up({ master_key: { user_id: user.userId, keys: { [set.master.keyId]: set.master.publicKey } } }), 400, 'M_BAD_JSON');
    expectError(await up({ master_key: 'a string' }), 400, 'M_BAD_JSON');
    const huge = { ...publicCrossSigningKey(user.userId, 'master', set.master), signatures: { [user.userId]: { 'ed25519:x': 'y'.repeat(20_000) } } };
    expectError(await up({ master_key: huge }), 400, 'M_INVALID_PARAM');
    const q = await carol.api.post('/keys/query', { device_keys: { [user.userId]: [] } });
    assert.deepEqual(q.body.master_keys, {});
    // And the valid set is then accepted without UIA: no refused upload counted as a first one.
    assert.equal((await up(set.body)).status, 200);
  });

  test('a cross-signing public key may not be a device ID of the user', async () => {
    const user = await registerUser(ctx.server.url);
    const set = crossSigningSet(user.userId);
    const login = await user.api.post('/login', {
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: user.localpart },
      password: user.password,
      device_id: set.master.publicKey,
    });
    assert.equal(login.status, 200);
    expectError(await user.api.post('/keys/device_signing/upload', set.body), 403, 'M_FORBIDDEN');
  });

  test('an upload puts the user in device_lists.changed for room-mates and themselves', async () => {
    const dave = await registerUser(ctx.server.url);
    const roomId = await createRoom(dave, { preset: 'public_chat' });
    await join(bob, roomId);
    const bobBefore = await syncOnce(bob);
    const daveBefore = await syncOnce(dave);
    const carolBefore = await syncOnce(carol);
    assert.equal((await dave.api.post('/keys/device_signing/upload', crossSigningSet(dave.userId).body)).status, 200);
    const bobAfter = await syncOnce(bob, bobBefore.next_batch);
    assert.ok(bobAfter.device_lists?.changed?.includes(dave.userId), JSON.stringify(bobAfter.device_lists));
    const daveAfter = await syncOnce(dave, daveBefore.next_batch);
    assert.ok(daveAfter.device_lists?.changed?.includes(dave.userId), JSON.stringify(daveAfter.device_lists));
    // Carol shares no room with dave.
    const carolAfter = await syncOnce(carol, carolBefore.next_batch);
    assert.ok(!(carolAfter.device_lists?.changed ?? []).includes(dave.userId));
    // An identical upload changes nothing.
    const bobMid = await syncOnce(bob);
    const again = await dave.api.post('/keys/device_signing/upload', {});
    assert.equal(again.status, 200);
    const bobLater = await syncOnce(bob, bobMid.next_batch);
    assert.ok(!(bobLater.device_lists?.changed ?? []).includes(dave.userId));
  });

  test('the master key signature is checked over the exact key', async () => {
    const user = await registerUser(ctx.server.url);
    const set = crossSigningSet(user.userId);
    // A self-signing key signed by the master key, then uploaded after the master key alone.
    assert.equal((await user.api.post('/keys/device_signing/upload', { master_key: set.body.master_key })).status, 200);
    assert.equal(
      (await user.api.post('/keys/device_signing/upload', { self_signing_key: set.body.self_signing_key, auth: undefined })).status,
      401,
      'adding keys to an existing master key is a change',
    );
    const withAuth = await user.api.post('/keys/device_signing/upload', { self_signing_key: set.body.self_signing_key });
    const ok = await user.api.post('/keys/device_signing/upload', { self_signing_key: set.body.self_signing_key, auth: passwordAuth(user, withAuth.body.session) });
    assert.equal(ok.status, 200);
    const q = await carol.api.post('/keys/query', { device_keys: { [user.userId]: [] } });
    assert.deepEqual(
      q.body.self_signing_keys[user.userId],
      signJson({ user_id: user.userId, usage: ['self_signing'], keys: { [set.selfSigning.keyId]: set.selfSigning.publicKey } }, user.userId, set.master),
    );
  });
});
