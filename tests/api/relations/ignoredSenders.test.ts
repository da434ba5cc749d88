import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import { getEvent, reference, send, text, threadReply } from './support.ts';

// Users one ignores are left out of the aggregations too (ignore_users.md: their events are hidden):
// a thread's count and latest reply, and references, as Synapse does for thread summaries.
onEachDatabase('bundled aggregations leave out ignored senders', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);

  test('thread summary and references skip the ignored user in /event, /messages and /sync', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    await join(carol, roomId);
    const root = await send(alice, roomId, text('root'));
    const fromBob = await send(bob, roomId, threadReply(root, 'bob replies'));
    await send(carol, roomId, threadReply(root, 'carol replies'));
    await send(carol, roomId, reference(root, 'carol refers'));
    assert.equal((await alice.api.put(`/user/${r(alice.userId)}/account_data/m.ignored_user_list`, { ignored_users: { [carol.userId]: {} } })).status, 200);

    const check = (event: any, where: string): void => {
      const rel = event.unsigned['m.relations'];
      assert.equal(rel['m.thread'].count, 1, where);
      assert.equal(rel['m.thread'].latest_event.event_id, fromBob, where);
      assert.equal(rel['m.reference'], undefined, `${where}: the only reference is the ignored user's`);
    };
    check(await getEvent(alice, roomId, root), '/event');
    const messages = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=20`);
    check(
      messages.body.chunk.find((e: any) => e.event_id === root),
      '/messages',
    );
    const sync = await alice.api.get(`/sync?timeout=0&filter=${r(JSON.stringify({ room: { timeline: { limit: 20 } } }))}`);
    check(
      sync.body.rooms.join[roomId].timeline.events.find((e: any) => e.event_id === root),
      '/sync',
    );
    // Bob ignores nobody: he sees both replies and the reference.
    const forBob = (await getEvent(bob, roomId, root)).unsigned['m.relations'];
    assert.equal(forBob['m.thread'].count, 2);
    assert.equal(forBob['m.reference'].chunk.length, 1);
  });
});
