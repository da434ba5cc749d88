import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, r, sendText } from '../../support/factories.ts';
import { ephemeralOf, syncOnce } from '../../support/e2eeClient.ts';

onEachDatabase('receipts and read markers', (ctx) => {
  const { alice, bob, eve } = registerUsersBefore(ctx, ['alice', 'bob', 'eve']);
  let roomId: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
  });

  test('an m.read receipt reaches the other members through sync, and wakes them', async () => {
    const eventId = await sendText(bob, roomId, 'read me');
    const base = await syncOnce(bob);
    const polling = syncOnce(bob, base.next_batch, { timeout: 20_000 });
    const res = await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, {});
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
    const woke = await polling;
    const [receipt] = ephemeralOf(woke, roomId, 'm.receipt');
    assert.ok(receipt, JSON.stringify(woke.rooms.join));
    const entry = receipt.content[eventId]['m.read'][alice.userId];
    assert.equal(typeof entry.ts, 'number');
    assert.equal(entry.thread_id, undefined);
    // The initial sync carries it too; an incremental sync after it does not.
    const initial = await syncOnce(bob);
    assert.ok(ephemeralOf(initial, roomId, 'm.receipt')[0].content[eventId]['m.read'][alice.userId]);
    const later = await syncOnce(bob, woke.next_batch);
    assert.deepEqual(ephemeralOf(later, roomId, 'm.receipt'), []);
  });

  test('a threaded receipt carries its thread_id', async () => {
    const eventId = await sendText(bob, roomId, 'threaded');
    const base = await syncOnce(bob);
    const res = await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, { thread_id: 'main' });
    assert.equal(res.status, 200);
    const s = await syncOnce(bob, base.next_batch);
    assert.equal(ephemeralOf(s, roomId, 'm.receipt')[0].content[eventId]['m.read'][alice.userId].thread_id, 'main');
  });

  test('m.read.private is seen only by its owner', async () => {
    const eventId = await sendText(bob, roomId, 'secretly read');
    const aliceBase = await syncOnce(alice);
    const bobBase = await syncOnce(bob);
    const res = await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read.private/${r(eventId)}`, {});
    assert.equal(res.status, 200);
    const mine = await syncOnce(alice, aliceBase.next_batch);
    assert.ok(ephemeralOf(mine, roomId, 'm.receipt')[0].content[eventId]['m.read.private'][alice.userId]);
    const theirs = await syncOnce(bob, bobBase.next_batch);
    assert.deepEqual(ephemeralOf(theirs, roomId, 'm.receipt'), []);
    const bobInitial = await syncOnce(bob);
    const all = ephemeralOf(bobInitial, roomId, 'm.receipt')[0]?.content ?? {};
    assert.ok(!JSON.stringify(all).includes('m.read.private'), JSON.stringify(all));
  });

  test('receipts only move forward', async () => {
    const first = await sendText(bob, roomId, 'one');
    const second = await sendText(bob, roomId, 'two');
    await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(second)}`, {});
    const back = await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(first)}`, {});
    assert.equal(back.status, 200);
    const s = await syncOnce(bob);
    const content = ephemeralOf(s, roomId, 'm.receipt')[0].content;
    assert.ok(content[second]['m.read'][alice.userId]);
    assert.equal(content[first]?.['m.read']?.[alice.userId], undefined);
  });

  test('m.fully_read through /receipt and /read_markers is room account data', async () => {
    const one = await sendText(bob, roomId, 'fully one');
    const two = await sendText(bob, roomId, 'fully two');
    const base = await syncOnce(alice);
    const res = await alice.api.post(`/rooms/${r(roomId)}/receipt/m.fully_read/${r(one)}`, {});
    assert.equal(res.status, 200);
    const s1 = await syncOnce(alice, base.next_batch);
    assert.deepEqual(s1.rooms.join[roomId].account_data.events, [{ type: 'm.fully_read', content: { event_id: one } }]);
    assert.deepEqual(ephemeralOf(s1, roomId, 'm.receipt'), []);

    const bobBase = await syncOnce(bob);
    const markers = await alice.api.post(`/rooms/${r(roomId)}/read_markers`, { 'm.fully_read': two, 'm.read': two, 'm.read.private': two });
    assert.equal(markers.status, 200);
    const s2 = await syncOnce(alice, s1.next_batch);
    assert.deepEqual(s2.rooms.join[roomId].account_data.events, [{ type: 'm.fully_read', content: { event_id: two } }]);
    const receipts = ephemeralOf(s2, roomId, 'm.receipt')[0].content[two];
    assert.ok(receipts['m.read'][alice.userId]);
    assert.ok(receipts['m.read.private'][alice.userId]);
    const bobView = await syncOnce(bob, bobBase.next_batch);
    assert.deepEqual(Object.keys(ephemeralOf(bobView, roomId, 'm.receipt')[0].content[two]), ['m.read']);
    assert.equal(bobView.rooms.join[roomId].account_data.events.length, 0);
    const stored = await alice.api.get(`/user/${r(alice.userId)}/rooms/${r(roomId)}/account_data/m.fully_read`);
    assert.equal(stored.status, 200);
    assert.deepEqual(stored.body, { event_id: two });
  });

  test('receipts are refused outside the room, for unknown events and bad parameters', async () => {
    const eventId = await sendText(bob, roomId, 'target');
    expectError(await eve.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, {}), 403, 'M_FORBIDDEN');
    expectError(await eve.api.post(`/rooms/${r(roomId)}/read_markers`, { 'm.fully_read': eventId }), 403, 'M_FORBIDDEN');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r('$nosuchevent')}`, {}), 404, 'M_NOT_FOUND');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/read_markers`, { 'm.fully_read': '$nosuchevent' }), 404, 'M_NOT_FOUND');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/receipt/m.unknown/${r(eventId)}`, {}), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/not-an-event`, {}), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, { thread_id: '' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, { thread_id: 7 }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/receipt/m.fully_read/${r(eventId)}`, { thread_id: 'main' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post(`/rooms/${r(roomId)}/read_markers`, { 'm.read': 'nope' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post(`/rooms/not-a-room/receipt/m.read/${r(eventId)}`, {}), 400, 'M_INVALID_PARAM');
    // Nothing was recorded for the refused requests.
    const s = await syncOnce(bob);
    const content = ephemeralOf(s, roomId, 'm.receipt')[0]?.content ?? {};
    assert.equal(content[eventId], undefined);
  });
});
