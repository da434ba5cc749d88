import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser, type TestUser } from '../../support/client.ts';

const ALGORITHM = 'm.megolm_backup.v1.curve25519-aes-sha2';
const ROOM = '!room:localhost';

function keyData(firstMessageIndex: number, forwardedCount: number, isVerified: boolean, tag = 'c'): Record<string, unknown> {
  return {
    first_message_index: firstMessageIndex,
    forwarded_count: forwardedCount,
    is_verified: isVerified,
    session_data: { ephemeral: `eph-${tag}`, ciphertext: `cipher-${tag}`, mac: `mac-${tag}` },
  };
}

async function createBackup(user: TestUser, authData: Record<string, unknown> = { public_key: 'pk' }): Promise<string> {
  const r = await user.api.post('/room_keys/version', { algorithm: ALGORITHM, auth_data: authData });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(typeof r.body.version, 'string');
  return r.body.version;
}

onEachDatabase('key backup', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  test('versions: create, read the latest, update auth_data, delete', async () => {
    const v1 = await createBackup(alice, { public_key: 'one' });
    let cur = await alice.api.get('/room_keys/version');
    assert.deepEqual(cur.body, { algorithm: ALGORITHM, auth_data: { public_key: 'one' }, count: 0, etag: cur.body.etag, version: v1 });
    const v2 = await createBackup(alice, { public_key: 'two' });
    assert.notEqual(v2, v1);
    cur = await alice.api.get('/room_keys/version');
    assert.equal(cur.body.version, v2);
    assert.equal((await alice.api.get(`/room_keys/version/${v1}`)).body.auth_data.public_key, 'one');
    // Only auth_data changes; a version in the body must match the path; the algorithm must stay.
    assert.equal((await alice.api.put(`/room_keys/version/${v2}`, { algorithm: ALGORITHM, auth_data: { public_key: 'two', signatures: {} }, version: v2 })).status, 200);
    assert.deepEqual((await alice.api.get(`/room_keys/version/${v2}`)).body.auth_data, { public_key: 'two', signatures: {} });
    expectError(await alice.api.put(`/room_keys/version/${v2}`, { algorithm: ALGORITHM, auth_data: {}, version: v1 }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`/room_keys/version/${v2}`, { algorithm: 'org.example.other', auth_data: {} }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put('/room_keys/version/999', { algorithm: ALGORITHM, auth_data: {} }), 404, 'M_NOT_FOUND');
    expectError(await alice.api.put(`/room_keys/version/${v2}`, { auth_data: {} }), 400, 'M_BAD_JSON');
    // Other users' versions are not visible.
    expectError(await bob.api.get(`/room_keys/version/${v2}`), 404, 'M_NOT_FOUND');
    // Deleting the latest makes the previous one current; a deleted version is gone, and deleting it again succeeds.
    assert.equal((await alice.api.delete(`/room_keys/version/${v2}`)).status, 200);
    expectError(await alice.api.get(`/room_keys/version/${v2}`), 404, 'M_NOT_FOUND');
    assert.equal((await alice.api.get('/room_keys/version')).body.version, v1);
    assert.equal((await alice.api.delete(`/room_keys/version/${v2}`)).status, 200);
    expectError(await alice.api.delete('/room_keys/version/999'), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get('/room_keys/version/not-a-number'), 404, 'M_NOT_FOUND');
    expectError(await alice.api.put(`/room_keys/version/${v2}`, { algorithm: ALGORITHM, auth_data: {} }), 404, 'M_NOT_FOUND');
    // A new version never reuses a deleted number.
    const v3 = await createBackup(alice);
    assert.ok(Number(v3) > Number(v2));
  });

  test('keys: store, read at three levels, count and etag', async () => {
    const user = await registerUser(ctx.server.url);
    const v = await createBackup(user);
    const start = (await user.api.get('/room_keys/version')).body.etag;
    const put = await user.api.put(`/room_keys/keys?version=${v}`, { rooms: { [ROOM]: { sessions: { s1: keyData(0, 0, false, 'a'), s2: keyData(5, 1, true, 'b') } } } });
    assert.equal(put.status, 200);
    assert.equal(put.body.count, 2);
    assert.notEqual(put.body.etag, start);
    const byRoom = await user.api.put(`/room_keys/keys/${encodeURIComponent('!other:localhost')}?version=${v}`, { sessions: { s3: keyData(0, 0, false, 'c') } });
    assert.equal(byRoom.body.count, 3);
    assert.notEqual(byRoom.body.etag, put.body.etag);
    const bySession = await user.api.put(`/room_keys/keys/${encodeURIComponent(ROOM)}/s4?version=${v}`, keyData(2, 0, false, 'd'));
    assert.equal(bySession.body.count, 4);

    const all = await user.api.get(`/room_keys/keys?version=${v}`);
    assert.deepEqual(Object.keys(all.body.rooms).sort(), ['!other:localhost', ROOM]);
    assert.deepEqual(all.body.rooms[ROOM].sessions.s2, keyData(5, 1, true, 'b'));
    const room = await user.api.get(`/room_keys/keys/${encodeURIComponent(ROOM)}?version=${v}`);
    assert.deepEqual(Object.keys(room.body.sessions).sort(), ['s1', 's2', 's4']);
    const one = await user.api.get(`/room_keys/keys/${encodeURIComponent(ROOM)}/s1?version=${v}`);
    assert.deepEqual(one.body, keyData(0, 0, false, 'a'));
    const version = await user.api.get(`/room_keys/version/${v}`);
    assert.equal(version.body.count, 4);
    assert.equal(version.body.etag, bySession.body.etag);
    // Nothing there: an empty room, a missing session.
    assert.deepEqual((await user.api.get(`/room_keys/keys/${encodeURIComponent('!empty:localhost')}?version=${v}`)).body, { sessions: {} });
    expectError(await user.api.get(`/room_keys/keys/${encodeURIComponent(ROOM)}/nope?version=${v}`), 404, 'M_NOT_FOUND');
    // Deletes at each level move the etag; deleting nothing does not.
    const d1 = await user.api.delete(`/room_keys/keys/${encodeURIComponent(ROOM)}/s1?version=${v}`);
    assert.equal(d1.body.count, 3);
    assert.notEqual(d1.body.etag, bySession.body.etag);
    const d0 = await user.api.delete(`/room_keys/keys/${encodeURIComponent(ROOM)}/s1?version=${v}`);
    assert.deepEqual(d0.body, d1.body);
    const d2 = await user.api.delete(`/room_keys/keys/${encodeURIComponent(ROOM)}?version=${v}`);
    assert.equal(d2.body.count, 1);
    const d3 = await user.api.delete(`/room_keys/keys?version=${v}`);
    assert.equal(d3.body.count, 0);
    assert.deepEqual((await user.api.get(`/room_keys/keys?version=${v}`)).body, { rooms: {} });
    // Another user reads nothing of it.
    expectError(await bob.api.get(`/room_keys/keys?version=${v}`), 404, 'M_NOT_FOUND');
  });

  test('the replacement rule: verified first, then lower first_message_index, then lower forwarded_count', async () => {
    const user = await registerUser(ctx.server.url);
    const v = await createBackup(user);
    const path = `/room_keys/keys/${encodeURIComponent(ROOM)}/sess?version=${v}`;
    const stored = async (): Promise<unknown> => (await user.api.get(path)).body;
    const first = await user.api.put(path, keyData(10, 2, false, 'first'));
    // Worse or equal keys do not replace it, and the etag stays.
    const same = await user.api.put(path, keyData(10, 2, false, 'equal'));
    assert.equal(same.body.etag, first.body.etag);
    await user.api.put(path, keyData(11, 0, false, 'higher-index'));
    await user.api.put(path, keyData(10, 3, false, 'more-forwards'));
    assert.deepEqual(await stored(), keyData(10, 2, false, 'first'));
    // A lower forwarded_count at the same index wins.
    await user.api.put(path, keyData(10, 1, false, 'fewer-forwards'));
    assert.deepEqual(await stored(), keyData(10, 1, false, 'fewer-forwards'));
    // A lower index wins even with more forwards.
    await user.api.put(path, keyData(3, 9, false, 'lower-index'));
    assert.deepEqual(await stored(), keyData(3, 9, false, 'lower-index'));
    // A verified key wins over an unverified one whatever its index...
    const verified = await user.api.put(path, keyData(50, 9, true, 'verified'));
    assert.notEqual(verified.body.etag, first.body.etag);
    assert.deepEqual(await stored(), keyData(50, 9, true, 'verified'));
    // ...and is not replaced by an unverified one with a better index.
    await user.api.put(path, keyData(0, 0, false, 'unverified'));
    assert.deepEqual(await stored(), keyData(50, 9, true, 'verified'));
    // Among verified keys, the index decides again. One request may carry several candidates.
    await user.api.put(`/room_keys/keys?version=${v}`, { rooms: { [ROOM]: { sessions: { sess: keyData(1, 0, true, 'best') } } } });
    assert.deepEqual(await stored(), keyData(1, 0, true, 'best'));
    assert.equal((await user.api.get(`/room_keys/version/${v}`)).body.count, 1);
  });

  test('writes to a version that is not the current one are refused with current_version; old ones stay readable', async () => {
    const user = await registerUser(ctx.server.url);
    const old = await createBackup(user);
    await user.api.put(`/room_keys/keys/${encodeURIComponent(ROOM)}/s?version=${old}`, keyData(0, 0, false, 'old'));
    const current = await createBackup(user);
    for (const res of [
      await user.api.put(`/room_keys/keys/${encodeURIComponent(ROOM)}/s?version=${old}`, keyData(0, 0, true, 'late')),
      await user.api.put(`/room_keys/keys/${encodeURIComponent(ROOM)}?version=${old}`, { sessions: { s: keyData(0, 0, true) } }),
      await user.api.put(`/room_keys/keys?version=${old}`, { rooms: {} }),
      await user.api.delete(`/room_keys/keys?version=${old}`),
      await user.api.put(`/room_keys/keys?version=999`, { rooms: {} }),
      await user.api.put(`/room_keys/keys?version=garbage`, { rooms: {} }),
    ]) {
      expectError(res, 403, 'M_WRONG_ROOM_KEYS_VERSION');
      assert.equal(res.body.current_version, current);
    }
    assert.deepEqual((await user.api.get(`/room_keys/keys/${encodeURIComponent(ROOM)}/s?version=${old}`)).body, keyData(0, 0, false, 'old'));
    // Deleted: the keys are gone with it.
    await user.api.delete(`/room_keys/version/${old}`);
    expectError(await user.api.get(`/room_keys/keys?version=${old}`), 404, 'M_NOT_FOUND');
    // No backup at all: writes are 404.
    await user.api.delete(`/room_keys/version/${current}`);
    expectError(await user.api.put(`/room_keys/keys?version=${current}`, { rooms: {} }), 404, 'M_NOT_FOUND');
    expectError(await user.api.get('/room_keys/version'), 404, 'M_NOT_FOUND');
  });

  test('bad input is a Matrix error, never a 500', async () => {
    const user = await registerUser(ctx.server.url);
    const v = await createBackup(user);
    const path = `/room_keys/keys/${encodeURIComponent(ROOM)}/s?version=${v}`;
    expectError(await user.api.put(`/room_keys/keys/${encodeURIComponent(ROOM)}/s`, keyData(0, 0, false)), 400, 'M_MISSING_PARAM');
    expectError(await user.api.get('/room_keys/keys'), 400, 'M_MISSING_PARAM');
    expectError(await user.api.put(path, { ...keyData(0, 0, false), first_message_index: -1 }), 400, 'M_BAD_JSON');
    expectError(await user.api.put(path, { ...keyData(0, 0, false), first_message_index: 1.5 }), 400, 'M_BAD_JSON');
    expectError(await user.api.put(path, { ...keyData(0, 0, false), is_verified: 'yes' }), 400, 'M_BAD_JSON');
    expectError(await user.api.put(path, { ...keyData(0, 0, false), session_data: 'text' }), 400, 'M_BAD_JSON');
    expectError(await user.api.put(path, { first_message_index: 0, forwarded_count: 0, is_verified: false }), 400, 'M_BAD_JSON');
    expectError(await user.api.put(path, { ...keyData(0, 0, false), session_data: { ciphertext: 'x'.repeat(20_000) } }), 400, 'M_INVALID_PARAM');
    expectError(await user.api.put(`/room_keys/keys/not-a-room/s?version=${v}`, keyData(0, 0, false)), 400, 'M_INVALID_PARAM');
    expectError(await user.api.put(`/room_keys/keys?version=${v}`, { rooms: { 'not-a-room': { sessions: {} } } }), 400, 'M_INVALID_PARAM');
    expectError(await user.api.put(`/room_keys/keys?version=${v}`, { rooms: { [ROOM]: { sessions: { s: keyData(0, 0, false), t: { nope: 1 } } } } }), 400, 'M_BAD_JSON');
    expectError(await user.api.put(`/room_keys/keys?version=${v}`, { rooms: { [ROOM]: { sessions: { ['s'.repeat(256)]: keyData(0, 0, false) } } } }), 400, 'M_INVALID_PARAM');
    expectError(await user.api.put(`/room_keys/keys?version=${v}`, { rooms: { [ROOM]: { sessions: { '': keyData(0, 0, false) } } } }), 400, 'M_INVALID_PARAM');
    expectError(await user.api.put(`/room_keys/keys?version=${v}`, { rooms: { [`!${'r'.repeat(300)}:localhost`]: { sessions: {} } } }), 400, 'M_INVALID_PARAM');
    expectError(await user.api.put(`/room_keys/keys/${encodeURIComponent(ROOM)}/${'s'.repeat(256)}?version=${v}`, keyData(0, 0, false)), 400, 'M_INVALID_PARAM');
    expectError(await user.api.put(`/room_keys/keys?version=${v}`, { rooms: [] }), 400, 'M_BAD_JSON');
    expectError(await user.api.put(`/room_keys/keys?version=${v}`, {}), 400, 'M_BAD_JSON');
    expectError(
      await user.api.request('PUT', `/room_keys/keys?version=${v}`, undefined, { rawBody: '{"rooms":', headers: { 'content-type': 'application/json' } }),
      400,
      'M_NOT_JSON',
    );
    expectError(await user.api.post('/room_keys/version', { algorithm: ALGORITHM, auth_data: { big: 'x'.repeat(20_000) } }), 400, 'M_INVALID_PARAM');
    expectError(await user.api.post('/room_keys/version', { algorithm: ALGORITHM }), 400, 'M_BAD_JSON');
    expectError(await user.api.post('/room_keys/version', { algorithm: '', auth_data: {} }), 400, 'M_BAD_JSON');
    const big = {
      rooms: { [ROOM]: { sessions: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`s${i}`, { ...keyData(0, 0, false), session_data: { c: 'x'.repeat(4000) } }])) } },
    };
    expectError(await user.api.put(`/room_keys/keys?version=${v}`, big), 413, 'M_TOO_LARGE');
    assert.equal((await user.api.get(`/room_keys/version/${v}`)).body.count, 0, 'nothing of a refused request is stored');
  });

  test('concurrent uploads each move the etag and all keys are kept', async () => {
    const user = await registerUser(ctx.server.url);
    const v = await createBackup(user);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => user.api.put(`/room_keys/keys/${encodeURIComponent(ROOM)}/c${i}?version=${v}`, keyData(0, 0, false, `c${i}`))),
    );
    for (const r of results) assert.equal(r.status, 200, JSON.stringify(r.body));
    const etags = new Set(results.map((r) => r.body.etag));
    assert.equal(etags.size, 8, 'each change gets its own etag');
    const final = await user.api.get(`/room_keys/version/${v}`);
    assert.equal(final.body.count, 8);
    assert.ok(results.every((r) => Number(r.body.etag) <= Number(final.body.etag)));
  });
});
