import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, type ApiResponse } from '../../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../../support/factories.ts';
import { searchAs } from './searchAs.ts';

/** A word no other test uses, so each test sees only its own matches. */
const word = (): string => `w${randomBytes(5).toString('hex')}`;

const bodies = (res: ApiResponse): string[] =>
  res.body.search_categories.room_events.results.map((x: any) => x.result.content.body ?? x.result.content.name ?? x.result.content.topic);

onEachDatabase('POST /search', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  test('finds a message by a word of its body, case- and punctuation-insensitively, with highlights', async () => {
    const w = word();
    const roomId = await createRoom(alice);
    const eventId = await sendText(alice, roomId, `Hello, ${w.toUpperCase()}! How are you?`);
    await sendText(alice, roomId, 'nothing to see');
    const res = await searchAs(alice, { search_term: `hello ${w}` });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const re = res.body.search_categories.room_events;
    assert.equal(re.results.length, 1);
    assert.equal(re.results[0].result.event_id, eventId);
    assert.equal(re.results[0].result.room_id, roomId);
    assert.equal(typeof re.results[0].rank, 'number');
    assert.equal(re.count, 1);
    assert.deepEqual(re.highlights, ['hello', w]);
    assert.equal(re.next_batch, undefined);
  });

  test('no match: empty results, count 0, no next_batch', async () => {
    const res = await searchAs(alice, { search_term: word() });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.search_categories.room_events.results, []);
    assert.equal(res.body.search_categories.room_events.count, 0);
    assert.equal(res.body.search_categories.room_events.next_batch, undefined);
  });

  test('words match whole words, not prefixes, and all must match', async () => {
    const w = word();
    const roomId = await createRoom(alice);
    await sendText(alice, roomId, `${w}suffix first`);
    await sendText(alice, roomId, `${w} second`);
    assert.deepEqual(bodies(await searchAs(alice, { search_term: w, order_by: 'recent' })), [`${w} second`]);
    assert.deepEqual(bodies(await searchAs(alice, { search_term: `${w} first`, order_by: 'recent' })), []);
    assert.deepEqual(bodies(await searchAs(alice, { search_term: `${w}suffix first`, order_by: 'recent' })), [`${w}suffix first`]);
  });

  test('order_by rank puts the most relevant first, recent the newest first', async () => {
    const w = word();
    const roomId = await createRoom(alice);
    await sendText(alice, roomId, `${w} ${w} ${w} ${w}`);
    await sendText(alice, roomId, `${w} appears once among many other ordinary words in this long message body`);
    const ranked = await searchAs(alice, { search_term: w, order_by: 'rank' });
    assert.equal(bodies(ranked)[0], `${w} ${w} ${w} ${w}`);
    const [a, b] = ranked.body.search_categories.room_events.results.map((x: any) => x.rank);
    assert.ok(a > b, `ranks ${a} > ${b}`);
    const recent = await searchAs(alice, { search_term: w, order_by: 'recent' });
    assert.match(bodies(recent)[0]!, /appears once/);
    // rank is the default
    assert.deepEqual(bodies(await searchAs(alice, { search_term: w })), bodies(ranked));
  });

  for (const order of ['recent', 'rank'] as const) {
    test(`next_batch pages through every match once (${order})`, async () => {
      const w = word();
      const roomA = await createRoom(alice);
      const roomB = await createRoom(alice);
      const sent = new Set<string>();
      for (let i = 0; i < 23; i++) sent.add(await sendText(alice, i % 3 === 0 ? roomB : roomA, `${w} ${'filler '.repeat(i % 5)}number ${i}`));
      const seen: string[] = [];
      let next: string | undefined;
      let pages = 0;
      do {
        const res = await searchAs(alice, { search_term: w, order_by: order, filter: { limit: 10 } }, next);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const re = res.body.search_categories.room_events;
        assert.ok(re.results.length <= 10);
        assert.equal(re.count, 23);
        seen.push(...re.results.map((x: any) => x.result.event_id));
        next = re.next_batch;
        pages += 1;
        // Later sends do not shift the pages.
        if (pages === 1) await sendText(alice, roomA, `${w} sent after the first page`);
      } while (next !== undefined && pages < 10);
      assert.equal(next, undefined);
      assert.equal(seen.length, 23);
      assert.deepEqual(new Set(seen), sent);
    });
  }

  test('filter: rooms, not_rooms, senders, not_senders, types, not_types and limit', async () => {
    const w = word();
    const roomA = await createRoom(alice, { preset: 'public_chat' });
    const roomB = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomA);
    await sendText(alice, roomA, `${w} alice in A`);
    await sendText(bob, roomA, `${w} bob in A`);
    await sendText(alice, roomB, `${w} alice in B`);
    await alice.api.put(`/rooms/${r(roomB)}/state/m.room.name`, { name: `${w} named B` });
    const sorted = async (filter: Record<string, unknown>) => bodies(await searchAs(alice, { search_term: w, filter })).sort();
    assert.deepEqual(await sorted({ rooms: [roomA] }), [`${w} alice in A`, `${w} bob in A`]);
    assert.deepEqual(await sorted({ not_rooms: [roomA] }), [`${w} alice in B`, `${w} named B`]);
    assert.deepEqual(await sorted({ senders: [bob.userId] }), [`${w} bob in A`]);
    assert.deepEqual(await sorted({ not_senders: [alice.userId] }), [`${w} bob in A`]);
    assert.deepEqual(await sorted({ types: ['m.room.name'] }), [`${w} named B`]);
    assert.deepEqual(await sorted({ not_types: ['m.room.message'] }), [`${w} named B`]);
    assert.deepEqual(await sorted({ types: ['m.room.*'], senders: [alice.userId], rooms: [roomB] }), [`${w} alice in B`, `${w} named B`]);
    const none = await searchAs(alice, { search_term: w, filter: { limit: 0 } });
    assert.deepEqual(none.body.search_categories.room_events.results, []);
    assert.equal(none.body.search_categories.room_events.count, 4);
    const limited = await searchAs(alice, { search_term: w, filter: { limit: 2 } });
    assert.equal(limited.body.search_categories.room_events.results.length, 2);
    assert.equal(limited.body.search_categories.room_events.count, 4);
    assert.equal(typeof limited.body.search_categories.room_events.next_batch, 'string');
    expectError(await searchAs(alice, { search_term: w, filter: { limit: -1 } }), 400, 'M_BAD_JSON');
    expectError(await searchAs(alice, { search_term: w, filter: { rooms: 'nope' } }), 400, 'M_BAD_JSON');
  });

  test('keys choose between message bodies, room names and topics (all by default)', async () => {
    const w = word();
    const roomId = await createRoom(alice, { name: `${w} the name`, topic: `${w} the topic` });
    await sendText(alice, roomId, `${w} the body`);
    const keyed = async (keys?: string[]) => bodies(await searchAs(alice, { search_term: w, ...(keys ? { keys } : {}) })).sort();
    assert.deepEqual(await keyed(), [`${w} the body`, `${w} the name`, `${w} the topic`]);
    assert.deepEqual(await keyed(['content.name']), [`${w} the name`]);
    assert.deepEqual(await keyed(['content.topic', 'content.body']), [`${w} the body`, `${w} the topic`]);
    expectError(await searchAs(alice, { search_term: w, keys: ['content.other'] }), 400, 'M_BAD_JSON');
  });

  test('event_context gives the events around each result, tokens and historic profiles', async () => {
    const w = word();
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    assert.equal((await bob.api.put(`/profile/${r(bob.userId)}/displayname`, { displayname: 'Bob Then' })).status, 200);
    await sendText(alice, roomId, 'just before');
    const hit = await sendText(bob, roomId, `${w} the result`);
    await sendText(alice, roomId, 'just after');
    await sendText(alice, roomId, 'later still');
    assert.equal((await bob.api.put(`/profile/${r(bob.userId)}/displayname`, { displayname: 'Bob Now' })).status, 200);
    const res = await searchAs(alice, { search_term: w, event_context: { before_limit: 1, after_limit: 2, include_profile: true } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [result] = res.body.search_categories.room_events.results;
    assert.equal(result.result.event_id, hit);
    assert.deepEqual(
      result.context.events_before.map((e: any) => e.content.body),
      ['just before'],
    );
    assert.deepEqual(
      result.context.events_after.map((e: any) => e.content.body),
      ['just after', 'later still'],
    );
    assert.match(result.context.start, /^s\d+$/);
    assert.match(result.context.end, /^s\d+$/);
    assert.equal(result.context.profile_info[bob.userId].displayname, 'Bob Then');
    assert.ok(result.context.profile_info[alice.userId]);
    // The tokens work with /messages.
    const older = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=1&from=${result.context.start}`);
    assert.equal(older.status, 200);
    const plain = await searchAs(alice, { search_term: w });
    assert.equal(plain.body.search_categories.room_events.results[0].context, undefined);
  });

  test('groupings by room_id and sender, include_state', async () => {
    const w = word();
    const roomA = await createRoom(alice, { preset: 'public_chat', name: 'Room A' });
    const roomB = await createRoom(alice, { name: 'Room B' });
    await join(bob, roomA);
    const a1 = await sendText(alice, roomA, `${w} one`);
    const a2 = await sendText(bob, roomA, `${w} two`);
    const b1 = await sendText(alice, roomB, `${w} three`);
    const res = await searchAs(alice, { search_term: w, order_by: 'recent', include_state: true, groupings: { group_by: [{ key: 'room_id' }, { key: 'sender' }] } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const re = res.body.search_categories.room_events;
    assert.deepEqual(re.groups.room_id[roomA].results.sort(), [a1, a2].sort());
    assert.deepEqual(re.groups.room_id[roomB].results, [b1]);
    assert.deepEqual(new Set([re.groups.room_id[roomA].order, re.groups.room_id[roomB].order]), new Set([1, 2]));
    assert.deepEqual(re.groups.sender[alice.userId].results.sort(), [a1, b1].sort());
    assert.deepEqual(re.groups.sender[bob.userId].results, [a2]);
    assert.equal(re.groups.room_id[roomA].next_batch, undefined);
    assert.deepEqual(Object.keys(re.state).sort(), [roomA, roomB].sort());
    assert.equal(re.state[roomA].find((e: any) => e.type === 'm.room.name').content.name, 'Room A');
  });

  test('a group next_batch pages within that group only', async () => {
    const w = word();
    const roomA = await createRoom(alice);
    const roomB = await createRoom(alice);
    for (let i = 0; i < 4; i++) {
      await sendText(alice, roomA, `${w} a${i}`);
      await sendText(alice, roomB, `${w} b${i}`);
    }
    const first = await searchAs(alice, { search_term: w, order_by: 'recent', filter: { limit: 3 }, groupings: { group_by: [{ key: 'room_id' }] } });
    const groupToken = first.body.search_categories.room_events.groups.room_id[roomA].next_batch;
    assert.equal(typeof groupToken, 'string');
    const rest = await searchAs(alice, { search_term: w, order_by: 'recent', filter: { limit: 10 }, groupings: { group_by: [{ key: 'room_id' }] } }, groupToken);
    const roomsSeen = new Set(rest.body.search_categories.room_events.results.map((x: any) => x.result.room_id));
    assert.deepEqual([...roomsSeen], [roomA]);
  });

  test('terms with quotes, operators and SQL never fail; empty terms find nothing', async () => {
    const roomId = await createRoom(alice);
    await sendText(alice, roomId, 'AND OR NOT NEAR drop table " * ( ) :* & | ! \\ \'');
    const terms = [
      '"',
      '*',
      'AND',
      'NEAR(',
      "'; drop table events; --",
      'a OR b',
      '((',
      ')',
      'NOT',
      ':*',
      '\\',
      '&|!',
      '"unterminated',
      'body:x',
      '-x',
      '^x',
      '{x}',
      'x:*',
      "it's",
      'NEAR(a b, 2)',
      '\u0000',
      'e\u0301',
    ];
    for (const term of terms) {
      for (const order of ['recent', 'rank']) {
        const res = await searchAs(alice, { search_term: term, order_by: order });
        assert.equal(res.status, 200, `${JSON.stringify(term)}: ${JSON.stringify(res.body)}`);
      }
    }
    for (const term of ['', '   ', '!!!', '"*"', '()']) {
      const res = await searchAs(alice, { search_term: term });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.search_categories.room_events.results, []);
      assert.equal(res.body.search_categories.room_events.count, 0);
      assert.deepEqual(res.body.search_categories.room_events.highlights, []);
    }
    assert.equal(bodies(await searchAs(alice, { search_term: 'near drop' })).length, 1);
  });

  test('refusals: bad next_batch, missing fields, no token; unknown categories are ignored', async () => {
    for (const bad of ['x', 's12', 'eyJ4Ijp9', '!!', 'W10', 'WzEsMSxbInJlY2VudCIsLTFdXQ']) expectError(await searchAs(alice, { search_term: 'x' }, bad), 400, 'M_INVALID_PARAM');
    const w = word();
    const roomId = await createRoom(alice);
    await sendText(alice, roomId, `${w} 1`);
    await sendText(alice, roomId, `${w} 2`);
    const page = await searchAs(alice, { search_term: w, order_by: 'recent', filter: { limit: 1 } });
    const token = page.body.search_categories.room_events.next_batch;
    assert.equal(typeof token, 'string');
    expectError(await searchAs(alice, { search_term: w, order_by: 'rank', filter: { limit: 1 } }, token), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post('/search', {}), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/search', { search_categories: { room_events: {} } }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/search', { search_categories: { room_events: { search_term: 'x', order_by: 'newest' } } }), 400, 'M_BAD_JSON');
    expectError(await new Api(ctx.server.url).post('/search', { search_categories: { room_events: { search_term: 'x' } } }), 401, 'M_MISSING_TOKEN');
    const other = await alice.api.post('/search', { search_categories: { other_things: { search_term: 'x' } } });
    assert.equal(other.status, 200);
    assert.deepEqual(other.body, { search_categories: {} });
  });

  test('a user who shares no room sees none of its messages', async () => {
    const w = word();
    const roomId = await createRoom(alice, { preset: 'private_chat' });
    await sendText(alice, roomId, `${w} private`);
    const open = await createRoom(alice, { preset: 'public_chat', initial_state: [{ type: 'm.room.history_visibility', content: { history_visibility: 'world_readable' } }] });
    await sendText(alice, open, `${w} world readable but never joined`);
    await invite(alice, roomId, bob.userId);
    const res = await searchAs(bob, { search_term: w });
    assert.deepEqual(res.body.search_categories.room_events.results, []);
    assert.equal(res.body.search_categories.room_events.count, 0);
    assert.equal(bodies(await searchAs(bob, { search_term: w, filter: { rooms: [roomId, open] } })).length, 0);
  });
});
