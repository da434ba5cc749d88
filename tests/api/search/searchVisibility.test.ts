import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import type { ApiResponse } from '../../support/client.ts';
import { createRoom, invite, join, nextTxnId, r, sendText } from '../../support/factories.ts';
import { searchAs } from './searchAs.ts';

const word = (): string => `v${randomBytes(5).toString('hex')}`;
const bodies = (res: ApiResponse): string[] => res.body.search_categories.room_events.results.map((x: any) => x.result.content.body).sort();

onEachDatabase('POST /search visibility', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  test('a redacted event no longer matches', async () => {
    const w = word();
    const roomId = await createRoom(alice);
    const eventId = await sendText(alice, roomId, `${w} regrettable`);
    await sendText(alice, roomId, `${w} fine`);
    assert.deepEqual(bodies(await searchAs(alice, { search_term: w })), [`${w} fine`, `${w} regrettable`]);
    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/redact/${r(eventId)}/${nextTxnId()}`, {})).status, 200);
    const res = await searchAs(alice, { search_term: w });
    assert.deepEqual(bodies(res), [`${w} fine`]);
    assert.equal(res.body.search_categories.room_events.count, 1);
    assert.deepEqual(bodies(await searchAs(alice, { search_term: `${w} regrettable` })), []);
  });

  test('a departed member finds what they could read up to their leave, nothing after', async () => {
    const w = word();
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await sendText(alice, roomId, `${w} before bob`);
    await join(bob, roomId);
    await sendText(alice, roomId, `${w} while bob was there`);
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/leave`, {})).status, 200);
    await sendText(alice, roomId, `${w} after bob left`);
    await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: `${w} topic after bob left` });
    const res = await searchAs(bob, { search_term: w, order_by: 'recent', event_context: { before_limit: 5, after_limit: 5 }, include_state: true });
    assert.deepEqual(bodies(res), [`${w} before bob`, `${w} while bob was there`]);
    assert.equal(res.body.search_categories.room_events.count, 2);
    const newest = res.body.search_categories.room_events.results[0];
    assert.ok(!newest.context.events_after.some((e: any) => String(e.content.body).includes('after bob left')));
    assert.ok(!res.body.search_categories.room_events.state[roomId].some((e: any) => e.type === 'm.room.topic'));
    // What /messages shows bob is what search finds.
    const messages = await bob.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=100`);
    const shown = messages.body.chunk
      .filter((e: any) => String(e.content.body ?? '').startsWith(w))
      .map((e: any) => e.content.body)
      .sort();
    assert.deepEqual(shown, bodies(res));
  });

  test('history_visibility joined hides what came before the join, count included', async () => {
    const w = word();
    const roomId = await createRoom(alice, { preset: 'public_chat', initial_state: [{ type: 'm.room.history_visibility', content: { history_visibility: 'joined' } }] });
    await sendText(alice, roomId, `${w} before the join`);
    await join(bob, roomId);
    await sendText(alice, roomId, `${w} after the join`);
    for (const order of ['recent', 'rank']) {
      const res = await searchAs(bob, { search_term: w, order_by: order });
      assert.deepEqual(bodies(res), [`${w} after the join`]);
      assert.equal(res.body.search_categories.room_events.count, 1);
    }
    assert.equal(bodies(await searchAs(alice, { search_term: w })).length, 2);
  });

  test('history_visibility shared shows earlier history to a member; an invite alone shows nothing', async () => {
    const w = word();
    const roomId = await createRoom(alice, { preset: 'private_chat' });
    await sendText(alice, roomId, `${w} earlier`);
    await invite(alice, roomId, bob.userId);
    assert.deepEqual(bodies(await searchAs(bob, { search_term: w })), []);
    await join(bob, roomId);
    assert.deepEqual(bodies(await searchAs(bob, { search_term: w })), [`${w} earlier`]);
  });

  test('rows written straight into events are indexed by the database itself', async () => {
    const w = word();
    const roomId = await createRoom(alice);
    await sendText(alice, roomId, 'a normal message first');
    const db = ctx.server.deps.database.db;
    const { position } = await db.selectFrom('stream_position').select('position').where('id', '=', 1).executeTakeFirstOrThrow();
    const stream = Number(position) + 1;
    await db.updateTable('stream_position').set({ position: stream }).where('id', '=', 1).execute();
    const content = { msgtype: 'm.text', body: `${w} bulk loaded` };
    await db
      .insertInto('events')
      .values({
        stream,
        event_id: `$bulk${w}`,
        room_id: roomId,
        type: 'm.room.message',
        state_key: null,
        sender: alice.userId,
        origin_server_ts: Date.now(),
        json: JSON.stringify({ type: 'm.room.message', room_id: roomId, sender: alice.userId, content, origin_server_ts: Date.now() }),
        prev_content: null,
        redacted_by: null,
        txn_id: null,
        txn_device_id: null,
        membership: null,
      })
      .execute();
    // A send moves the server's stream position past the loaded row.
    await sendText(alice, roomId, 'a normal message after');
    assert.deepEqual(bodies(await searchAs(alice, { search_term: w })), [`${w} bulk loaded`]);
    // An update of json (what redaction does) takes the text out of the index.
    await sql`UPDATE events SET json = ${JSON.stringify({ type: 'm.room.message', room_id: roomId, sender: alice.userId, content: {} })} WHERE stream = ${stream}`.execute(db);
    assert.deepEqual(bodies(await searchAs(alice, { search_term: w })), []);
  });
});
