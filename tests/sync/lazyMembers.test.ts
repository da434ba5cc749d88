import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../support/client.ts';
import { createRoom, join, r, sendText } from '../support/factories.ts';

type Json = Record<string, any>;

async function sync(user: TestUser, params: Record<string, string | number | boolean> = {}): Promise<Json> {
  const q = new URLSearchParams(Object.entries({ timeout: 0, ...params }).map(([k, v]) => [k, String(v)]));
  const res = await user.api.get(`/sync?${q}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Json;
}

const lazy = (limit: number, redundant = false): string =>
  JSON.stringify({ room: { timeline: { limit }, state: { lazy_load_members: true, ...(redundant ? { include_redundant_members: true } : {}) } } });
/** The state keys of the member events in a room's `state`, sorted. */
const members = (room: Json | undefined): string[] =>
  ((room?.state?.events ?? []) as Json[])
    .filter((e) => e.type === 'm.room.member')
    .map((e) => e.state_key as string)
    .sort();

onEachDatabase('sync lazy-loading members', (ctx) => {
  const users = async (n: number): Promise<TestUser[]> => Promise.all(Array.from({ length: n }, () => registerUser(ctx.server.url)));
  /** Another device of the same user: each device has its own record of what it was sent. */
  async function otherDevice(user: TestUser): Promise<TestUser> {
    const login = await user.api.post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: user.localpart }, password: 'correct horse battery staple' });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    return { ...user, accessToken: login.body.access_token, deviceId: login.body.device_id, api: user.api.withToken(login.body.access_token) };
  }

  /**
   * A room the first user creates and the others join, after five others who join first: those
   * are the summary's heroes, whose member events an initial sync sends as well (as Synapse does),
   * so the users under test are heard of only as senders. Ends with a message of the creator's.
   */
  async function roomOf(all: TestUser[]): Promise<string> {
    const roomId = await createRoom(all[0]!, { preset: 'public_chat' });
    for (const u of await users(5)) await join(u, roomId);
    for (const u of all.slice(1)) await join(u, roomId);
    await sendText(all[0]!, roomId, 'setup');
    return roomId;
  }

  test('initial sync: only the timeline senders, the syncing user and the heroes', async () => {
    const all = await users(8);
    const [alice, bob] = all;
    const roomId = await createRoom(alice!, { preset: 'public_chat' });
    for (const u of all.slice(1)) await join(u, roomId);
    await sendText(bob!, roomId, 'b1');
    await sendText(bob!, roomId, 'b2');
    const res = await sync(alice!, { filter: lazy(2) });
    const heroes: string[] = res.rooms.join[roomId].summary['m.heroes'];
    assert.equal(heroes.length, 5);
    // The two last users joined last: no hero, no sender, so never sent.
    const expected = [...new Set([alice!.userId, bob!.userId, ...heroes])].sort();
    assert.deepEqual(members(res.rooms.join[roomId]), expected);
    assert.ok(!members(res.rooms.join[roomId]).includes(all[7]!.userId));
  });

  test('incremental syncs send a sender once; include_redundant_members sends it every time', async () => {
    const [alice, bob, carol] = await users(3);
    const roomId = await roomOf([alice!, bob!, carol!]);
    const aliceRedundant = await otherDevice(alice!);
    let since = (await sync(alice!, { filter: lazy(1) })).next_batch;
    let sinceRedundant = (await sync(aliceRedundant, { filter: lazy(1, true) })).next_batch;
    await sendText(carol!, roomId, 'c1');
    let res = await sync(alice!, { since, filter: lazy(1) });
    assert.deepEqual(members(res.rooms.join[roomId]), [carol!.userId]);
    since = res.next_batch;
    await sendText(carol!, roomId, 'c2');
    res = await sync(alice!, { since, filter: lazy(1) });
    assert.deepEqual(members(res.rooms.join[roomId]), [], 'carol was sent already');
    since = res.next_batch;
    let red = await sync(aliceRedundant, { since: sinceRedundant, filter: lazy(1, true) });
    assert.deepEqual(members(red.rooms.join[roomId]), [carol!.userId]);
    sinceRedundant = red.next_batch;
    await sendText(carol!, roomId, 'c3');
    red = await sync(aliceRedundant, { since: sinceRedundant, filter: lazy(1, true) });
    assert.deepEqual(members(red.rooms.join[roomId]), [carol!.userId], 'redundant members requested');
    // A new sender is sent; carol's changed membership is sent again.
    await sendText(bob!, roomId, 'b1');
    res = await sync(alice!, { since, filter: lazy(1) });
    assert.deepEqual(members(res.rooms.join[roomId]), [bob!.userId]);
    since = res.next_batch;
    const rename = await carol!.api.put(`/rooms/${r(roomId)}/state/m.room.member/${r(carol!.userId)}`, { membership: 'join', displayname: 'Carol2' });
    assert.equal(rename.status, 200);
    for (let i = 0; i < 3; i++) await sendText(bob!, roomId, `b${i + 2}`);
    await sendText(carol!, roomId, 'c4');
    res = await sync(alice!, { since, filter: lazy(1) });
    const room = res.rooms.join[roomId];
    assert.equal(room.timeline.limited, true);
    assert.deepEqual(members(room), [carol!.userId]);
    assert.equal(room.state.events.find((e: Json) => e.state_key === carol!.userId).content.displayname, 'Carol2');
  });

  test('a gappy sync sends only the senders of its timeline, not members who changed in the gap', async () => {
    const [alice, bob, carol, dan] = await users(4);
    const roomId = await roomOf([alice!, bob!, carol!]);
    const since = (await sync(alice!, { filter: lazy(1) })).next_batch;
    await join(dan!, roomId);
    await sendText(dan!, roomId, 'd1');
    await carol!.api.post(`/rooms/${r(roomId)}/leave`, {});
    await sendText(bob!, roomId, 'b1');
    await sendText(bob!, roomId, 'b2');
    const res = await sync(alice!, { since, filter: lazy(1) });
    const room = res.rooms.join[roomId];
    assert.equal(room.timeline.limited, true);
    assert.deepEqual(members(room), [bob!.userId]);
  });

  test('a sync retried from an older token sends the member events again (the first answer may be lost)', async () => {
    const [alice, bob] = await users(2);
    const roomId = await roomOf([alice!, bob!]);
    const since = (await sync(alice!, { filter: lazy(1) })).next_batch;
    await sendText(bob!, roomId, 'b1');
    const first = await sync(alice!, { since, filter: lazy(1) });
    assert.deepEqual(members(first.rooms.join[roomId]), [bob!.userId]);
    // The client never saw `first`: it syncs from `since` again and must get bob's member event.
    const again = await sync(alice!, { since, filter: lazy(1) });
    assert.deepEqual(members(again.rooms.join[roomId]), [bob!.userId]);
    await sendText(bob!, roomId, 'b2');
    // Continuing from the retried answer: bob is known now.
    const next = await sync(alice!, { since: again.next_batch, filter: lazy(1) });
    assert.deepEqual(members(next.rooms.join[roomId]), []);
    // A client still holding `first`'s token and what it carried: bob known as well, or sent again; never required.
    const fromFirst = await sync(alice!, { since: first.next_batch, filter: lazy(1) });
    assert.ok(members(fromFirst.rooms.join[roomId]).every((u) => u === bob!.userId));
  });

  test('another device of the same user gets its own member events', async () => {
    const [alice, bob] = await users(2);
    const roomId = await roomOf([alice!, bob!]);
    const login = await alice!.api.post('/login', {
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: alice!.localpart },
      password: 'correct horse battery staple',
    });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    const other: TestUser = { ...alice!, accessToken: login.body.access_token, deviceId: login.body.device_id, api: alice!.api.withToken(login.body.access_token) };
    const s1 = (await sync(alice!, { filter: lazy(1) })).next_batch;
    const s2 = (await sync(other, { filter: lazy(1) })).next_batch;
    await sendText(bob!, roomId, 'b1');
    assert.deepEqual(members((await sync(alice!, { since: s1, filter: lazy(1) })).rooms.join[roomId]), [bob!.userId]);
    assert.deepEqual(members((await sync(other, { since: s2, filter: lazy(1) })).rooms.join[roomId]), [bob!.userId]);
  });
});
