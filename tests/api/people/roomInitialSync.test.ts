import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, r, sendText } from '../../support/factories.ts';

onEachDatabase('room initialSync', (ctx) => {
  const { alice, bob, mallory } = registerUsersBefore(ctx, ['alice', 'bob', 'mallory']);
  let privateRoom: string;
  let openRoom: string;
  before(async () => {
    privateRoom = await createRoom(alice, { preset: 'private_chat', name: 'Secret', invite: [bob.userId] });
    await join(bob, privateRoom);
    for (let i = 0; i < 25; i++) await sendText(i % 2 ? alice : bob, privateRoom, `m${i}`);
    await alice.api.put(`/user/${r(alice.userId)}/rooms/${r(privateRoom)}/account_data/org.example.note`, { n: 1 });
    openRoom = await createRoom(alice, { preset: 'public_chat', name: 'Open archive' });
    await alice.api.put(`/rooms/${r(openRoom)}/state/m.room.history_visibility/`, { history_visibility: 'world_readable' });
    await sendText(alice, openRoom, 'hello world');
  });

  test('a joined member gets the current state, the latest messages and their room account data', async () => {
    const res = await alice.api.get(`/rooms/${r(privateRoom)}/initialSync`);
    assert.equal(res.status, 200);
    const body = res.body;
    assert.equal(body.room_id, privateRoom);
    assert.equal(body.membership, 'join');
    assert.equal(body.visibility, 'private');
    assert.deepEqual(body.presence, []);
    assert.deepEqual(body.account_data, [{ type: 'org.example.note', content: { n: 1 } }]);
    const name = body.state.find((e: { type: string }) => e.type === 'm.room.name');
    assert.equal(name.content.name, 'Secret');
    assert.ok(body.state.some((e: { type: string; state_key: string }) => e.type === 'm.room.member' && e.state_key === bob.userId));
    // Oldest first, ending with the latest message; 20 events.
    const chunk = body.messages.chunk as Array<{ type: string; content: { body?: string } }>;
    assert.equal(chunk.length, 20);
    assert.equal(chunk.at(-1)!.content.body, 'm24');
    assert.equal(chunk.at(0)!.content.body, 'm5');
    // start pages backwards with /messages; end is where the snapshot stops.
    const older = await alice.api.get(`/rooms/${r(privateRoom)}/messages?dir=b&limit=1&from=${r(body.messages.start)}`);
    assert.equal(older.body.chunk[0].content.body, 'm4');
    const later = await alice.api.get(`/rooms/${r(privateRoom)}/messages?dir=f&from=${r(body.messages.end)}`);
    assert.deepEqual(later.body.chunk, []);
    // matrix-js-sdk asks for a number of events; at most 100 are given.
    const three = await alice.api.get(`/rooms/${r(privateRoom)}/initialSync?limit=3`);
    assert.deepEqual(
      three.body.messages.chunk.map((e: { content: { body?: string } }) => e.content.body),
      ['m22', 'm23', 'm24'],
    );
    assert.ok((await alice.api.get(`/rooms/${r(privateRoom)}/initialSync?limit=100000`)).body.messages.chunk.length <= 100);
  });

  test('a non-member peeks into a world_readable room', async () => {
    const res = await mallory.api.get(`/rooms/${r(openRoom)}/initialSync`);
    assert.equal(res.status, 200);
    assert.equal(res.body.membership, undefined);
    assert.ok(res.body.messages.chunk.some((e: { content: { body?: string } }) => e.content.body === 'hello world'));
    assert.equal(res.body.state.find((e: { type: string }) => e.type === 'm.room.name').content.name, 'Open archive');
    assert.deepEqual(res.body.account_data, []);
  });

  test('a private room refuses a non-member exactly as an unknown room does', async () => {
    const hidden = await mallory.api.get(`/rooms/${r(privateRoom)}/initialSync`);
    const unknown = await mallory.api.get(`/rooms/${r('!nosuchroom:localhost')}/initialSync`);
    expectError(hidden, 403, 'M_FORBIDDEN');
    assert.deepEqual(hidden.body, unknown.body);
    assert.equal(unknown.status, 403);
    expectError(await mallory.api.get(`/rooms/not-a-room/initialSync`), 400, 'M_INVALID_PARAM');
  });

  test('a former member sees the room as they left it', async () => {
    const room = await createRoom(alice, { preset: 'private_chat', invite: [mallory.userId] });
    await join(mallory, room);
    await sendText(alice, room, 'while there');
    await mallory.api.post(`/rooms/${r(room)}/leave`, {});
    await sendText(alice, room, 'after leaving');
    const res = await mallory.api.get(`/rooms/${r(room)}/initialSync`);
    assert.equal(res.status, 200);
    assert.equal(res.body.membership, 'leave');
    const bodies = (res.body.messages.chunk as Array<{ content: { body?: string } }>).map((e) => e.content.body);
    assert.ok(bodies.includes('while there'));
    assert.ok(!bodies.includes('after leaving'));
  });
});
