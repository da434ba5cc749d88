import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';

for (const roomVersion of ['10', '11']) {
  onEachDatabase(`joining a room restricted to a space (room version ${roomVersion})`, (ctx) => {
    const { alice, bob, mallory } = registerUsersBefore(ctx, ['alice', 'bob', 'mallory']);
    let space: string;
    let room: string;
    before(async () => {
      space = await createRoom(alice, { preset: 'public_chat', room_version: roomVersion, creation_content: { type: 'm.space' } });
      room = await createRoom(alice, {
        preset: 'private_chat',
        room_version: roomVersion,
        initial_state: [{ type: 'm.room.join_rules', state_key: '', content: { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: space }] } }],
      });
      const child = await alice.api.put(`/rooms/${r(space)}/state/m.space.child/${r(room)}`, { via: ['localhost'] });
      assert.equal(child.status, 200);
    });

    test('a user not in the space is refused with 403', async () => {
      expectError(await mallory.api.post(`/rooms/${r(room)}/join`, {}), 403, 'M_FORBIDDEN');
      const state = await alice.api.get(`/rooms/${r(room)}/state/m.room.member/${r(mallory.userId)}`);
      assert.equal(state.status, 404);
    });

    test('a member of the space joins, authorised by a member who may invite', async () => {
      await join(bob, space);
      const res = await bob.api.post(`/rooms/${r(room)}/join`, {});
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const member = await alice.api.get(`/rooms/${r(room)}/state/m.room.member/${r(bob.userId)}`);
      assert.equal(member.body.membership, 'join');
      assert.equal(member.body.join_authorised_via_users_server, alice.userId);
    });

    test('leaving the space takes the right to join away', async () => {
      await join(mallory, space);
      assert.equal((await mallory.api.post(`/rooms/${r(space)}/leave`, {})).status, 200);
      expectError(await mallory.api.post(`/rooms/${r(room)}/join`, {}), 403, 'M_FORBIDDEN');
    });
  });
}
