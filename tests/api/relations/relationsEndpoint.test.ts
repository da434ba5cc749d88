import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import { edit, ids, reaction, reference, relations, send, text, threadReply } from './support.ts';

onEachDatabase('GET /relations', (ctx) => {
  const { alice, bob, carol, dave } = registerUsersBefore(ctx, ['alice', 'bob', 'carol', 'dave']);
  let roomId: string;
  let root: string;
  const replies: string[] = [];
  before(async () => {
    roomId = await createRoom(alice, { preset: 'private_chat' });
    await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId });
    await join(bob, roomId);
    root = await send(alice, roomId, text('root'));
    for (let i = 0; i < 7; i++) replies.push(await send(i % 2 ? alice : bob, roomId, threadReply(root, `reply ${i}`)));
    await send(bob, roomId, reaction(root, '👍'), 'm.reaction');
    await send(alice, roomId, reference(root, 'a reference'));
  });

  test('newest first by default, all rel_types, with the relation in each event', async () => {
    const body = await relations(bob, roomId, root, '', '?limit=20');
    assert.equal(body.chunk.length, 9);
    assert.equal(body.chunk[0].content['m.relates_to'].rel_type, 'm.reference');
    assert.equal(body.chunk[1].type, 'm.reaction');
    assert.deepEqual(ids(body.chunk.slice(2)), [...replies].reverse());
    assert.equal(body.next_batch, undefined);
    assert.equal(body.recursion_depth, undefined);
  });

  test('filtered by rel_type and by rel_type and event type', async () => {
    assert.deepEqual(ids((await relations(bob, roomId, root, '/m.thread', '?limit=20')).chunk), [...replies].reverse());
    assert.equal((await relations(bob, roomId, root, '/m.annotation/m.reaction', '?limit=20')).chunk.length, 1);
    assert.equal((await relations(bob, roomId, root, '/m.annotation/m.room.message', '?limit=20')).chunk.length, 0);
    assert.equal((await relations(bob, roomId, root, '/org.example.none', '')).chunk.length, 0);
  });

  test('pages backwards with next_batch until it is absent, without gaps or overlap', async () => {
    const seen: string[] = [];
    let from: string | undefined;
    let pages = 0;
    do {
      const body = await relations(bob, roomId, root, '/m.thread', `?limit=3${from ? `&from=${r(from)}` : ''}`);
      seen.push(...ids(body.chunk));
      if (from) assert.equal(body.prev_batch, from);
      else assert.equal(body.prev_batch, undefined);
      from = body.next_batch;
      pages++;
    } while (from && pages < 10);
    assert.deepEqual(seen, [...replies].reverse());
    assert.equal(pages, 3);
  });

  test('pages forwards with dir=f, oldest first', async () => {
    const first = await relations(bob, roomId, root, '/m.thread', '?dir=f&limit=4');
    assert.deepEqual(ids(first.chunk), replies.slice(0, 4));
    assert.ok(first.next_batch);
    const second = await relations(bob, roomId, root, '/m.thread', `?dir=f&limit=4&from=${r(first.next_batch)}`);
    assert.deepEqual(ids(second.chunk), replies.slice(4));
    assert.equal(second.next_batch, undefined);
  });

  test('to bounds a page: from page 2 back to page 1 is empty, a /sync token works as from', async () => {
    const page1 = await relations(bob, roomId, root, '/m.thread', '?limit=3');
    const page2 = await relations(bob, roomId, root, '/m.thread', `?limit=3&from=${r(page1.next_batch)}`);
    const between = await relations(bob, roomId, root, '/m.thread', `?limit=10&from=${r(page2.next_batch)}&to=${r(page1.next_batch)}`);
    assert.deepEqual(between.chunk, []);
    const sync = await bob.api.get('/sync?timeout=0');
    const fromSync = await relations(bob, roomId, root, '/m.thread', `?limit=2&from=${r(sync.body.next_batch)}`);
    assert.deepEqual(ids(fromSync.chunk), [replies[6], replies[5]]);
  });

  test('recurse follows relations of relations and reports recursion_depth', async () => {
    const reply = replies[0]!;
    const replyEdit = await send(bob, roomId, edit(reply, 'reply 0, edited'));
    const reacted = await send(alice, roomId, reaction(reply, '🎉'), 'm.reaction');
    const direct = await relations(bob, roomId, root, '', '?limit=50&recurse=false');
    assert.equal(direct.recursion_depth, 0);
    assert.ok(!ids(direct.chunk).includes(replyEdit));
    const deep = await relations(bob, roomId, root, '', '?limit=50&recurse=true');
    assert.ok(ids(deep.chunk).includes(replyEdit) && ids(deep.chunk).includes(reacted));
    assert.equal(deep.recursion_depth, 2);
    // The filter applies at every level: edits of thread replies are not m.thread relations.
    const threadOnly = await relations(bob, roomId, root, '/m.thread', '?limit=50&recurse=true');
    assert.deepEqual(ids(threadOnly.chunk), [...replies].reverse());
    // Three levels at most: a reaction to an edit of a reply of the root is level 3.
    const level3 = await send(alice, roomId, reference(replyEdit, 'level 3'));
    const level4 = await send(alice, roomId, reference(level3, 'level 4'));
    const deepest = await relations(bob, roomId, root, '', '?limit=50&recurse=true');
    assert.ok(ids(deepest.chunk).includes(level3));
    assert.ok(!ids(deepest.chunk).includes(level4));
    assert.equal(deepest.recursion_depth, 3);
  });

  test('404 for a missing event, an event of another room, and for a non-member', async () => {
    expectError(await bob.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/relations/${r('$nope')}`), 404, 'M_NOT_FOUND');
    const other = await createRoom(alice);
    expectError(await alice.api.get(`/_matrix/client/v1/rooms/${r(other)}/relations/${r(root)}`), 404, 'M_NOT_FOUND');
    expectError(await carol.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/relations/${r(root)}`), 404, 'M_NOT_FOUND');
    expectError(await bob.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/relations/${r(root)}?from=bogus`), 400, 'M_INVALID_PARAM');
    expectError(await bob.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/relations/${r(root)}?dir=x`), 400, 'M_INVALID_PARAM');
  });

  test('history visibility: a member who joined later sees no relations from before (joined visibility)', async () => {
    const room = await createRoom(alice, {
      preset: 'private_chat',
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'joined' } }],
    });
    await alice.api.post(`/rooms/${r(room)}/invite`, { user_id: dave.userId });
    const early = await send(alice, room, text('early'));
    await join(dave, room);
    // The root itself is hidden from dave: 404.
    expectError(await dave.api.get(`/_matrix/client/v1/rooms/${r(room)}/relations/${r(early)}`), 404, 'M_NOT_FOUND');
    // A root dave can see, with a reply from before... is impossible; replies after the join are visible.
    const seen = await send(alice, room, text('seen'));
    const after = await send(alice, room, threadReply(seen, 'after join'));
    assert.deepEqual(ids((await relations(dave, room, seen)).chunk), [after]);
    // A former member reads relations only up to their departure.
    await dave.api.post(`/rooms/${r(room)}/leave`, {});
    await send(alice, room, threadReply(seen, 'after leave'));
    assert.deepEqual(ids((await relations(dave, room, seen)).chunk), [after]);
  });
});
