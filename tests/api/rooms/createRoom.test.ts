import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, uniqueName, type TestUser } from '../../support/client.ts';
import { createRoom, r } from '../../support/factories.ts';

onEachDatabase('createRoom', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  const stateOf = async (user: TestUser, roomId: string, type: string, stateKey = ''): Promise<any> => {
    const res = await user.api.get(`/rooms/${r(roomId)}/state/${type}/${r(stateKey)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  test('public_chat preset: public join rule, shared history, guests forbidden, invite needs 50', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    assert.equal((await stateOf(alice, roomId, 'm.room.join_rules')).join_rule, 'public');
    assert.equal((await stateOf(alice, roomId, 'm.room.history_visibility')).history_visibility, 'shared');
    assert.equal((await stateOf(alice, roomId, 'm.room.guest_access')).guest_access, 'forbidden');
    const pl = await stateOf(alice, roomId, 'm.room.power_levels');
    assert.equal(pl.users[alice.userId], 100);
    assert.equal(pl.invite, 50);
    assert.equal(pl.state_default, 50);
    const create = await stateOf(alice, roomId, 'm.room.create');
    assert.equal(create.room_version, '10');
    assert.equal(create.creator, alice.userId);
  });

  test('private_chat preset (the default): invite-only, shared history, guests can join', async () => {
    const roomId = await createRoom(alice, {});
    assert.equal((await stateOf(alice, roomId, 'm.room.join_rules')).join_rule, 'invite');
    assert.equal((await stateOf(alice, roomId, 'm.room.history_visibility')).history_visibility, 'shared');
    assert.equal((await stateOf(alice, roomId, 'm.room.guest_access')).guest_access, 'can_join');
    assert.equal((await stateOf(alice, roomId, 'm.room.power_levels')).invite, 0);
    expectError(await bob.api.post(`/rooms/${r(roomId)}/join`, {}), 403, 'M_FORBIDDEN');
  });

  test('visibility public without a preset gives a public room listed in the directory', async () => {
    const roomId = await createRoom(alice, { visibility: 'public' });
    assert.equal((await stateOf(alice, roomId, 'm.room.join_rules')).join_rule, 'public');
    const vis = await alice.api.get(`/directory/list/room/${r(roomId)}`);
    assert.deepEqual(vis.body, { visibility: 'public' });
    const priv = await createRoom(alice, {});
    assert.deepEqual((await alice.api.get(`/directory/list/room/${r(priv)}`)).body, { visibility: 'private' });
  });

  test("trusted_private_chat gives invitees the creator's power and is_direct marks the invite", async () => {
    const roomId = await createRoom(alice, { preset: 'trusted_private_chat', invite: [bob.userId], is_direct: true });
    const pl = await stateOf(alice, roomId, 'm.room.power_levels');
    assert.equal(pl.users[bob.userId], 100);
    const invite = await stateOf(alice, roomId, 'm.room.member', bob.userId);
    assert.equal(invite.membership, 'invite');
    assert.equal(invite.is_direct, true);
    const res = await bob.api.post(`/rooms/${r(roomId)}/join`, {});
    assert.equal(res.status, 200);
  });

  test('invite without is_direct leaves the flag out; an unknown invitee is refused', async () => {
    const roomId = await createRoom(alice, { invite: [bob.userId] });
    const invite = await stateOf(alice, roomId, 'm.room.member', bob.userId);
    assert.equal(invite.membership, 'invite');
    assert.equal(invite.is_direct, undefined);
    expectError(await alice.api.post('/createRoom', { invite: ['@nobody-here:localhost'] }), 404, 'M_NOT_FOUND');
    expectError(await alice.api.post('/createRoom', { invite: ['not-a-user'] }), 400, 'M_INVALID_PARAM');
  });

  test('name and topic become state events', async () => {
    const roomId = await createRoom(alice, { name: 'The Room', topic: 'Things' });
    assert.equal((await stateOf(alice, roomId, 'm.room.name')).name, 'The Room');
    const topic = await stateOf(alice, roomId, 'm.room.topic');
    assert.equal(topic.topic, 'Things');
    assert.deepEqual(topic['m.topic'], [{ mimetype: 'text/plain', body: 'Things' }]);
  });

  test('initial_state is applied and overrides the preset', async () => {
    const roomId = await createRoom(alice, {
      preset: 'public_chat',
      initial_state: [
        { type: 'm.room.history_visibility', content: { history_visibility: 'world_readable' } },
        { type: 'org.example.custom', state_key: 'k', content: { v: 1 } },
      ],
    });
    assert.equal((await stateOf(alice, roomId, 'm.room.history_visibility')).history_visibility, 'world_readable');
    assert.deepEqual(await stateOf(alice, roomId, 'org.example.custom', 'k'), { v: 1 });
  });

  test('room_alias_name creates a canonical alias that resolves; a taken one is M_ROOM_IN_USE', async () => {
    const local = uniqueName('alias');
    const res = await alice.api.post('/createRoom', { room_alias_name: local });
    assert.equal(res.status, 200);
    const alias = `#${local}:localhost`;
    assert.equal(res.body.room_alias, alias);
    assert.equal((await stateOf(alice, res.body.room_id, 'm.room.canonical_alias')).alias, alias);
    const lookup = await bob.api.get(`/directory/room/${r(alias)}`);
    assert.deepEqual(lookup.body, { room_id: res.body.room_id, servers: ['localhost'] });
    expectError(await bob.api.post('/createRoom', { room_alias_name: local }), 400, 'M_ROOM_IN_USE');
    expectError(await bob.api.post('/createRoom', { room_alias_name: 'bad:alias' }), 400, 'M_INVALID_PARAM');
  });

  test('power_level_content_override replaces the defaults it names', async () => {
    const roomId = await createRoom(alice, { power_level_content_override: { events_default: 20, users: { [alice.userId]: 100, [bob.userId]: 50 } } });
    const pl = await stateOf(alice, roomId, 'm.room.power_levels');
    assert.equal(pl.events_default, 20);
    assert.equal(pl.users[bob.userId], 50);
    assert.equal(pl.ban, 50);
  });

  test('room versions 10 and 11 are supported; others are M_UNSUPPORTED_ROOM_VERSION', async () => {
    const v10 = await createRoom(alice, { room_version: '10' });
    const c10 = await stateOf(alice, v10, 'm.room.create');
    assert.equal(c10.room_version, '10');
    assert.equal(c10.creator, alice.userId);
    const v11 = await createRoom(alice, { room_version: '11' });
    const c11 = await stateOf(alice, v11, 'm.room.create');
    assert.equal(c11.room_version, '11');
    assert.equal(c11.creator, undefined);
    expectError(await alice.api.post('/createRoom', { room_version: '1' }), 400, 'M_UNSUPPORTED_ROOM_VERSION');
    expectError(await alice.api.post('/createRoom', { room_version: 'banana' }), 400, 'M_UNSUPPORTED_ROOM_VERSION');
  });

  test('creation_content is merged into the create event', async () => {
    const roomId = await createRoom(alice, { creation_content: { type: 'm.space', 'm.federate': false } });
    const create = await stateOf(alice, roomId, 'm.room.create');
    assert.equal(create.type, 'm.space');
    assert.equal(create['m.federate'], false);
    assert.equal(create.creator, alice.userId);
  });

  test('malformed bodies are refused with 400s, never a 500', async () => {
    expectError(await alice.api.post('/createRoom', { preset: 'everyone' }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/createRoom', { invite: 'x' }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/createRoom', { initial_state: [{ content: {} }] }), 400, 'M_BAD_JSON');
    expectError(await alice.api.request('POST', '/createRoom', undefined, { rawBody: '{nope' }), 400, 'M_NOT_JSON');
    expectError(await new (alice.api.constructor as any)(ctx.server.url).post('/createRoom', {}), 401, 'M_MISSING_TOKEN');
  });

  test('the creator is joined and sees the room in joined_rooms', async () => {
    const roomId = await createRoom(alice, {});
    const joined = await alice.api.get('/joined_rooms');
    assert.ok(joined.body.joined_rooms.includes(roomId));
    assert.ok(!(await bob.api.get('/joined_rooms')).body.joined_rooms.includes(roomId));
  });

  test('the initial state is one batch: each event is authorised against the state before it, and a refusal keeps nothing', async () => {
    // initial_state lowers the creator below state_default; the name that follows it is then refused.
    const before = (await alice.api.get('/joined_rooms')).body.joined_rooms as string[];
    const res = await alice.api.post('/createRoom', {
      preset: 'public_chat',
      visibility: 'public',
      initial_state: [{ type: 'm.room.power_levels', content: { users: {}, users_default: 0, state_default: 50 } }],
      name: 'never stored',
    });
    expectError(res, 403, 'M_FORBIDDEN');
    assert.deepEqual((await alice.api.get('/joined_rooms')).body.joined_rooms, before);
    const listed = await alice.api.post('/publicRooms', { filter: { generic_search_term: 'never stored' } });
    assert.equal(listed.body.chunk.length, 0);

    // The same batch without the name is accepted, and the name's refusal came from the state the batch itself set.
    const roomId = await createRoom(alice, { initial_state: [{ type: 'm.room.power_levels', content: { users: {}, users_default: 0, state_default: 50 } }] });
    expectError(await alice.api.put(`/rooms/${r(roomId)}/state/m.room.name/`, { name: 'x' }), 403, 'M_FORBIDDEN');
  });
});
