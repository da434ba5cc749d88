import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import { edit, ids, redact, send, text, threadReply, threads } from './support.ts';

onEachDatabase('GET /threads', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);
  let roomId: string;
  let t1: string;
  let t2: string;
  let t3: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'private_chat' });
    await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId });
    await join(bob, roomId);
    t1 = await send(alice, roomId, text('thread one'));
    t2 = await send(bob, roomId, text('thread two'));
    t3 = await send(alice, roomId, text('thread three'));
    await send(bob, roomId, text('not a thread'));
    await send(alice, roomId, threadReply(t1, 'one-1'));
    await send(alice, roomId, threadReply(t2, 'two-1'));
    await send(alice, roomId, threadReply(t3, 'three-1'));
    // t1 becomes the most recently active thread.
    await send(bob, roomId, threadReply(t1, 'one-2'));
  });

  test('thread roots by latest activity, each with its thread summary', async () => {
    const body = await threads(bob, roomId, '?limit=10');
    assert.deepEqual(ids(body.chunk), [t1, t3, t2]);
    const summary = body.chunk[0].unsigned['m.relations']['m.thread'];
    assert.equal(summary.count, 2);
    assert.equal(summary.latest_event.content.body, 'one-2');
    assert.equal(summary.current_user_participated, true);
    assert.equal(body.chunk[1].unsigned['m.relations']['m.thread'].current_user_participated, false);
    assert.equal(body.next_batch, undefined);
  });

  test('include=participated keeps threads the user started or replied in', async () => {
    assert.deepEqual(ids((await threads(bob, roomId, '?include=participated')).chunk), [t1, t2]);
    assert.deepEqual(ids((await threads(alice, roomId, '?include=participated')).chunk), [t1, t3, t2]);
  });

  test('pages with next_batch', async () => {
    const first = await threads(bob, roomId, '?limit=2');
    assert.deepEqual(ids(first.chunk), [t1, t3]);
    assert.ok(first.next_batch);
    const second = await threads(bob, roomId, `?limit=2&from=${r(first.next_batch)}`);
    assert.deepEqual(ids(second.chunk), [t2]);
    assert.equal(second.next_batch, undefined);
  });

  test('the latest event carries its own edit; a redacted root stays listed with its replies', async () => {
    const room = await createRoom(alice);
    const root = await send(alice, room, text('root'));
    const reply = await send(alice, room, threadReply(root, 'reply'));
    const fix = await send(alice, room, { ...edit(reply, 'reply, fixed'), 'm.relates_to': { rel_type: 'm.replace', event_id: reply } });
    let body = await threads(alice, room);
    const latest = body.chunk[0].unsigned['m.relations']['m.thread'].latest_event;
    assert.equal(latest.event_id, reply);
    assert.equal(latest.unsigned['m.relations']['m.replace'].event_id, fix);
    await redact(alice, room, root);
    body = await threads(alice, room);
    assert.deepEqual(ids(body.chunk), [root]);
    assert.deepEqual(body.chunk[0].content, {});
    assert.equal(body.chunk[0].unsigned['m.relations']['m.thread'].count, 1);
  });

  test('a redacted reply leaves the count; redacting every reply removes the thread', async () => {
    const room = await createRoom(alice);
    const root = await send(alice, room, text('root'));
    const a = await send(alice, room, threadReply(root, 'a'));
    const b = await send(alice, room, threadReply(root, 'b'));
    await redact(alice, room, b);
    let body = await threads(alice, room);
    assert.equal(body.chunk[0].unsigned['m.relations']['m.thread'].count, 1);
    assert.equal(body.chunk[0].unsigned['m.relations']['m.thread'].latest_event.event_id, a);
    await redact(alice, room, a);
    body = await threads(alice, room);
    assert.deepEqual(body.chunk, []);
  });

  test('a non-member is refused with 403 M_FORBIDDEN; bad parameters with 400', async () => {
    expectError(await carol.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/threads`), 403, 'M_FORBIDDEN');
    expectError(await bob.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/threads?include=some`), 400, 'M_INVALID_PARAM');
    expectError(await bob.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/threads?from=zzz`), 400, 'M_INVALID_PARAM');
    expectError(await bob.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/threads?limit=0`), 400, 'M_INVALID_PARAM');
  });
});
