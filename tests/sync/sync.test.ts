import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUsersBefore } from '../support/registerUsersBefore.ts';
import { type TestServer } from '../support/testServer.ts';
import { Api, expectError, registerUser, type TestUser } from '../support/client.ts';
import { createRoom, invite, join, nextTxnId, r, sendText } from '../support/factories.ts';

type Json = Record<string, any>;

async function sync(user: TestUser, params: Record<string, string | number | boolean> = {}): Promise<Json> {
  const q = new URLSearchParams(Object.entries({ timeout: 0, ...params }).map(([k, v]) => [k, String(v)]));
  const res = await user.api.get(`/sync?${q}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Json;
}

const ids = (events: Json[]): string[] => events.map((e) => e.event_id);
const bodies = (events: Json[]): Array<string | undefined> => events.map((e) => e.content.body);

/** Waits (without a deadline of its own) until the server holds `n` long-polling users. */
async function untilWaiting(server: TestServer, n: number): Promise<void> {
  while (server.deps.notifier.waitingUsers < n) await new Promise((res) => setTimeout(res, 5));
}

onEachDatabase('sync', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);

  test('initial sync holds the room; an incremental sync holds only what is new', async () => {
    const roomId = await createRoom(alice, { name: 'Initial' });
    const first = await sendText(alice, roomId, 'one');
    const initial = await sync(alice);
    const room = initial.rooms.join[roomId];
    assert.ok(room, 'room in rooms.join');
    const all = [...room.state.events, ...room.timeline.events];
    assert.ok(all.some((e: Json) => e.type === 'm.room.create'));
    assert.ok(all.some((e: Json) => e.type === 'm.room.name' && e.content.name === 'Initial'));
    assert.equal(room.timeline.events.at(-1).event_id, first);
    assert.equal(typeof initial.next_batch, 'string');

    const second = await sendText(alice, roomId, 'two');
    const inc = await sync(alice, { since: initial.next_batch });
    assert.deepEqual(Object.keys(inc.rooms.join), [roomId]);
    assert.deepEqual(ids(inc.rooms.join[roomId].timeline.events), [second]);
    assert.equal(inc.rooms.join[roomId].timeline.limited, false);
    assert.deepEqual(inc.rooms.join[roomId].state.events, []);
    assert.notEqual(inc.next_batch, initial.next_batch);

    const nothing = await sync(alice, { since: inc.next_batch });
    assert.deepEqual(nothing.rooms.join, {});
  });

  test('a long-poll returns early when a message arrives', { timeout: 20_000 }, async () => {
    const roomId = await createRoom(alice);
    const { next_batch } = await sync(alice);
    // The long-poll's own timeout is longer than the test's: only a wake-up can finish it in time.
    const polling = sync(alice, { since: next_batch, timeout: 60_000 });
    await untilWaiting(ctx.server, 1);
    const eventId = await sendText(alice, roomId, 'wake up');
    const res = await polling;
    assert.deepEqual(ids(res.rooms.join[roomId].timeline.events), [eventId]);
  });

  test('a long-poll with nothing new returns an empty response at its timeout', async () => {
    await createRoom(alice);
    const { next_batch } = await sync(alice);
    const res = await sync(alice, { since: next_batch, timeout: 200 });
    assert.deepEqual(res.rooms.join, {});
    assert.deepEqual(res.rooms.invite, {});
    assert.deepEqual(res.rooms.leave, {});
  });

  test('a limited timeline: prev_batch leads /messages to the earlier events without gaps or duplicates', async () => {
    const roomId = await createRoom(alice);
    const sent: string[] = [];
    for (let i = 0; i < 8; i++) sent.push(await sendText(alice, roomId, `m${i}`));
    const res = await sync(alice, { filter: JSON.stringify({ room: { timeline: { limit: 3 } } }) });
    const room = res.rooms.join[roomId];
    assert.equal(room.timeline.limited, true);
    assert.deepEqual(ids(room.timeline.events), sent.slice(-3));
    // State at the start of the timeline: the room's state events are in `state`, not lost.
    assert.ok(room.state.events.some((e: Json) => e.type === 'm.room.create'));
    const page = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=100&from=${r(room.timeline.prev_batch)}`);
    assert.equal(page.status, 200);
    const earlier = ids(page.body.chunk).reverse();
    const everything = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=100`);
    assert.deepEqual([...earlier, ...ids(room.timeline.events)], ids(everything.body.chunk).reverse());

    // The same for an incremental sync that is limited.
    const more: string[] = [];
    for (let i = 0; i < 5; i++) more.push(await sendText(alice, roomId, `n${i}`));
    const inc = await sync(alice, { since: res.next_batch, filter: JSON.stringify({ room: { timeline: { limit: 2 } } }) });
    const incRoom = inc.rooms.join[roomId];
    assert.equal(incRoom.timeline.limited, true);
    assert.deepEqual(ids(incRoom.timeline.events), more.slice(-2));
    const gap = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=3&from=${r(incRoom.timeline.prev_batch)}`);
    assert.deepEqual(ids(gap.body.chunk).reverse(), more.slice(0, 3));
  });

  test("stored filters: upload, read back, use in /sync; unknown -> 404, another user's -> 403", async () => {
    const definition = { room: { timeline: { limit: 1, types: ['m.room.message'] } }, presence: { types: [] } };
    const created = await alice.api.post(`/user/${r(alice.userId)}/filter`, definition);
    assert.equal(created.status, 200);
    assert.equal(typeof created.body.filter_id, 'string');
    const back = await alice.api.get(`/user/${r(alice.userId)}/filter/${created.body.filter_id}`);
    assert.equal(back.status, 200);
    assert.deepEqual(back.body, definition);

    const roomId = await createRoom(alice);
    const msg = await sendText(alice, roomId, 'filtered');
    const res = await sync(alice, { filter: created.body.filter_id });
    assert.deepEqual(ids(res.rooms.join[roomId].timeline.events), [msg]);

    expectError(await alice.api.get(`/user/${r(alice.userId)}/filter/987654`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get(`/sync?filter=987654`), 404, 'M_NOT_FOUND');
    expectError(await bob.api.get(`/user/${r(alice.userId)}/filter/${created.body.filter_id}`), 403, 'M_FORBIDDEN');
    expectError(await bob.api.post(`/user/${r(alice.userId)}/filter`, definition), 403, 'M_FORBIDDEN');
    // Bob cannot use alice's filter through /sync either.
    expectError(await bob.api.get(`/sync?filter=${created.body.filter_id}`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.post(`/user/${r(alice.userId)}/filter`, { room: { timeline: { limit: 'ten' } } }), 400, 'M_BAD_JSON');
  });

  test('timeline filters: types, not_types, senders', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    const a = await sendText(alice, roomId, 'from alice');
    const b = await sendText(bob, roomId, 'from bob');
    const topic = await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 't' });
    const timeline = async (f: Json): Promise<Json[]> =>
      (await sync(alice, { filter: JSON.stringify({ room: { timeline: { limit: 50, ...f } } }) })).rooms.join[roomId].timeline.events;

    assert.deepEqual(ids(await timeline({ types: ['m.room.message'] })), [a, b]);
    const withoutMessages = await timeline({ not_types: ['m.room.message'] });
    assert.ok(!withoutMessages.some((e) => e.type === 'm.room.message'));
    assert.equal(withoutMessages.at(-1)!.event_id, topic.body.event_id);
    assert.deepEqual(ids(await timeline({ senders: [bob.userId], types: ['m.room.message'] })), [b]);
    assert.deepEqual(
      ids(
        await timeline({
          types: ['m.room.*'],
          not_types: ['m.room.member', 'm.room.topic', 'm.room.power_levels', 'm.room.join_rules', 'm.room.history_visibility', 'm.room.create', 'm.room.guest_access'],
        }),
      ),
      [a, b],
    );

    // State events the timeline filter leaves out still reach the client through `state`.
    const res = await sync(alice, { filter: JSON.stringify({ room: { timeline: { limit: 50, types: ['m.room.message'] } } }) });
    const t2 = await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'changed' });
    const inc = await sync(alice, { since: res.next_batch, filter: JSON.stringify({ room: { timeline: { limit: 50, types: ['m.room.message'] } } }) });
    assert.deepEqual(ids(inc.rooms.join[roomId].state.events), [t2.body.event_id]);
    assert.deepEqual(inc.rooms.join[roomId].timeline.events, []);
  });

  test("lazy_load_members: state holds only the timeline senders', the heroes' and the user's own members", async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    const crowd: TestUser[] = [];
    for (let i = 0; i < 5; i++) {
      const u = await registerUser(ctx.server.url);
      await join(u, roomId);
      crowd.push(u);
    }
    await join(bob, roomId);
    await join(carol, roomId);
    await sendText(alice, roomId, 'a');
    await sendText(bob, roomId, 'b');
    const filter = JSON.stringify({ room: { timeline: { limit: 1 }, state: { lazy_load_members: true } } });
    const res = await sync(carol, { filter });
    const room = res.rooms.join[roomId];
    const heroes: string[] = room.summary['m.heroes'];
    assert.deepEqual(heroes, [alice.userId, ...crowd.slice(0, 4).map((u) => u.userId)]);
    const members = room.state.events
      .filter((e: Json) => e.type === 'm.room.member')
      .map((e: Json) => e.state_key)
      .sort();
    // bob sent the timeline's event, carol is the user, the heroes name the room; the fifth of the crowd is none of these.
    assert.deepEqual(members, [bob.userId, carol.userId, ...heroes].sort());
    assert.ok(!members.includes(crowd[4]!.userId));
    assert.ok(room.state.events.some((e: Json) => e.type === 'm.room.create'));
    // Without lazy loading every member is there.
    const full = await sync(carol, { filter: JSON.stringify({ room: { timeline: { limit: 1 } } }) });
    const all = full.rooms.join[roomId].state.events.filter((e: Json) => e.type === 'm.room.member').map((e: Json) => e.state_key);
    assert.ok(all.includes(crowd[4]!.userId));

    // Incremental: the sender's membership comes along even though it did not change, and nothing else.
    await sendText(crowd[4]!, roomId, 'c');
    const inc = await sync(carol, { since: res.next_batch, filter });
    const incMembers = inc.rooms.join[roomId].state.events.filter((e: Json) => e.type === 'm.room.member').map((e: Json) => e.state_key);
    assert.deepEqual(incMembers, [crowd[4]!.userId]);
    // The membership it carries is unchanged, so the summary (member counts, heroes) is not resent.
    assert.deepEqual(inc.rooms.join[roomId].summary, {});
    // A real membership change does resend it.
    const dave = await registerUser(ctx.server.url);
    await join(dave, roomId);
    const joined = await sync(carol, { since: inc.next_batch, filter });
    assert.equal(joined.rooms.join[roomId].summary['m.joined_member_count'], 9);
  });

  test('include_leave and full_state', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    await sendText(bob, roomId, 'bye');
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/leave`, {})).status, 200);
    const without = await sync(bob);
    assert.equal(without.rooms.leave[roomId], undefined);
    const withLeave = await sync(bob, { filter: JSON.stringify({ room: { include_leave: true } }) });
    const left = withLeave.rooms.leave[roomId];
    assert.ok(left);
    assert.equal(left.timeline.events.at(-1).content.membership, 'leave');

    const initial = await sync(alice);
    const unchanged = await sync(alice, { since: initial.next_batch });
    assert.equal(unchanged.rooms.join[roomId], undefined);
    const full = await sync(alice, { since: initial.next_batch, full_state: true });
    const state = full.rooms.join[roomId].state.events;
    assert.ok(state.some((e: Json) => e.type === 'm.room.create'));
    assert.ok(state.some((e: Json) => e.type === 'm.room.member' && e.state_key === bob.userId && e.content.membership === 'leave'));
  });

  test('summary: heroes and joined/invited counts', async () => {
    const roomId = await createRoom(alice, { preset: 'private_chat' });
    await invite(alice, roomId, bob.userId);
    await join(bob, roomId);
    await invite(alice, roomId, carol.userId);
    const res = await sync(alice);
    const summary = res.rooms.join[roomId].summary;
    assert.equal(summary['m.joined_member_count'], 2);
    assert.equal(summary['m.invited_member_count'], 1);
    assert.deepEqual(summary['m.heroes'], [bob.userId, carol.userId]);
    // Heroes never include the syncing user.
    const bobs = (await sync(bob)).rooms.join[roomId].summary;
    assert.deepEqual(bobs['m.heroes'], [alice.userId, carol.userId]);
  });

  test('unsigned.transaction_id only for the sending device', async () => {
    const login = await new Api(ctx.server.url).post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.localpart }, password: alice.password });
    assert.equal(login.status, 200);
    const otherDevice = { ...alice, api: alice.api.withToken(login.body.access_token), deviceId: login.body.device_id };
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    const txnId = nextTxnId();
    const eventId = await sendText(alice, roomId, 'with txn', txnId);
    const find = async (u: TestUser): Promise<Json> => (await sync(u)).rooms.join[roomId].timeline.events.find((e: Json) => e.event_id === eventId);
    assert.equal((await find(alice)).unsigned.transaction_id, txnId);
    assert.equal((await find(otherDevice)).unsigned.transaction_id, undefined);
    assert.equal((await find(bob)).unsigned.transaction_id, undefined);
  });

  test('rooms.invite carries stripped state; rooms.leave follows a kick', async () => {
    const roomId = await createRoom(alice, { preset: 'private_chat', name: 'Club' });
    const before = await sync(bob);
    await invite(alice, roomId, bob.userId);
    const invited = await sync(bob, { since: before.next_batch });
    const stripped = invited.rooms.invite[roomId].invite_state.events as Json[];
    assert.ok(stripped.some((e) => e.type === 'm.room.name' && e.content.name === 'Club'));
    assert.ok(stripped.some((e) => e.type === 'm.room.member' && e.state_key === bob.userId && e.content.membership === 'invite'));
    for (const e of stripped) assert.equal(e.event_id, undefined, 'stripped events carry no event_id');
    assert.equal(invited.rooms.join[roomId], undefined);

    await join(bob, roomId);
    const joined = await sync(bob, { since: invited.next_batch });
    assert.ok(joined.rooms.join[roomId]);
    assert.equal(joined.rooms.invite[roomId], undefined);
    await sendText(alice, roomId, 'before the kick');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/kick`, { user_id: bob.userId, reason: 'out' })).status, 200);
    await sendText(alice, roomId, 'after the kick');
    const kicked = await sync(bob, { since: joined.next_batch });
    assert.equal(kicked.rooms.join[roomId], undefined);
    const left = kicked.rooms.leave[roomId];
    assert.deepEqual(bodies(left.timeline.events), ['before the kick', undefined]);
    assert.equal(left.timeline.events.at(-1).content.membership, 'leave');
    assert.equal(left.timeline.events.at(-1).sender, alice.userId);
  });

  test("history visibility: a joiner of a 'joined' room sees the room's state but not its earlier messages", async () => {
    const roomId = await createRoom(alice, {
      preset: 'public_chat',
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'joined' } }],
    });
    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'set while bob was away' })).status, 200);
    for (let i = 0; i < 45; i++) await sendText(alice, roomId, `hidden ${i}`);
    const before = await sync(bob);
    await join(bob, roomId);
    const after = await sendText(alice, roomId, 'visible');
    for (const res of [await sync(bob), await sync(bob, { since: before.next_batch })]) {
      const room = res.rooms.join[roomId];
      const events: Json[] = room.timeline.events;
      // The room's creation (before 'joined' took effect, so 'shared') is visible; the messages after it are not.
      assert.ok(!events.some((e) => String(e.content.body ?? '').startsWith('hidden')));
      assert.deepEqual(
        events.slice(-2).map((e) => [e.type, e.state_key]),
        [
          ['m.room.member', bob.userId],
          ['m.room.message', undefined],
        ],
      );
      assert.equal(events.at(-1)!.event_id, after);
      assert.equal(room.timeline.limited, false);
      const known = [...room.state.events, ...events];
      assert.ok(known.some((e: Json) => e.type === 'm.room.create'));
      assert.ok(known.some((e: Json) => e.type === 'm.room.history_visibility' && e.content.history_visibility === 'joined'));
      assert.ok(known.some((e: Json) => e.type === 'm.room.member' && e.state_key === alice.userId));
      // A state change hidden from the timeline still reaches a member through `state`.
      assert.ok(room.state.events.some((e: Json) => e.type === 'm.room.topic' && e.content.topic === 'set while bob was away'));
    }
  });

  test('bad input: invalid since, malformed inline filters', async () => {
    expectError(await alice.api.get('/sync?since=garbage'), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/sync?filter=${r('{"room":')}`), 400, 'M_INVALID_PARAM');
    const badShape = await alice.api.get(`/sync?filter=${r(JSON.stringify({ room: { timeline: { limit: -1 } } }))}`);
    assert.equal(badShape.status, 400);
    assert.equal(badShape.body.errcode, 'M_BAD_JSON');
    const badTypes = await alice.api.get(`/sync?filter=${r(JSON.stringify({ room: { state: { types: 'm.room.name' } } }))}`);
    assert.equal(badTypes.status, 400);
    expectError(await alice.api.get('/sync?timeout=-5'), 400, 'M_INVALID_PARAM');
    expectError(await new Api(ctx.server.url).get('/sync'), 401, 'M_MISSING_TOKEN');
  });
});
