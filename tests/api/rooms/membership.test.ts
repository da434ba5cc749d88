import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser, uniqueName, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../../support/factories.ts';

onEachDatabase('room membership', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);

  const membershipOf = async (viewer: TestUser, roomId: string, userId: string): Promise<string | undefined> => {
    const res = await viewer.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(userId)}`);
    return res.status === 200 ? res.body.membership : undefined;
  };
  const joinedRooms = async (user: TestUser): Promise<string[]> => (await user.api.get('/joined_rooms')).body.joined_rooms;

  test('join by room ID and by alias, both on /join and /rooms/{id}/join', async () => {
    const local = uniqueName('pub');
    const roomId = await createRoom(alice, { preset: 'public_chat', room_alias_name: local });
    const byId = await bob.api.post(`/join/${r(roomId)}`, {});
    assert.deepEqual(byId.body, { room_id: roomId });
    const byAlias = await carol.api.post(`/join/${r(`#${local}:localhost`)}`, {});
    assert.deepEqual(byAlias.body, { room_id: roomId });
    assert.equal(await membershipOf(alice, roomId, bob.userId), 'join');
    assert.equal(await membershipOf(alice, roomId, carol.userId), 'join');
    assert.ok((await joinedRooms(carol)).includes(roomId));
    // Joining again is harmless.
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/join`, {})).status, 200);
  });

  test('joining an unknown alias is M_NOT_FOUND, a malformed one or ID M_INVALID_PARAM', async () => {
    expectError(await bob.api.post(`/join/${r('#missing:localhost')}`, {}), 404, 'M_NOT_FOUND');
    expectError(await bob.api.post(`/join/${r('#nocolon')}`, {}), 400, 'M_INVALID_PARAM');
    expectError(await bob.api.post(`/join/${r('garbage')}`, {}), 400, 'M_INVALID_PARAM');
    expectError(await bob.api.post(`/rooms/${r('garbage')}/join`, {}), 400, 'M_INVALID_PARAM');
  });

  test('invite lets a user into an invite-only room; only members can invite', async () => {
    const roomId = await createRoom(alice, {});
    expectError(await carol.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId }), 403, 'M_FORBIDDEN');
    expectError(await bob.api.post(`/rooms/${r(roomId)}/join`, {}), 403, 'M_FORBIDDEN');
    await invite(alice, roomId, bob.userId);
    assert.equal(await membershipOf(alice, roomId, bob.userId), 'invite');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: '@ghost:localhost' }), 404, 'M_NOT_FOUND');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: 'nope' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/invite`, {}), 400, 'M_BAD_JSON');
    await join(bob, roomId);
    assert.equal(await membershipOf(alice, roomId, bob.userId), 'join');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId }), 403, 'M_FORBIDDEN');
  });

  test('an invite can be rejected by leaving', async () => {
    const roomId = await createRoom(alice, {});
    await invite(alice, roomId, bob.userId);
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/leave`, {})).status, 200);
    assert.equal(await membershipOf(alice, roomId, bob.userId), 'leave');
    expectError(await bob.api.post(`/rooms/${r(roomId)}/join`, {}), 403, 'M_FORBIDDEN');
  });

  test('leave, then forget; forgetting while joined is refused', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    expectError(await bob.api.post(`/rooms/${r(roomId)}/forget`, {}), 400, 'M_UNKNOWN');
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/leave`, { reason: 'bye' })).status, 200);
    const ev = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(bob.userId)}`);
    assert.deepEqual({ membership: ev.body.membership, reason: ev.body.reason }, { membership: 'leave', reason: 'bye' });
    assert.ok(!(await joinedRooms(bob)).includes(roomId));
    // Leaving twice is a no-op; leaving a room never joined is refused.
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/leave`, {})).status, 200);
    expectError(await carol.api.post(`/rooms/${r(roomId)}/leave`, {}), 403, 'M_FORBIDDEN');
    // A left room shows in a sync that includes leaves until it is forgotten (after which even a sync that just read it must drop it).
    const withLeaves = `/sync?filter=${encodeURIComponent(JSON.stringify({ room: { include_leave: true } }))}`;
    assert.ok(roomId in (await bob.api.get(withLeaves)).body.rooms.leave);
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/forget`, {})).status, 200);
    assert.ok(!(roomId in (await bob.api.get(withLeaves)).body.rooms.leave), 'a forgotten room is not in rooms.leave');
    // A forgotten room can be rejoined.
    await join(bob, roomId);
    assert.ok((await joinedRooms(bob)).includes(roomId));
  });

  test('kick needs the kick level and lets the user rejoin a public room', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    await join(carol, roomId);
    expectError(await bob.api.post(`/rooms/${r(roomId)}/kick`, { user_id: carol.userId }), 403, 'M_FORBIDDEN');
    assert.equal(await membershipOf(alice, roomId, carol.userId), 'join');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/kick`, { user_id: carol.userId, reason: 'noise' })).status, 200);
    const ev = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(carol.userId)}?format=event`);
    assert.equal(ev.body.content.membership, 'leave');
    assert.equal(ev.body.sender, alice.userId);
    assert.equal(ev.body.content.reason, 'noise');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/kick`, { user_id: carol.userId }), 403, 'M_FORBIDDEN');
    await join(carol, roomId);
  });

  test('ban keeps a user out until unbanned; both need the ban level', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    await join(carol, roomId);
    expectError(await bob.api.post(`/rooms/${r(roomId)}/ban`, { user_id: carol.userId }), 403, 'M_FORBIDDEN');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/ban`, { user_id: carol.userId, reason: 'spam' })).status, 200);
    assert.equal(await membershipOf(alice, roomId, carol.userId), 'ban');
    expectError(await carol.api.post(`/rooms/${r(roomId)}/join`, {}), 403, 'M_FORBIDDEN');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: carol.userId }), 403, 'M_FORBIDDEN');
    expectError(await bob.api.post(`/rooms/${r(roomId)}/unban`, { user_id: carol.userId }), 403, 'M_FORBIDDEN');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/unban`, { user_id: bob.userId }), 403, 'M_FORBIDDEN');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/unban`, { user_id: carol.userId })).status, 200);
    assert.equal(await membershipOf(alice, roomId, carol.userId), 'leave');
    await join(carol, roomId);
  });

  test('a user can be banned before ever joining', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/ban`, { user_id: bob.userId })).status, 200);
    expectError(await bob.api.post(`/join/${r(roomId)}`, {}), 403, 'M_FORBIDDEN');
  });

  test('knock works only where the join rule is knock, and an invite answers it', async () => {
    const closed = await createRoom(alice, {});
    expectError(await bob.api.post(`/knock/${r(closed)}`, { reason: 'let me in' }), 403, 'M_FORBIDDEN');
    const roomId = await createRoom(alice, { initial_state: [{ type: 'm.room.join_rules', content: { join_rule: 'knock' } }] });
    const res = await bob.api.post(`/knock/${r(roomId)}`, { reason: 'let me in' });
    assert.deepEqual(res.body, { room_id: roomId });
    const ev = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(bob.userId)}`);
    assert.deepEqual({ membership: ev.body.membership, reason: ev.body.reason }, { membership: 'knock', reason: 'let me in' });
    // A knock is not a join.
    expectError(await bob.api.post(`/rooms/${r(roomId)}/join`, {}), 403, 'M_FORBIDDEN');
    await invite(alice, roomId, bob.userId);
    await join(bob, roomId);
    assert.equal(await membershipOf(alice, roomId, bob.userId), 'join');
  });

  test('a knock can be retracted by leaving', async () => {
    const roomId = await createRoom(alice, { initial_state: [{ type: 'm.room.join_rules', content: { join_rule: 'knock' } }] });
    assert.equal((await carol.api.post(`/knock/${r(roomId)}`, {})).status, 200);
    assert.equal((await carol.api.post(`/rooms/${r(roomId)}/leave`, {})).status, 200);
    assert.equal(await membershipOf(alice, roomId, carol.userId), 'leave');
  });

  test('restricted join: allowed when joined to the allowed room, refused otherwise', async () => {
    const space = await createRoom(alice, {});
    await invite(alice, space, bob.userId);
    await join(bob, space);
    const roomId = await createRoom(alice, {
      initial_state: [{ type: 'm.room.join_rules', content: { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: space }] } }],
    });
    expectError(await carol.api.post(`/rooms/${r(roomId)}/join`, {}), 403, 'M_FORBIDDEN');
    assert.equal(await membershipOf(alice, roomId, carol.userId), undefined);
    await join(bob, roomId);
    const ev = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(bob.userId)}`);
    assert.equal(ev.body.membership, 'join');
    assert.equal(ev.body.join_authorised_via_users_server, alice.userId);
    // Once bob leaves the allowed room, he can no longer get in.
    await bob.api.post(`/rooms/${r(roomId)}/leave`, {});
    await bob.api.post(`/rooms/${r(space)}/leave`, {});
    expectError(await bob.api.post(`/rooms/${r(roomId)}/join`, {}), 403, 'M_FORBIDDEN');
  });

  test('joined_rooms lists exactly the joined rooms', async () => {
    const dave = await registerUser(ctx.server.url);
    assert.deepEqual(await joinedRooms(dave), []);
    const a = await createRoom(dave, {});
    const b = await createRoom(alice, { preset: 'public_chat' });
    const c = await createRoom(alice, {});
    await join(dave, b);
    await invite(alice, c, dave.userId);
    assert.deepEqual((await joinedRooms(dave)).sort(), [a, b].sort());
    await dave.api.post(`/rooms/${r(a)}/leave`, {});
    assert.deepEqual(await joinedRooms(dave), [b]);
    expectError(await new (dave.api.constructor as any)(ctx.server.url).get('/joined_rooms'), 401, 'M_MISSING_TOKEN');
  });

  test('a banned member can no longer send', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    await sendText(bob, roomId, 'before');
    await alice.api.post(`/rooms/${r(roomId)}/ban`, { user_id: bob.userId });
    expectError(await bob.api.put(`/rooms/${r(roomId)}/send/m.room.message/t1`, { msgtype: 'm.text', body: 'x' }), 403, 'M_FORBIDDEN');
  });
});
