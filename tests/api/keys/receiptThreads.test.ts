import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, r, sendText } from '../../support/factories.ts';
import { ephemeralOf, syncOnce } from '../../support/e2eeClient.ts';

onEachDatabase('threaded receipts are bounded by the room', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
  });

  test('a thread_id must be an event of the room: made-up threads cannot pile receipts onto the members', async () => {
    const eventId = await sendText(bob, roomId, 'read me');
    const other = await createRoom(alice);
    const elsewhere = await sendText(alice, other, 'not in the room');
    for (let i = 0; i < 20; i++) {
      expectError(await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, { thread_id: `$madeup${i}` }), 404, 'M_NOT_FOUND');
    }
    expectError(await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, { thread_id: elsewhere }), 404, 'M_NOT_FOUND');
    const root = await sendText(bob, roomId, 'thread root');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, { thread_id: root })).status, 200);
    const receipts = ephemeralOf(await syncOnce(bob), roomId, 'm.receipt')[0].content[eventId]['m.read'];
    assert.deepEqual(Object.keys(receipts), [alice.userId]);
    assert.equal(receipts[alice.userId].thread_id, root);
  });
});
