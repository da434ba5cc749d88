import { randomBytes } from 'node:crypto';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type ApiResponse, type TestUser } from '../../support/client.ts';
import { createRoom, nextTxnId, r, sendText } from '../../support/factories.ts';
import { searchAs } from '../search/searchAs.ts';

// The evaluation's reproduction: a backtracking matcher took over a minute per event for
// this pattern against a 255-character type (and 55 times longer per extra `*`). These
// tests just await the answers: before the fix they hung the server.
const PATTERN = '*a*a*a*a*b';
const MANY_STARS = '*a'.repeat(100) + '*b';
const LONG_A = 'a'.repeat(255); // no match: no b
const LONG_B = 'a'.repeat(254) + 'b'; // matches

/** Event types, the long ones by a short name so failures stay readable. */
const types = (events: any[]): string[] => events.map((e) => (e.type === LONG_A ? 'LONG_A' : e.type === LONG_B ? 'LONG_B' : e.type));

async function send(user: TestUser, roomId: string, type: string, content: Record<string, unknown>): Promise<string> {
  const res = await user.api.put(`/rooms/${r(roomId)}/send/${r(type)}/${nextTxnId()}`, content);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.event_id;
}

async function putState(user: TestUser, roomId: string, type: string): Promise<void> {
  const res = await user.api.put(`/rooms/${r(roomId)}/state/${r(type)}/`, { v: 1 });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const ok = (res: ApiResponse): any => {
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
};

onEachDatabase('user patterns in filters are matched in linear time, and bounded', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  let roomId: string;
  let longA: string;
  let longB: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'private_chat' });
    await putState(alice, roomId, LONG_A);
    await putState(alice, roomId, LONG_B);
    longA = await send(alice, roomId, LONG_A, { body: 'a' });
    await sendText(alice, roomId, 'between');
    longB = await send(alice, roomId, LONG_B, { body: 'b' });
    await send(alice, roomId, LONG_A, { body: 'a again' });
  });

  const messages = (filter: unknown, query = 'dir=b&limit=50') => alice.api.get(`/rooms/${r(roomId)}/messages?${query}&filter=${r(JSON.stringify(filter))}`);

  test('/messages: the reproduction answers, with the right matches for types and not_types', async () => {
    const only = ok(await messages({ types: [PATTERN] }));
    assert.deepEqual(types(only.chunk), ['LONG_B', 'LONG_B']); // the state event and the message
    const many = ok(await messages({ types: [MANY_STARS] }));
    assert.deepEqual(types(many.chunk), ['LONG_B', 'LONG_B']);
    const without = ok(await messages({ not_types: [PATTERN], types: ['a*'] }));
    assert.deepEqual(types(without.chunk), ['LONG_A', 'LONG_A', 'LONG_A']);
    const forward = ok(await messages({ types: [PATTERN, 'm.room.mess*'] }, 'dir=f&limit=50'));
    assert.deepEqual(types(forward.chunk), ['LONG_B', 'm.room.message', 'LONG_B']);
  });

  test('/context: the reproduction answers, filtering both sides and the state', async () => {
    const body = ok(await alice.api.get(`/rooms/${r(roomId)}/context/${r(longA)}?limit=20&filter=${r(JSON.stringify({ types: [PATTERN] }))}`));
    assert.equal(body.event.event_id, longA);
    assert.deepEqual(types(body.events_before), ['LONG_B']);
    assert.deepEqual(
      body.events_after.map((e: any) => e.event_id),
      [longB],
    );
    assert.deepEqual(types(body.state), ['LONG_B']);
  });

  test('/sync: the reproduction answers, inline and as an uploaded filter', async () => {
    const filter = { room: { timeline: { types: [PATTERN], limit: 50 }, state: { types: [PATTERN] } } };
    const check = (body: any): void => {
      const room = body.rooms.join[roomId];
      assert.deepEqual(types(room.timeline.events), ['LONG_B', 'LONG_B']);
      assert.ok(types(room.state.events).every((t) => t === 'LONG_B'));
    };
    check(ok(await alice.api.get(`/sync?filter=${r(JSON.stringify(filter))}`)));
    const uploaded = ok(await alice.api.post(`/user/${r(alice.userId)}/filter`, filter));
    check(ok(await alice.api.get(`/sync?filter=${r(uploaded.filter_id)}`)));
    const notTypes = { room: { timeline: { not_types: [MANY_STARS, 'm.*'], limit: 50 } } };
    assert.deepEqual(types(ok(await alice.api.get(`/sync?filter=${r(JSON.stringify(notTypes))}`)).rooms.join[roomId].timeline.events), ['LONG_A', 'LONG_A', 'LONG_A']);
  });

  test('/search: the reproduction answers, and type globs filter the matches', async () => {
    const w = `w${randomBytes(5).toString('hex')}`;
    await sendText(alice, roomId, `find ${w}`);
    const count = async (filter: Record<string, unknown>) => ok(await searchAs(alice, { search_term: w, filter })).search_categories.room_events.results.length;
    assert.equal(await count({ types: [PATTERN] }), 0);
    assert.equal(await count({ types: [MANY_STARS, 'm.room.mess*'] }), 1);
    assert.equal(await count({ not_types: [PATTERN] }), 1);
    assert.equal(await count({ not_types: ['*.message'] }), 0);
  });

  test('pattern and ID lists over their bounds are 400 on every endpoint that takes a filter', async () => {
    const tooMany = { types: Array.from({ length: 101 }, (_, i) => `t${i}.*`) };
    const tooLong = { not_types: ['*' + 'a'.repeat(255)] };
    const tooManySenders = { senders: Array.from({ length: 1001 }, (_, i) => `@u${i}:x`) };
    for (const f of [tooMany, tooLong]) {
      expectError(await messages(f), 400, 'M_BAD_JSON');
      expectError(await alice.api.get(`/rooms/${r(roomId)}/context/${r(longA)}?filter=${r(JSON.stringify(f))}`), 400, 'M_BAD_JSON');
      expectError(await alice.api.get(`/sync?filter=${r(JSON.stringify({ room: { timeline: f } }))}`), 400, 'M_BAD_JSON');
      expectError(await searchAs(alice, { search_term: 'x', filter: f }), 400, 'M_BAD_JSON');
      expectError(await alice.api.post(`/user/${r(alice.userId)}/filter`, { room: { state: f } }), 400, 'M_BAD_JSON');
      expectError(await alice.api.post(`/user/${r(alice.userId)}/filter`, { presence: f }), 400, 'M_BAD_JSON');
    }
    expectError(await alice.api.post(`/user/${r(alice.userId)}/filter`, { account_data: tooManySenders }), 400, 'M_BAD_JSON');
    expectError(await searchAs(alice, { search_term: 'x', filter: tooManySenders }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post(`/user/${r(alice.userId)}/filter`, { room: { rooms: Array.from({ length: 1001 }, (_, i) => `!r${i}:x`) } }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post(`/user/${r(alice.userId)}/filter`, { event_fields: ['x'.repeat(256)] }), 400, 'M_BAD_JSON');
    // At the bounds is fine.
    const atBounds = [...Array.from({ length: 99 }, (_, i) => `*a${i}`.repeat(10) + '*'), '*a'.repeat(127) + 'a'];
    assert.deepEqual(types(ok(await messages({ types: atBounds })).chunk), ['LONG_A', 'LONG_A', 'LONG_A']);
    ok(await alice.api.post(`/user/${r(alice.userId)}/filter`, { room: { not_rooms: Array.from({ length: 1000 }, (_, i) => `!r${i}:x`) } }));
  });

  test('a filter over 65,536 characters of JSON is 400, and so is a query filter nested too deeply', async () => {
    const big = { room: { rooms: ['!a:x'] }, padding: 'x'.repeat(70_000) };
    expectError(await alice.api.post(`/user/${r(alice.userId)}/filter`, big), 400, 'M_BAD_JSON');
    expectError(await searchAs(alice, { search_term: 'x', filter: { padding: 'x'.repeat(70_000) } }), 400, 'M_BAD_JSON');
    const deep = `{"types":${'['.repeat(200)}${']'.repeat(200)}}`;
    expectError(await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&filter=${r(deep)}`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/sync?filter=${r(deep)}`), 400, 'M_INVALID_PARAM');
  });
});
