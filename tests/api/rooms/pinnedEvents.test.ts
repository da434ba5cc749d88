import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, r, sendText } from '../../support/factories.ts';

onEachDatabase('pinned events', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
  });

  test('a moderator pins events; members read them as state and in /sync', async () => {
    const first = await sendText(bob, roomId, 'pin me');
    const second = await sendText(alice, roomId, 'and me');
    const put = await alice.api.put(`/rooms/${r(roomId)}/state/m.room.pinned_events`, { pinned: [first, second] });
    assert.equal(put.status, 200);
    const read = await bob.api.get(`/rooms/${r(roomId)}/state/m.room.pinned_events`);
    assert.deepEqual(read.body, { pinned: [first, second] });
    const sync = await bob.api.get('/sync');
    const state = [...(sync.body.rooms.join[roomId].state?.events ?? []), ...sync.body.rooms.join[roomId].timeline.events];
    const pinned = state.filter((e: any) => e.type === 'm.room.pinned_events').at(-1);
    assert.deepEqual(pinned?.content, { pinned: [first, second] });
  });

  test('a plain member (power 0) may not pin: the state_default of 50 applies', async () => {
    const event = await sendText(bob, roomId, 'mine');
    expectError(await bob.api.put(`/rooms/${r(roomId)}/state/m.room.pinned_events`, { pinned: [event] }), 403, 'M_FORBIDDEN');
    const pl = (await alice.api.get(`/rooms/${r(roomId)}/state/m.room.power_levels`)).body;
    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels`, { ...pl, users: { ...pl.users, [bob.userId]: 50 } })).status, 200);
    assert.equal((await bob.api.put(`/rooms/${r(roomId)}/state/m.room.pinned_events`, { pinned: [event] })).status, 200);
    assert.deepEqual((await alice.api.get(`/rooms/${r(roomId)}/state/m.room.pinned_events`)).body, { pinned: [event] });
  });
});
