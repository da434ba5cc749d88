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

/** A room's summary in a response, {} when it carries none. */
const summaryOf = (res: Json, roomId: string): Json => res.rooms.join[roomId]?.summary ?? {};

onEachDatabase('sync room summary', (ctx) => {
  const users = async (n: number): Promise<TestUser[]> => Promise.all(Array.from({ length: n }, () => registerUser(ctx.server.url)));

  test('sent in an initial sync, and in an incremental one only when it changed', async () => {
    const [alice, bob, carol] = await users(3);
    const roomId = await createRoom(alice!, { preset: 'public_chat' });
    await join(bob!, roomId);
    const initial = await sync(alice!);
    assert.deepEqual(summaryOf(initial, roomId), { 'm.heroes': [bob!.userId], 'm.joined_member_count': 2, 'm.invited_member_count': 0 });
    let since = initial.next_batch;

    await sendText(bob!, roomId, 'a message');
    let res = await sync(alice!, { since });
    assert.deepEqual(summaryOf(res, roomId), {}, 'a message changes nothing');
    since = res.next_batch;

    const rename = await bob!.api.put(`/rooms/${r(roomId)}/state/m.room.member/${r(bob!.userId)}`, { membership: 'join', displayname: 'Bobby' });
    assert.equal(rename.status, 200);
    res = await sync(alice!, { since });
    assert.ok(res.rooms.join[roomId], 'the rename is in the timeline');
    assert.deepEqual(summaryOf(res, roomId), {}, 'a profile change keeps counts and heroes');
    since = res.next_batch;

    await invite(alice!, roomId, carol!.userId);
    res = await sync(alice!, { since });
    assert.deepEqual(summaryOf(res, roomId), { 'm.heroes': [bob!.userId, carol!.userId], 'm.joined_member_count': 2, 'm.invited_member_count': 1 });
    const beforeJoin = since;
    since = res.next_batch;

    await join(carol!, roomId);
    res = await sync(alice!, { since });
    assert.equal(summaryOf(res, roomId)['m.joined_member_count'], 3);
    assert.equal(summaryOf(res, roomId)['m.invited_member_count'], 0);
    since = res.next_batch;

    // Retried from an older token: the summary is sent again, the client may not have the later ones.
    res = await sync(alice!, { since: beforeJoin });
    assert.equal(summaryOf(res, roomId)['m.joined_member_count'], 3);

    await bob!.api.post(`/rooms/${r(roomId)}/leave`, {});
    res = await sync(alice!, { since });
    assert.deepEqual(summaryOf(res, roomId), { 'm.heroes': [carol!.userId], 'm.joined_member_count': 2, 'm.invited_member_count': 0 });
    since = res.next_batch;
    await sendText(carol!, roomId, 'quiet again');
    res = await sync(alice!, { since });
    assert.deepEqual(summaryOf(res, roomId), {});
  });

  test('a gappy sync whose gap changed membership carries the summary', async () => {
    const [alice, bob, carol] = await users(3);
    const roomId = await createRoom(alice!, { preset: 'public_chat' });
    const filter = JSON.stringify({ room: { timeline: { limit: 1 } } });
    const since = (await sync(alice!, { filter })).next_batch;
    await join(bob!, roomId);
    await join(carol!, roomId);
    for (let i = 0; i < 3; i++) await sendText(alice!, roomId, `m${i}`);
    const res = await sync(alice!, { since, filter });
    assert.equal(res.rooms.join[roomId].timeline.limited, true);
    assert.equal(summaryOf(res, roomId)['m.joined_member_count'], 3);
  });
});
