import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError } from '../../support/client.ts';
import { createRoom, invite, join, r } from '../../support/factories.ts';

const V1 = '/_matrix/client/v1/room_summary/';

onEachDatabase('room summary', (ctx) => {
  const { alice, bob, mallory } = registerUsersBefore(ctx, ['alice', 'bob', 'mallory']);
  let publicRoom: string;
  let privateRoom: string;
  let alias: string;
  let anon: Api;
  before(async () => {
    anon = new Api(ctx.server.url);
    alias = `#summary-${Date.now()}:localhost`;
    publicRoom = await createRoom(alice, { preset: 'public_chat', name: 'Lobby', topic: 'Say hi', room_alias_name: alias.slice(1, alias.indexOf(':')) });
    await join(bob, publicRoom);
    privateRoom = await createRoom(alice, {
      preset: 'private_chat',
      name: 'Hidden',
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
  });

  test('a public room is summarised for anyone, by ID or alias, with the caller membership', async () => {
    const res = await mallory.api.get(`${V1}${r(publicRoom)}?via=localhost`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      room_id: publicRoom,
      canonical_alias: alias,
      name: 'Lobby',
      topic: 'Say hi',
      num_joined_members: 2,
      join_rule: 'public',
      guest_can_join: false,
      world_readable: false,
      room_version: res.body.room_version,
      membership: 'leave',
    });
    assert.match(res.body.room_version, /^1[01]$/);
    assert.equal((await bob.api.get(`${V1}${r(publicRoom)}`)).body.membership, 'join');
    const byAlias = await mallory.api.get(`${V1}${r(alias)}`);
    assert.deepEqual(byAlias.body, res.body);
    // Unauthenticated: no membership.
    const anonymous = await anon.get(`${V1}${r(publicRoom)}`);
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.body.membership, undefined);
    // The unstable MSC3266 paths answer the same.
    for (const path of [`/_matrix/client/unstable/im.nheko.summary/rooms/${r(publicRoom)}/summary`, `/_matrix/client/unstable/im.nheko.summary/summary/${r(alias)}`]) {
      assert.deepEqual((await mallory.api.get(path)).body, res.body, path);
    }
  });

  test('a private room is 404 for outsiders, exactly as an unknown room or alias', async () => {
    const hidden = await mallory.api.get(`${V1}${r(privateRoom)}`);
    expectError(hidden, 404, 'M_NOT_FOUND');
    const unknown = await mallory.api.get(`${V1}${r('!nosuchroom:localhost')}`);
    const unknownAlias = await mallory.api.get(`${V1}${r('#nosuchalias:localhost')}`);
    assert.deepEqual(hidden.body, unknown.body);
    assert.deepEqual(hidden.body, unknownAlias.body);
    assert.equal(unknown.status, 404);
    assert.equal(unknownAlias.status, 404);
    expectError(await anon.get(`${V1}${r(privateRoom)}`), 404, 'M_NOT_FOUND');
    expectError(await mallory.api.get(`${V1}nonsense`), 400, 'M_INVALID_PARAM');
  });

  test('an invited user sees the private room, with its encryption', async () => {
    const room = await createRoom(alice, {
      preset: 'private_chat',
      name: 'Invite only',
      initial_state: [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }],
    });
    expectError(await bob.api.get(`${V1}${r(room)}`), 404, 'M_NOT_FOUND');
    await invite(alice, room, bob.userId);
    const res = await bob.api.get(`${V1}${r(room)}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.membership, 'invite');
    assert.equal(res.body.name, 'Invite only');
    assert.equal(res.body.join_rule, 'invite');
    assert.equal(res.body.encryption, 'm.megolm.v1.aes-sha2');
    assert.equal(res.body.num_joined_members, 1);
    // Having left, the room is private to them again.
    await bob.api.post(`/rooms/${r(room)}/leave`, {});
    expectError(await bob.api.get(`${V1}${r(room)}`), 404, 'M_NOT_FOUND');
  });

  test('world_readable, knock and restricted rooms', async () => {
    const readable = await createRoom(alice, { preset: 'private_chat' });
    await alice.api.put(`/rooms/${r(readable)}/state/m.room.history_visibility/`, { history_visibility: 'world_readable' });
    const res = await anon.get(`${V1}${r(readable)}`);
    assert.equal(res.status, 200);
    assert.equal(res.body.world_readable, true);

    const knock = await createRoom(alice, { preset: 'private_chat', room_version: '10' });
    await alice.api.put(`/rooms/${r(knock)}/state/m.room.join_rules/`, { join_rule: 'knock' });
    assert.equal((await mallory.api.get(`${V1}${r(knock)}`)).body.join_rule, 'knock');

    const space = await createRoom(alice, { preset: 'private_chat', creation_content: { type: 'm.space' }, invite: [bob.userId] });
    await join(bob, space);
    const restricted = await createRoom(alice, { preset: 'private_chat', room_version: '10' });
    await alice.api.put(`/rooms/${r(restricted)}/state/m.room.join_rules/`, { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: space }] });
    const forMember = await bob.api.get(`${V1}${r(restricted)}`);
    assert.equal(forMember.status, 200);
    assert.equal(forMember.body.join_rule, 'restricted');
    expectError(await mallory.api.get(`${V1}${r(restricted)}`), 404, 'M_NOT_FOUND');
    assert.equal((await bob.api.get(`${V1}${r(space)}`)).body.room_type, 'm.space');
  });
});
