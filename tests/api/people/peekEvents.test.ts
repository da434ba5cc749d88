import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, r, sendText } from '../../support/factories.ts';

type Chunk = { start: string; end: string; chunk: Array<{ type: string; room_id: string; content: { body?: string } }> };

// GET /events?room_id= (room previews): what a client polls after initialSync to follow a room it has not joined.
onEachDatabase('peeking with GET /events', (ctx) => {
  const { alice, mallory } = registerUsersBefore(ctx, ['alice', 'mallory']);
  let openRoom: string;
  let privateRoom: string;
  before(async () => {
    openRoom = await createRoom(alice, { preset: 'public_chat', name: 'Open' });
    await alice.api.put(`/rooms/${r(openRoom)}/state/m.room.history_visibility/`, { history_visibility: 'world_readable' });
    await sendText(alice, openRoom, 'before the peek');
    privateRoom = await createRoom(alice, { preset: 'private_chat' });
  });

  async function snapshotEnd(roomId: string): Promise<string> {
    const snap = await mallory.api.get(`/rooms/${r(roomId)}/initialSync`);
    assert.equal(snap.status, 200);
    return snap.body.messages.end as string;
  }

  test('a non-member follows a world_readable room from the initialSync token', async () => {
    const end = await snapshotEnd(openRoom);
    const idle = await mallory.api.get(`/events?room_id=${r(openRoom)}&from=${r(end)}&timeout=0`);
    assert.equal(idle.status, 200);
    assert.deepEqual(idle.body, { start: end, end, chunk: [] });
    await sendText(alice, openRoom, 'live one');
    await sendText(alice, openRoom, 'live two');
    const res = await mallory.api.get(`/events?room_id=${r(openRoom)}&from=${r(end)}&timeout=5000`);
    assert.equal(res.status, 200);
    const body = res.body as Chunk;
    assert.equal(body.start, end);
    assert.notEqual(body.end, end);
    assert.deepEqual(
      body.chunk.map((e) => e.content.body),
      ['live one', 'live two'],
    );
    assert.ok(body.chunk.every((e) => e.room_id === openRoom));
    // The next poll continues after them.
    const next = await mallory.api.get(`/events?room_id=${r(openRoom)}&from=${r(body.end)}&timeout=0`);
    assert.deepEqual(next.body.chunk, []);
  });

  test('a waiting peek is answered with the event that arrives', async () => {
    const end = await snapshotEnd(openRoom);
    const pending = mallory.api.get(`/events?room_id=${r(openRoom)}&from=${r(end)}&timeout=20000`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sendText(alice, openRoom, 'while waiting');
    const res = await pending;
    assert.equal(res.status, 200);
    assert.deepEqual(
      (res.body as Chunk).chunk.map((e) => e.content.body),
      ['while waiting'],
    );
  });

  test('events sent in other rooms do not answer a peek', async () => {
    const end = await snapshotEnd(openRoom);
    await sendText(alice, privateRoom, 'elsewhere');
    const res = await mallory.api.get(`/events?room_id=${r(openRoom)}&from=${r(end)}&timeout=300`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.chunk, []);
  });

  test('a private room refuses a non-member exactly as an unknown room does; bad input is a 400', async () => {
    const hidden = await mallory.api.get(`/events?room_id=${r(privateRoom)}&timeout=0`);
    const unknown = await mallory.api.get(`/events?room_id=${r('!nosuchroom:localhost')}&timeout=0`);
    expectError(hidden, 403, 'M_FORBIDDEN');
    assert.deepEqual(hidden.body, unknown.body);
    expectError(await mallory.api.get(`/events?room_id=not-a-room`), 400, 'M_INVALID_PARAM');
    expectError(await mallory.api.get(`/events?room_id=${r(openRoom)}&from=banana`), 400, 'M_INVALID_PARAM');
    const missing = await mallory.api.get(`/events?timeout=0`);
    assert.equal(missing.status, 400);
    assert.equal(typeof missing.body.errcode, 'string');
    // A member may follow their own room the same way.
    const own = await alice.api.get(`/events?room_id=${r(privateRoom)}&timeout=0`);
    assert.equal(own.status, 200);
  });

  test('once the room stops being world_readable, the peek shows nothing written after', async () => {
    const room = await createRoom(alice, { preset: 'public_chat' });
    await alice.api.put(`/rooms/${r(room)}/state/m.room.history_visibility/`, { history_visibility: 'world_readable' });
    const end = await snapshotEnd(room);
    await alice.api.put(`/rooms/${r(room)}/state/m.room.history_visibility/`, { history_visibility: 'joined' });
    await sendText(alice, room, 'members only');
    const res = await mallory.api.get(`/events?room_id=${r(room)}&from=${r(end)}&timeout=0`);
    if (res.status === 200) assert.ok(!(res.body as Chunk).chunk.some((e) => e.content.body === 'members only'));
    else expectError(res, 403, 'M_FORBIDDEN');
  });
});
