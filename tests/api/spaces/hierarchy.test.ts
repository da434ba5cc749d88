import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, r } from '../../support/factories.ts';

const V1 = '/_matrix/client/v1/rooms/';
const hierarchy = (user: TestUser, roomId: string, query = '') => user.api.get(`${V1}${r(roomId)}/hierarchy${query}`);

async function addChild(user: TestUser, space: string, child: string, content: Record<string, unknown> = { via: ['localhost'] }): Promise<void> {
  const res = await user.api.put(`/rooms/${r(space)}/state/m.space.child/${r(child)}`, content);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  // Children without `order` are ordered by their event's timestamp: keep those apart.
  await new Promise((resolve) => setTimeout(resolve, 3));
}

onEachDatabase('space hierarchy', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);
  let space: string;
  let subspace: string;
  let lobby: string;
  let secret: string;
  let members: string;
  let deep: string;
  let late: string;
  let removed: string;
  before(async () => {
    space = await createRoom(alice, { preset: 'public_chat', name: 'The Space', topic: 'All of it', creation_content: { type: 'm.space' } });
    subspace = await createRoom(alice, { preset: 'public_chat', name: 'Sub', creation_content: { type: 'm.space' } });
    lobby = await createRoom(alice, { preset: 'public_chat', name: 'Lobby' });
    secret = await createRoom(alice, { preset: 'private_chat', name: 'Secret' });
    members = await createRoom(alice, {
      preset: 'private_chat',
      name: 'Members only',
      initial_state: [{ type: 'm.room.join_rules', state_key: '', content: { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: space }] } }],
    });
    deep = await createRoom(alice, { preset: 'public_chat', name: 'Deep' });
    late = await createRoom(alice, { preset: 'public_chat', name: 'Late' });
    removed = await createRoom(alice, { preset: 'public_chat', name: 'Removed' });
    // Order: `order` first ("a" < "b"), then by the child event's timestamp, then room ID.
    await addChild(alice, space, lobby, { via: ['localhost'], order: 'b', suggested: true });
    await addChild(alice, space, subspace, { via: ['localhost'], order: 'a' });
    await addChild(alice, space, secret);
    await addChild(alice, space, members);
    await addChild(alice, space, '!unknown:localhost');
    await addChild(alice, space, late, { via: ['localhost'], order: 'not\u0001valid' });
    // No via, an empty via, a via that is not server names: not children.
    await addChild(alice, space, removed, {});
    await addChild(alice, space, '!empty:localhost', { via: [] });
    await addChild(alice, space, '!bad:localhost', { via: ['not a server'] });
    await addChild(alice, subspace, deep);
    await addChild(alice, subspace, space); // a loop back to the root
    await join(bob, space);
  });

  test('a member sees the tree depth first, children in the spec order, with each room described', async () => {
    const res = await hierarchy(bob, space);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.rooms.map((room: any) => room.room_id),
      [space, subspace, deep, lobby, members, late],
    );
    assert.equal(res.body.next_batch, undefined);
    const root = res.body.rooms[0];
    assert.equal(root.name, 'The Space');
    assert.equal(root.topic, 'All of it');
    assert.equal(root.room_type, 'm.space');
    assert.equal(root.num_joined_members, 2);
    assert.equal(root.join_rule, 'public');
    assert.equal(root.world_readable, false);
    assert.equal(root.guest_can_join, false);
    assert.match(root.room_version, /^1[01]$/);
    // children_state: the valid m.space.child events, stripped, with origin_server_ts, in order.
    assert.deepEqual(
      root.children_state.map((e: any) => e.state_key),
      [subspace, lobby, secret, members, '!unknown:localhost', late],
    );
    for (const e of root.children_state) {
      assert.equal(e.type, 'm.space.child');
      assert.equal(e.sender, alice.userId);
      assert.equal(typeof e.origin_server_ts, 'number');
      assert.equal(e.event_id, undefined);
    }
    assert.deepEqual(root.children_state[1].content, { via: ['localhost'], order: 'b', suggested: true });
    const restricted = res.body.rooms.find((room: any) => room.room_id === members);
    assert.equal(restricted.join_rule, 'restricted');
    assert.deepEqual(restricted.allowed_room_ids, [space]);
    const leaf = res.body.rooms.find((room: any) => room.room_id === lobby);
    assert.deepEqual(leaf.children_state, []);
    assert.equal(leaf.room_type, undefined);
  });

  test('an invited user sees the private room; a user outside the allowed space does not see the restricted one', async () => {
    await invite(alice, secret, bob.userId);
    const ids = (await hierarchy(bob, space)).body.rooms.map((room: any) => room.room_id);
    assert.ok(ids.includes(secret));
    // Carol is in none of these rooms: she sees the public ones, not the invite-only one nor the one restricted to the space.
    assert.deepEqual(
      (await hierarchy(carol, space)).body.rooms.map((room: any) => room.room_id),
      [space, subspace, deep, lobby, late],
    );
    await join(carol, space);
    assert.ok((await hierarchy(carol, space)).body.rooms.some((room: any) => room.room_id === members));
  });

  test('max_depth, suggested_only and limit with next_batch', async () => {
    const shallow = await hierarchy(bob, space, '?max_depth=0');
    assert.deepEqual(
      shallow.body.rooms.map((room: any) => room.room_id),
      [space],
    );
    assert.deepEqual(shallow.body.rooms[0].children_state, []);
    const one = await hierarchy(bob, space, '?max_depth=1');
    assert.ok(!one.body.rooms.some((room: any) => room.room_id === deep));
    // From the subspace: its children at depth 1, the root among them (a loop), not expanded further.
    const fromSub = await hierarchy(bob, subspace, '?max_depth=1');
    assert.deepEqual(
      fromSub.body.rooms.map((room: any) => room.room_id),
      [subspace, deep, space],
    );
    assert.deepEqual(fromSub.body.rooms[2].children_state, []);
    const suggested = await hierarchy(bob, space, '?suggested_only=true');
    assert.deepEqual(
      suggested.body.rooms.map((room: any) => room.room_id),
      [space, lobby],
    );
    assert.deepEqual(
      suggested.body.rooms[0].children_state.map((e: any) => e.state_key),
      [lobby],
    );
    const all = (await hierarchy(bob, space)).body.rooms.map((room: any) => room.room_id);
    const paged: string[] = [];
    let from: string | undefined;
    for (let page = 0; page < 20; page += 1) {
      const res = await hierarchy(bob, space, `?limit=2${from ? `&from=${encodeURIComponent(from)}` : ''}`);
      assert.equal(res.status, 200);
      assert.ok(res.body.rooms.length <= 2);
      paged.push(...res.body.rooms.map((room: any) => room.room_id));
      from = res.body.next_batch;
      if (!from) break;
    }
    assert.deepEqual(paged, all);
  });

  test('a bad from, or one with changed settings, is M_INVALID_PARAM; a bad limit or depth too', async () => {
    expectError(await hierarchy(bob, space, '?from=nonsense'), 400, 'M_INVALID_PARAM');
    const first = await hierarchy(bob, space, '?limit=1');
    const token = encodeURIComponent(first.body.next_batch);
    assert.equal((await hierarchy(bob, space, `?limit=1&from=${token}`)).status, 200);
    expectError(await hierarchy(bob, space, `?limit=1&from=${token}&max_depth=1`), 400, 'M_INVALID_PARAM');
    expectError(await hierarchy(bob, space, `?limit=1&from=${token}&suggested_only=true`), 400, 'M_INVALID_PARAM');
    expectError(await hierarchy(bob, subspace, `?limit=1&from=${token}`), 400, 'M_INVALID_PARAM');
    expectError(await hierarchy(bob, space, '?limit=0'), 400, 'M_INVALID_PARAM');
    expectError(await hierarchy(bob, space, '?max_depth=-1'), 400, 'M_INVALID_PARAM');
    expectError(await hierarchy(bob, space, '?suggested_only=maybe'), 400, 'M_INVALID_PARAM');
    expectError(await hierarchy(bob, 'not-a-room'), 400, 'M_INVALID_PARAM');
  });

  test('an inaccessible or unknown root is 403 M_FORBIDDEN, the same for both', async () => {
    const privateSpace = await createRoom(alice, { preset: 'private_chat', creation_content: { type: 'm.space' } });
    const hidden = await hierarchy(bob, privateSpace);
    expectError(hidden, 403, 'M_FORBIDDEN');
    const unknown = await hierarchy(bob, '!nosuchroom:localhost');
    expectError(unknown, 403, 'M_FORBIDDEN');
    assert.deepEqual(hidden.body, unknown.body);
    // The owner sees it.
    assert.equal((await hierarchy(alice, privateSpace)).status, 200);
  });
});
