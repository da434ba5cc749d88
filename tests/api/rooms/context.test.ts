import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser } from '../../support/client.ts';
import { createRoom, join, r, sendText } from '../../support/factories.ts';

const bodies = (chunk: any[]): string[] => chunk.filter((e) => e.type === 'm.room.message').map((e) => e.content.body);

onEachDatabase('/context', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  const ids: string[] = [];
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat', name: 'Context' });
    await join(bob, roomId);
    for (let i = 0; i < 20; i++) ids.push(await sendText(i % 2 === 0 ? alice : bob, roomId, `c${i}`));
  });

  const context = async (eventId: string, query = '') => {
    const res = await alice.api.get(`/rooms/${r(roomId)}/context/${r(eventId)}${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  test('limit is split between events before (newest first) and after (oldest first)', async () => {
    const body = await context(ids[10]!, '?limit=6');
    assert.equal(body.event.event_id, ids[10]);
    assert.equal(body.event.content.body, 'c10');
    assert.deepEqual(bodies(body.events_before), ['c9', 'c8', 'c7']);
    assert.deepEqual(bodies(body.events_after), ['c11', 'c12', 'c13']);
  });

  test('the default limit is 10 and limit=0 still returns the event', async () => {
    const body = await context(ids[10]!);
    assert.equal(body.events_before.length, 5);
    assert.equal(body.events_after.length, 5);
    const none = await context(ids[10]!, '?limit=0');
    assert.equal(none.event.event_id, ids[10]);
    assert.deepEqual(none.events_before, []);
    assert.deepEqual(none.events_after, []);
  });

  test('start and end tokens continue with /messages without gaps or overlap', async () => {
    const body = await context(ids[10]!, '?limit=4');
    const back = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=2&from=${r(body.start)}`);
    assert.deepEqual(bodies(back.body.chunk), ['c7', 'c6']);
    const forward = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=f&limit=2&from=${r(body.end)}`);
    assert.deepEqual(bodies(forward.body.chunk), ['c13', 'c14']);
  });

  test('state is the room state at the last event returned', async () => {
    const body = await context(ids[19]!, '?limit=2');
    const types = body.state.map((e: any) => e.type);
    assert.ok(types.includes('m.room.create'));
    assert.equal(body.state.find((e: any) => e.type === 'm.room.name').content.name, 'Context');
    assert.deepEqual(
      body.state
        .filter((e: any) => e.type === 'm.room.member')
        .map((e: any) => e.state_key)
        .sort(),
      [alice.userId, bob.userId].sort(),
    );
    // A later rename is not in the state of an earlier context.
    await alice.api.put(`/rooms/${r(roomId)}/state/m.room.name`, { name: 'Renamed' });
    const again = await context(ids[5]!, '?limit=2');
    assert.equal(again.state.find((e: any) => e.type === 'm.room.name').content.name, 'Context');
    const latest = await context(ids[19]!, '?limit=10');
    assert.equal(latest.state.find((e: any) => e.type === 'm.room.name').content.name, 'Renamed');
  });

  test('the filter applies to the surrounding events and state, not to the event', async () => {
    const filter = r(JSON.stringify({ senders: [bob.userId], lazy_load_members: true }));
    const body = await context(ids[10]!, `?limit=4&filter=${filter}`);
    assert.equal(body.event.sender, alice.userId);
    assert.deepEqual(bodies(body.events_before), ['c9', 'c7']);
    assert.deepEqual(bodies(body.events_after), ['c11', 'c13']);
    const typed = await context(ids[10]!, `?limit=4&filter=${r(JSON.stringify({ types: ['m.room.name'] }))}`);
    assert.deepEqual(
      typed.events_before.map((e: any) => e.type),
      ['m.room.name'],
    );
    assert.ok(typed.events_after.every((e: any) => e.type === 'm.room.name'));
    assert.ok(typed.state.length > 0);
    assert.ok(typed.state.every((e: any) => e.type === 'm.room.name'));
    const lazy = await context(ids[10]!, `?limit=2&filter=${r(JSON.stringify({ lazy_load_members: true, senders: [alice.userId] }))}`);
    assert.deepEqual(
      lazy.state.filter((e: any) => e.type === 'm.room.member').map((e: any) => e.state_key),
      [alice.userId],
    );
  });

  test('near the ends of the room, the lists are just shorter', async () => {
    const last = await context(ids[19]!, '?limit=10');
    assert.deepEqual(
      last.events_after.filter((e: any) => e.type === 'm.room.message'),
      [],
    );
    const body = await context(ids[0]!, '?limit=40');
    assert.deepEqual(bodies(body.events_after).slice(0, 2), ['c1', 'c2']);
    assert.equal(body.events_before[body.events_before.length - 1].type, 'm.room.create');
  });

  test('unknown events, events of other rooms and bad input are refused', async () => {
    expectError(await alice.api.get(`/rooms/${r(roomId)}/context/${r('$missing')}`), 404, 'M_NOT_FOUND');
    const other = await createRoom(alice, {});
    const elsewhere = await sendText(alice, other, 'elsewhere');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/context/${r(elsewhere)}`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/context/${r(ids[0]!)}?limit=-1`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/context/${r(ids[0]!)}?filter=nope`), 400, 'M_INVALID_PARAM');
    const stranger = await registerUser(ctx.server.url);
    expectError(await stranger.api.get(`/rooms/${r(other)}/context/${r(elsewhere)}`), 403, 'M_FORBIDDEN');
  });

  test('redacted events in the context are stripped', async () => {
    const eventId = await sendText(bob, roomId, 'regret');
    await sendText(alice, roomId, 'after regret');
    await bob.api.put(`/rooms/${r(roomId)}/redact/${r(eventId)}/redact-${Date.now()}`, {});
    const body = await context(eventId, '?limit=4');
    assert.deepEqual(body.event.content, {});
    assert.equal(body.event.unsigned.redacted_because.type, 'm.room.redaction');
  });
});
