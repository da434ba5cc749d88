import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, uniqueName, type TestUser } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';

// Spec, PUT /rooms/{roomId}/state/m.room.canonical_alias: every alias the event names must be
// valid (M_INVALID_PARAM) and point to this room (M_BAD_ALIAS), so no room can claim another's.
onEachDatabase('m.room.canonical_alias is validated', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  const aliasFor = () => `#${uniqueName('ca')}:localhost`;
  const putAlias = async (user: TestUser, alias: string, roomId: string) => assert.equal((await user.api.put(`/directory/room/${r(alias)}`, { room_id: roomId })).status, 200);
  const putCanonical = (user: TestUser, roomId: string, content: Record<string, unknown>) => user.api.put(`/rooms/${r(roomId)}/state/m.room.canonical_alias`, content);
  const canonical = async (roomId: string) => {
    const res = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.canonical_alias`);
    return res.status === 200 ? res.body : undefined;
  };

  test("a room cannot claim another room's alias, a missing alias or a remote one; it may claim its own", async () => {
    const victim = await createRoom(bob, {});
    const victimAlias = aliasFor();
    await putAlias(bob, victimAlias, victim);
    const mine = await createRoom(alice, {});
    const myAlias = aliasFor();
    await putAlias(alice, myAlias, mine);
    for (const content of [{ alias: victimAlias }, { alias: myAlias, alt_aliases: [victimAlias] }, { alias: aliasFor() }, { alt_aliases: ['#someone:elsewhere.example'] }]) {
      expectError(await putCanonical(alice, mine, content), 400, 'M_BAD_ALIAS');
    }
    for (const content of [{ alias: 'nohash' }, { alias: 42 }, { alt_aliases: myAlias }, { alt_aliases: [myAlias, 7] }]) {
      expectError(await putCanonical(alice, mine, content), 400, 'M_INVALID_PARAM');
    }
    assert.equal(await canonical(mine), undefined);
    assert.equal((await putCanonical(alice, mine, { alias: myAlias, alt_aliases: [myAlias] })).status, 200);
    assert.deepEqual(await canonical(mine), { alias: myAlias, alt_aliases: [myAlias] });
    // Clearing it is always allowed.
    assert.equal((await putCanonical(alice, mine, {})).status, 200);
  });

  test('a non-member is refused with 403 before any alias is looked at', async () => {
    const roomId = await createRoom(bob, {});
    expectError(await putCanonical(alice, roomId, { alias: aliasFor() }), 403, 'M_FORBIDDEN');
  });

  test("createRoom's initial_state cannot claim another room's alias; room_alias_name still works", async () => {
    const victim = await createRoom(bob, {});
    const victimAlias = aliasFor();
    await putAlias(bob, victimAlias, victim);
    const before = (await alice.api.get('/joined_rooms')).body.joined_rooms.length;
    const refused = await alice.api.post('/createRoom', { initial_state: [{ type: 'm.room.canonical_alias', content: { alias: victimAlias } }] });
    expectError(refused, 400, 'M_BAD_ALIAS');
    const alsoRefused = await alice.api.post('/createRoom', {
      room_alias_name: uniqueName('own'),
      initial_state: [{ type: 'm.room.canonical_alias', state_key: '', content: { alt_aliases: [victimAlias] } }],
    });
    expectError(alsoRefused, 400, 'M_BAD_ALIAS');
    assert.equal((await alice.api.get('/joined_rooms')).body.joined_rooms.length, before);
    const name = uniqueName('own');
    const created = await alice.api.post('/createRoom', { room_alias_name: name });
    assert.deepEqual(await canonical(created.body.room_id), { alias: `#${name}:localhost` });
  });

  test('deleting an alias removes it from the canonical alias event', async () => {
    const name = uniqueName('del');
    const roomId = (await alice.api.post('/createRoom', { room_alias_name: name, preset: 'public_chat' })).body.room_id as string;
    const main = `#${name}:localhost`;
    const alt1 = aliasFor();
    const alt2 = aliasFor();
    await putAlias(alice, alt1, roomId);
    await join(bob, roomId);
    await putAlias(bob, alt2, roomId);
    assert.equal((await putCanonical(alice, roomId, { alias: main, alt_aliases: [alt1, alt2] })).status, 200);
    assert.equal((await alice.api.delete(`/directory/room/${r(alt1)}`)).status, 200);
    assert.deepEqual(await canonical(roomId), { alias: main, alt_aliases: [alt2] });
    assert.equal((await alice.api.delete(`/directory/room/${r(main)}`)).status, 200);
    assert.deepEqual(await canonical(roomId), { alt_aliases: [alt2] });
    // Bob may delete the alias he created, but may not change the canonical alias: the alias goes, the event stays.
    assert.equal((await bob.api.delete(`/directory/room/${r(alt2)}`)).status, 200);
    expectError(await alice.api.get(`/directory/room/${r(alt2)}`), 404, 'M_NOT_FOUND');
    assert.deepEqual(await canonical(roomId), { alt_aliases: [alt2] });
    // A stale alias may stay while the event is edited, but not once another room owns it.
    assert.equal((await putCanonical(alice, roomId, { alt_aliases: [alt2], name: 'edited' })).status, 200);
    const other = await createRoom(bob, {});
    await putAlias(bob, alt2, other);
    expectError(await putCanonical(alice, roomId, { alt_aliases: [alt2] }), 400, 'M_BAD_ALIAS');
    assert.equal((await putCanonical(alice, roomId, {})).status, 200);
  });
});
