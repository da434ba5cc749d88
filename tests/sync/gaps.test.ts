import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../support/factories.ts';

type Json = Record<string, any>;

async function sync(user: TestUser, params: Record<string, string | number | boolean> = {}): Promise<Json> {
  const q = new URLSearchParams(Object.entries({ timeout: 0, ...params }).map(([k, v]) => [k, String(v)]));
  const res = await user.api.get(`/sync?${q}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Json;
}

const limit = (n: number): string => JSON.stringify({ room: { timeline: { limit: n } } });
const keyed = (events: Json[]): string[] => events.map((e) => `${e.type}|${e.state_key}|${e.content?.membership ?? e.content?.topic ?? e.content?.name ?? ''}`).sort();
const hv = (v: string): Json => ({ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: v } });
const ids = (events: Json[]): string[] => events.map((e) => e.event_id);

async function setState(user: TestUser, roomId: string, type: string, content: Json, stateKey = ''): Promise<string> {
  const res = await user.api.put(`/rooms/${r(roomId)}/state/${type}/${stateKey}`, content);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.event_id;
}

onEachDatabase('sync gaps', (ctx) => {
  const users = async (n: number): Promise<TestUser[]> => Promise.all(Array.from({ length: n }, () => registerUser(ctx.server.url)));

  test('a gappy sync carries in state every state change of the gap, leaves, kicks and bans of others included', async () => {
    const [alice, bob, carol, dan] = await users(4);
    const roomId = await createRoom(alice!, { preset: 'public_chat' });
    for (const u of [bob!, carol!, dan!]) await join(u, roomId);
    const since = (await sync(alice!, { filter: limit(2) })).next_batch;
    await bob!.api.post(`/rooms/${r(roomId)}/leave`, {});
    await alice!.api.post(`/rooms/${r(roomId)}/kick`, { user_id: carol!.userId });
    await alice!.api.post(`/rooms/${r(roomId)}/ban`, { user_id: dan!.userId });
    await setState(alice!, roomId, 'm.room.topic', { topic: 't1' });
    await setState(alice!, roomId, 'm.room.name', { name: 'n1' });
    const sent: string[] = [];
    for (let i = 0; i < 4; i++) sent.push(await sendText(alice!, roomId, `m${i}`));
    const res = await sync(alice!, { since, filter: limit(2) });
    const room = res.rooms.join[roomId];
    assert.equal(room.timeline.limited, true);
    assert.deepEqual(ids(room.timeline.events), sent.slice(-2));
    assert.deepEqual(
      keyed(room.state.events),
      [`m.room.member|${bob!.userId}|leave`, `m.room.member|${carol!.userId}|leave`, `m.room.member|${dan!.userId}|ban`, 'm.room.name||n1', 'm.room.topic||t1'].sort(),
    );
  });

  test('a gappy sync sends the state at the timeline start: a key changed in the gap and again in the timeline', async () => {
    const [alice] = await users(1);
    const roomId = await createRoom(alice!);
    const since = (await sync(alice!, { filter: limit(2) })).next_batch;
    const t1 = await setState(alice!, roomId, 'm.room.topic', { topic: 't1' });
    await sendText(alice!, roomId, 'a');
    await sendText(alice!, roomId, 'b');
    const t2 = await setState(alice!, roomId, 'm.room.topic', { topic: 't2' });
    const last = await sendText(alice!, roomId, 'c');
    const room = (await sync(alice!, { since, filter: limit(2) })).rooms.join[roomId];
    assert.deepEqual(ids(room.timeline.events), [t2, last]);
    assert.deepEqual(ids(room.state.events), [t1]);
  });

  test('a gappy sync: a key set twice in the gap sends only the last value; nothing the client had is repeated', async () => {
    const [alice, bob] = await users(2);
    const roomId = await createRoom(alice!, { preset: 'public_chat' });
    await join(bob!, roomId);
    const since = (await sync(alice!, { filter: limit(1) })).next_batch;
    await setState(alice!, roomId, 'm.room.topic', { topic: 't1' });
    const t2 = await setState(alice!, roomId, 'm.room.topic', { topic: 't2' });
    const m1 = await sendText(bob!, roomId, 'x');
    await sendText(alice!, roomId, 'y');
    const last = await sendText(alice!, roomId, 'z');
    const room = (await sync(alice!, { since, filter: limit(1) })).rooms.join[roomId];
    assert.deepEqual(ids(room.timeline.events), [last]);
    assert.deepEqual(ids(room.state.events), [t2]);
    assert.ok(m1);
  });

  test('a gappy sync with a member who joined and left inside the gap sends the leave', async () => {
    const [alice, bob] = await users(2);
    const roomId = await createRoom(alice!, { preset: 'public_chat' });
    const since = (await sync(alice!, { filter: limit(1) })).next_batch;
    await join(bob!, roomId);
    await sendText(bob!, roomId, 'hi');
    await bob!.api.post(`/rooms/${r(roomId)}/leave`, {});
    await sendText(alice!, roomId, 'a');
    const last = await sendText(alice!, roomId, 'b');
    const room = (await sync(alice!, { since, filter: limit(1) })).rooms.join[roomId];
    assert.deepEqual(ids(room.timeline.events), [last]);
    assert.deepEqual(keyed(room.state.events), [`m.room.member|${bob!.userId}|leave`]);
  });

  test('a room joined in an incremental sync: timeline from the join (joined visibility), full state at its start', async () => {
    const [alice, bob] = await users(2);
    const roomId = await createRoom(alice!, { preset: 'public_chat', name: 'R', initial_state: [hv('joined')] });
    for (let i = 0; i < 5; i++) await sendText(alice!, roomId, `before${i}`);
    const topic = await setState(alice!, roomId, 'm.room.topic', { topic: 'old' });
    const since = (await sync(bob!, { filter: limit(3) })).next_batch;
    await join(bob!, roomId);
    const after = await sendText(alice!, roomId, 'after');
    const room = (await sync(bob!, { since, filter: limit(3) })).rooms.join[roomId];
    assert.ok(room, 'room in join');
    const tl = room.timeline.events as Json[];
    // The room's first events were under the preset's `shared` visibility; nothing after the switch to `joined` shows before the join.
    assert.ok(!tl.some((e) => String(e.content?.body).startsWith('before')), 'no hidden messages');
    assert.ok(!ids(tl).includes(topic), 'hidden topic change not in the timeline');
    assert.deepEqual(
      tl.slice(-2).map((e) => [e.type, e.state_key, e.event_id === after]),
      [
        ['m.room.member', bob!.userId, false],
        ['m.room.message', undefined, true],
      ],
    );
    const state = room.state.events as Json[];
    assert.ok(ids(state).includes(topic), 'topic in state');
    assert.ok(state.some((e) => e.type === 'm.room.create'));
    assert.ok(state.some((e) => e.type === 'm.room.name'));
    assert.ok(!state.some((e) => e.type === 'm.room.member' && e.state_key === bob!.userId), 'own join is in the timeline, not state');
  });

  test('a room joined in an incremental sync with many events after the join: limited, full state at the timeline start', async () => {
    const [alice, bob] = await users(2);
    const roomId = await createRoom(alice!, { preset: 'public_chat' });
    const since = (await sync(bob!, { filter: limit(2) })).next_batch;
    await join(bob!, roomId);
    const topic = await setState(alice!, roomId, 'm.room.topic', { topic: 'x' });
    const sent: string[] = [];
    for (let i = 0; i < 4; i++) sent.push(await sendText(alice!, roomId, `m${i}`));
    const room = (await sync(bob!, { since, filter: limit(2) })).rooms.join[roomId];
    assert.equal(room.timeline.limited, true);
    assert.deepEqual(ids(room.timeline.events), sent.slice(-2));
    const state = room.state.events as Json[];
    assert.ok(ids(state).includes(topic));
    assert.ok(state.some((e) => e.type === 'm.room.member' && e.state_key === bob!.userId && e.content.membership === 'join'));
    assert.ok(state.some((e) => e.type === 'm.room.create'));
  });

  test('joined visibility: state events before an invited join are state, not timeline; the timeline starts at the invite', async () => {
    const [alice, bob] = await users(2);
    const roomId = await createRoom(alice!, { preset: 'private_chat', initial_state: [hv('invited')] });
    await sendText(alice!, roomId, 'hidden');
    const topic = await setState(alice!, roomId, 'm.room.topic', { topic: 'before invite' });
    await invite(alice!, roomId, bob!.userId);
    const seen = await sendText(alice!, roomId, 'while invited');
    await join(bob!, roomId);
    const res = await sync(bob!, { filter: limit(10) });
    const room = res.rooms.join[roomId];
    const tl = room.timeline.events as Json[];
    const inviteAt = tl.findIndex((e) => e.type === 'm.room.member' && e.state_key === bob!.userId && e.content.membership === 'invite');
    assert.ok(inviteAt >= 0, 'the invite is in the timeline');
    assert.deepEqual(ids(tl.slice(inviteAt + 1, inviteAt + 2)), [seen]);
    assert.ok(!tl.some((e) => e.content?.body === 'hidden'));
    assert.ok(ids(room.state.events).includes(topic));
    assert.ok(!ids(tl).includes(topic));
  });
});
