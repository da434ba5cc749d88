import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUsersBefore } from '../support/registerUsersBefore.ts';
import { expectError } from '../support/client.ts';
import { createRoom, join, r, sendText } from '../support/factories.ts';

onEachDatabase('rooms basics', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  test('a public room can be joined, talked in and read back', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat', name: 'General' });
    await join(bob, roomId);
    const eventId = await sendText(bob, roomId, 'hello alice');
    const page = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=5`);
    assert.equal(page.status, 200);
    assert.equal(page.body.chunk[0].event_id, eventId);
    assert.equal(page.body.chunk[0].content.body, 'hello alice');
    assert.equal(page.body.chunk[0].sender, bob.userId);
    const members = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(bob.userId)}`);
    assert.equal(members.body.membership, 'join');
  });

  test('a private room refuses a stranger without revealing it exists', async () => {
    const roomId = await createRoom(alice, { preset: 'private_chat' });
    const real = await bob.api.get(`/rooms/${r(roomId)}/messages?dir=b`);
    const missing = await bob.api.get(`/rooms/${r('!nothere:localhost')}/messages?dir=b`);
    expectError(real, 403, 'M_FORBIDDEN');
    expectError(missing, 403, 'M_FORBIDDEN');
    assert.deepEqual(real.body, missing.body);
    expectError(await bob.api.post(`/rooms/${r(roomId)}/join`, {}), 403, 'M_FORBIDDEN');
  });

  test('the same txnId twice yields one event', async () => {
    const roomId = await createRoom(alice);
    const a = await alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/same`, { msgtype: 'm.text', body: 'once' });
    const b = await alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/same`, { msgtype: 'm.text', body: 'once' });
    assert.equal(a.status, 200);
    assert.equal(a.body.event_id, b.body.event_id);
    const page = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=50`);
    assert.equal(page.body.chunk.filter((e: { content: { body?: string } }) => e.content.body === 'once').length, 1);
  });
});
