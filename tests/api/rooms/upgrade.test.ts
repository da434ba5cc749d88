import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../../support/factories.ts';

const upgrade = (user: TestUser, roomId: string, body: unknown) => user.api.post(`/rooms/${r(roomId)}/upgrade`, body);
const stateOf = async (user: TestUser, roomId: string, type: string, key = '') => (await user.api.get(`/rooms/${r(roomId)}/state/${type}/${r(key)}`)).body;

onEachDatabase('room upgrades', (ctx) => {
  const { alice, bob, carol, mallory } = registerUsersBefore(ctx, ['alice', 'bob', 'carol', 'mallory']);

  test('an upgrade moves the room: create with predecessor, copied state, bans, aliases, directory, tombstone, restricted old room', async () => {
    const aliasName = `upgrade${Date.now()}`;
    const alias = `#${aliasName}:localhost`;
    const old = await createRoom(alice, {
      preset: 'public_chat',
      visibility: 'public',
      room_version: '10',
      name: 'Old name',
      topic: 'Old topic',
      room_alias_name: aliasName,
      initial_state: [
        { type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } },
        { type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } },
        { type: 'm.room.avatar', state_key: '', content: { url: 'mxc://localhost/avatar' } },
        { type: 'm.room.server_acl', state_key: '', content: { allow: ['*'], deny: ['evil.example'], allow_ip_literals: false } },
        { type: 'org.example.custom', state_key: '', content: { not: 'copied' } },
      ],
    });
    await join(bob, old);
    await join(mallory, old);
    const pl = await stateOf(alice, old, 'm.room.power_levels');
    assert.equal((await alice.api.put(`/rooms/${r(old)}/state/m.room.power_levels`, { ...pl, users: { ...pl.users, [bob.userId]: 50 } })).status, 200);
    assert.equal((await alice.api.post(`/rooms/${r(old)}/ban`, { user_id: mallory.userId, reason: 'spam' })).status, 200);
    assert.equal((await alice.api.put(`/user/${r(alice.userId)}/rooms/${r(old)}/tags/u.work`, { order: 0.5 })).status, 200);
    await sendText(bob, old, 'last words');

    const res = await upgrade(alice, old, { new_version: '11' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const fresh: string = res.body.replacement_room;
    assert.match(fresh, /^!.+:localhost$/);
    assert.notEqual(fresh, old);

    // The tombstone in the old room, and the create event of the new one pointing back at it.
    const tombstone = await alice.api.get(`/rooms/${r(old)}/state/m.room.tombstone/?format=event`);
    assert.equal(tombstone.body.content.replacement_room, fresh);
    assert.equal(typeof tombstone.body.content.body, 'string');
    const create = await alice.api.get(`/rooms/${r(fresh)}/state/m.room.create/?format=event`);
    assert.deepEqual(create.body.content.predecessor, { room_id: old, event_id: tombstone.body.event_id });
    assert.equal(create.body.content.room_version, '11');
    assert.equal(create.body.sender, alice.userId);
    assert.equal((await alice.api.get(`/_matrix/client/v1/room_summary/${r(fresh)}`)).body.room_version, '11');

    // Copied state.
    assert.equal((await stateOf(alice, fresh, 'm.room.name')).name, 'Old name');
    assert.equal((await stateOf(alice, fresh, 'm.room.topic')).topic, 'Old topic');
    assert.equal((await stateOf(alice, fresh, 'm.room.avatar')).url, 'mxc://localhost/avatar');
    assert.equal((await stateOf(alice, fresh, 'm.room.encryption')).algorithm, 'm.megolm.v1.aes-sha2');
    assert.equal((await stateOf(alice, fresh, 'm.room.history_visibility')).history_visibility, 'world_readable');
    assert.equal((await stateOf(alice, fresh, 'm.room.join_rules')).join_rule, 'public');
    assert.equal((await stateOf(alice, fresh, 'm.room.guest_access')).guest_access, 'forbidden');
    assert.deepEqual((await stateOf(alice, fresh, 'm.room.server_acl')).deny, ['evil.example']);
    expectError(await alice.api.get(`/rooms/${r(fresh)}/state/org.example.custom`), 404, 'M_NOT_FOUND');
    const newPl = await stateOf(alice, fresh, 'm.room.power_levels');
    assert.deepEqual(newPl.users, { [alice.userId]: 100, [bob.userId]: 50 });
    assert.equal(newPl.events_default, 0);
    // The ban, with its reason.
    const ban = await stateOf(alice, fresh, 'm.room.member', mallory.userId);
    assert.deepEqual(ban, { membership: 'ban', reason: 'spam' });
    expectError(await mallory.api.post(`/rooms/${r(fresh)}/join`, {}), 403, 'M_FORBIDDEN');
    // A public room: nobody is invited, bob joins on his own.
    expectError(await alice.api.get(`/rooms/${r(fresh)}/state/m.room.member/${r(bob.userId)}`), 404, 'M_NOT_FOUND');
    await join(bob, fresh);

    // Aliases moved: the alias resolves to the new room, the canonical alias moved, cleared in the old room.
    assert.equal((await alice.api.get(`/directory/room/${r(alias)}`)).body.room_id, fresh);
    assert.equal((await stateOf(alice, fresh, 'm.room.canonical_alias')).alias, alias);
    assert.deepEqual(await stateOf(alice, old, 'm.room.canonical_alias'), {});
    assert.deepEqual((await alice.api.get(`/rooms/${r(fresh)}/aliases`)).body.aliases, [alias]);
    assert.deepEqual((await alice.api.get(`/rooms/${r(old)}/aliases`)).body.aliases, []);

    // The directory lists the new room instead of the old.
    assert.deepEqual((await alice.api.get(`/directory/list/room/${r(fresh)}`)).body, { visibility: 'public' });
    assert.deepEqual((await alice.api.get(`/directory/list/room/${r(old)}`)).body, { visibility: 'private' });
    const listed = (await alice.api.get('/publicRooms?limit=500')).body.chunk.map((c: any) => c.room_id);
    assert.ok(listed.includes(fresh));
    assert.ok(!listed.includes(old));

    // The old room: only moderators may talk or invite.
    const oldPl = await stateOf(alice, old, 'm.room.power_levels');
    assert.equal(oldPl.events_default, 50);
    assert.equal(oldPl.invite, 50);
    assert.equal((await sendText(bob, old, 'moderators still can')).startsWith('$'), true);
    await join(carol, old);
    expectError(await carol.api.put(`/rooms/${r(old)}/send/m.room.message/t1`, { msgtype: 'm.text', body: 'hi' }), 403, 'M_FORBIDDEN');

    // The upgrader's tags followed the room.
    const tags = await alice.api.get(`/user/${r(alice.userId)}/rooms/${r(fresh)}/tags`);
    assert.deepEqual(tags.body, { tags: { 'u.work': { order: 0.5 } } });

    // Upgrading the old room again is refused.
    expectError(await upgrade(alice, old, { new_version: '10' }), 403, 'M_BAD_STATE');
  });

  test('an invite-only room: the members are invited to the new room; the upgrader is raised to copy, then restored', async () => {
    const old = await createRoom(alice, {
      preset: 'private_chat',
      power_level_content_override: { users: { [alice.userId]: 100, [bob.userId]: 100 }, events: { 'm.room.tombstone': 100, 'org.example.high': 100 }, state_default: 100 },
    });
    await invite(alice, old, bob.userId);
    await join(bob, old);
    await invite(alice, old, carol.userId);
    await join(carol, old);
    // Bob upgrades at 100 (no raise needed; the next test has a lower upgrader).
    const res = await upgrade(bob, old, { new_version: '10' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const fresh = res.body.replacement_room;
    assert.equal((await stateOf(bob, fresh, 'm.room.join_rules')).join_rule, 'invite');
    assert.equal((await stateOf(bob, fresh, 'm.room.member', alice.userId)).membership, 'invite');
    assert.equal((await stateOf(bob, fresh, 'm.room.member', carol.userId)).membership, 'invite');
    const create = await stateOf(bob, fresh, 'm.room.create');
    assert.equal(create.creator, bob.userId);
    assert.equal(create.room_version, '10');
    await join(carol, fresh);
    await join(alice, fresh);
    // Someone who was not in the old room is not invited.
    expectError(await mallory.api.post(`/rooms/${r(fresh)}/join`, {}), 403, 'M_FORBIDDEN');
  });

  test('an upgrader below the copied levels is raised for the copy and set back after', async () => {
    const old = await createRoom(alice, {
      preset: 'public_chat',
      power_level_content_override: {
        users: { [alice.userId]: 100 },
        events: { 'm.room.tombstone': 50, 'm.room.server_acl': 100, 'm.room.power_levels': 100 },
      },
      initial_state: [{ type: 'm.room.server_acl', state_key: '', content: { allow: ['*'] } }],
    });
    await join(bob, old);
    const pl = await stateOf(alice, old, 'm.room.power_levels');
    assert.equal((await alice.api.put(`/rooms/${r(old)}/state/m.room.power_levels`, { ...pl, users: { ...pl.users, [bob.userId]: 50 } })).status, 200);
    const res = await upgrade(bob, old, { new_version: '11' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const fresh = res.body.replacement_room;
    assert.deepEqual((await stateOf(bob, fresh, 'm.room.server_acl')).allow, ['*']);
    const newPl = await stateOf(bob, fresh, 'm.room.power_levels');
    assert.equal(newPl.users[bob.userId], 50);
    assert.equal(newPl.users[alice.userId], 100);
    // Bob (50) could not change the old room's power levels (100): they are left as they were.
    assert.equal((await stateOf(bob, old, 'm.room.power_levels')).events_default, 0);
    assert.equal((await stateOf(bob, old, 'm.room.tombstone')).replacement_room, fresh);
  });

  test('refusals: unsupported version 400, not allowed 403, not a member 403, bad body 400', async () => {
    const old = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, old);
    expectError(await upgrade(alice, old, { new_version: '9' }), 400, 'M_UNSUPPORTED_ROOM_VERSION');
    expectError(await upgrade(alice, old, { new_version: 'x'.repeat(20) }), 400, 'M_UNSUPPORTED_ROOM_VERSION');
    expectError(await upgrade(bob, old, { new_version: '11' }), 403, 'M_FORBIDDEN');
    expectError(await upgrade(mallory, old, { new_version: '11' }), 403, 'M_FORBIDDEN');
    const unknown = await upgrade(mallory, '!nosuchroom:localhost', { new_version: '11' });
    expectError(unknown, 403, 'M_FORBIDDEN');
    expectError(await upgrade(alice, old, {}), 400, 'M_BAD_JSON');
    expectError(await upgrade(alice, old, { new_version: 11 }), 400, 'M_BAD_JSON');
    expectError(await upgrade(alice, 'not-a-room', { new_version: '11' }), 400, 'M_INVALID_PARAM');
    // Nothing happened to the room.
    expectError(await alice.api.get(`/rooms/${r(old)}/state/m.room.tombstone`), 404, 'M_NOT_FOUND');
  });

  test('two concurrent upgrades make one new room: the same answer for both', async () => {
    const old = await createRoom(alice, { preset: 'public_chat', name: 'Race' });
    const results = await Promise.all([upgrade(alice, old, { new_version: '11' }), upgrade(alice, old, { new_version: '11' }), upgrade(alice, old, { new_version: '11' })]);
    for (const res of results) assert.equal(res.status, 200, JSON.stringify(res.body));
    const ids = new Set(results.map((res) => res.body.replacement_room));
    assert.equal(ids.size, 1);
    const sync = await alice.api.get('/sync');
    const named = Object.entries(sync.body.rooms.join).filter(([, room]: [string, any]) =>
      [...room.state.events, ...room.timeline.events].some((e: any) => e.type === 'm.room.create' && e.content.predecessor?.room_id === old),
    );
    assert.equal(named.length, 1);
    // A different request racing the upgrade (another version) is refused rather than making a second room.
    expectError(await upgrade(alice, old, { new_version: '10' }), 403, 'M_BAD_STATE');
  });

  test("members' tags and direct-chat lists follow them when they join the new room", async () => {
    const old = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, old);
    assert.equal((await bob.api.put(`/user/${r(bob.userId)}/rooms/${r(old)}/tags/m.favourite`, { order: 0.25 })).status, 200);
    assert.equal((await bob.api.put(`/user/${r(bob.userId)}/account_data/m.direct`, { [alice.userId]: [old, '!other:localhost'] })).status, 200);
    assert.equal((await alice.api.put(`/user/${r(alice.userId)}/account_data/m.direct`, { [bob.userId]: [old] })).status, 200);
    const fresh = (await upgrade(alice, old, { new_version: '11' })).body.replacement_room;
    // The upgrader's m.direct follows at once; bob's tags only once he joins.
    assert.deepEqual((await alice.api.get(`/user/${r(alice.userId)}/account_data/m.direct`)).body, { [bob.userId]: [old, fresh] });
    assert.deepEqual((await bob.api.get(`/user/${r(bob.userId)}/rooms/${r(fresh)}/tags`)).body, { tags: {} });
    await join(bob, fresh);
    assert.deepEqual((await bob.api.get(`/user/${r(bob.userId)}/rooms/${r(fresh)}/tags`)).body, { tags: { 'm.favourite': { order: 0.25 } } });
    assert.deepEqual((await bob.api.get(`/user/${r(bob.userId)}/account_data/m.direct`)).body, { [alice.userId]: [old, '!other:localhost', fresh] });
    // A later tag change in the new room is not overwritten by leaving and joining again.
    assert.equal((await bob.api.delete(`/user/${r(bob.userId)}/rooms/${r(fresh)}/tags/m.favourite`)).status, 200);
    assert.equal((await bob.api.put(`/user/${r(bob.userId)}/rooms/${r(fresh)}/tags/u.mine`, {})).status, 200);
    assert.equal((await bob.api.post(`/rooms/${r(fresh)}/leave`, {})).status, 200);
    await join(bob, fresh);
    assert.deepEqual((await bob.api.get(`/user/${r(bob.userId)}/rooms/${r(fresh)}/tags`)).body, { tags: { 'u.mine': {} } });
  });

  test('push rules that name the old room follow the upgrader at once and a member when they join', async () => {
    const old = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, old);
    const rules = (u: TestUser) => u.api.get('/pushrules/');
    assert.equal((await alice.api.put(`/pushrules/global/room/${r(old)}`, { actions: ['dont_notify'] })).status, 200);
    const override = { conditions: [{ kind: 'event_match', key: 'room_id', pattern: old }], actions: ['notify', { set_tweak: 'sound', value: 'ping' }] };
    assert.equal((await alice.api.put(`/pushrules/global/override/quiet-${r(old)}`, override)).status, 200);
    assert.equal((await alice.api.put('/pushrules/global/override/unrelated', { conditions: [{ kind: 'event_match', key: 'type', pattern: 'x.y' }], actions: [] })).status, 200);
    assert.equal((await bob.api.put(`/pushrules/global/room/${r(old)}`, { actions: [] })).status, 200);
    const fresh = (await upgrade(alice, old, { new_version: '11' })).body.replacement_room as string;
    const roomRule = await alice.api.get(`/pushrules/global/room/${r(fresh)}`);
    assert.equal(roomRule.status, 200, JSON.stringify(roomRule.body));
    assert.deepEqual(roomRule.body.actions, ['dont_notify']);
    const copied = await alice.api.get(`/pushrules/global/override/quiet-${r(fresh)}`);
    assert.equal(copied.status, 200, JSON.stringify(copied.body));
    assert.deepEqual(copied.body.conditions, [{ kind: 'event_match', key: 'room_id', pattern: fresh }]);
    assert.deepEqual(copied.body.actions, override.actions);
    // The copy ranks just above the rule it copies; the old rules stay; unrelated rules are not copied.
    const overrides = (await rules(alice)).body.global.override.map((x: { rule_id: string }) => x.rule_id);
    assert.ok(overrides.indexOf(`quiet-${fresh}`) === overrides.indexOf(`quiet-${old}`) - 1, JSON.stringify(overrides));
    assert.equal(overrides.filter((id: string) => id.startsWith('unrelated')).length, 1);
    // Bob's room rule follows only once he joins.
    expectError(await bob.api.get(`/pushrules/global/room/${r(fresh)}`), 404, 'M_NOT_FOUND');
    await join(bob, fresh);
    assert.deepEqual((await bob.api.get(`/pushrules/global/room/${r(fresh)}`)).body.actions, []);
    // And the copy reached account data, where clients read rules from.
    const data = await bob.api.get(`/user/${r(bob.userId)}/account_data/m.push_rules`);
    assert.ok(
      data.body.global.room.some((x: { rule_id: string }) => x.rule_id === fresh),
      JSON.stringify(data.body.global.room),
    );
  });

  test('a space keeps its children', async () => {
    const space = await createRoom(alice, { preset: 'public_chat', creation_content: { type: 'm.space' } });
    const child = await createRoom(alice, { preset: 'public_chat' });
    assert.equal((await alice.api.put(`/rooms/${r(space)}/state/m.space.child/${r(child)}`, { via: ['localhost'], order: 'x' })).status, 200);
    const res = await upgrade(alice, space, { new_version: '11' });
    assert.equal(res.status, 200);
    const fresh = res.body.replacement_room;
    assert.equal((await stateOf(alice, fresh, 'm.room.create')).type, 'm.space');
    assert.deepEqual(await stateOf(alice, fresh, 'm.space.child', child), { via: ['localhost'], order: 'x' });
    const tree = await alice.api.get(`/_matrix/client/v1/rooms/${r(fresh)}/hierarchy`);
    assert.deepEqual(
      tree.body.rooms.map((room: any) => room.room_id),
      [fresh, child],
    );
  });
});
