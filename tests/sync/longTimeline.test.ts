import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../support/client.ts';
import { createRoom, r, sendText } from '../support/factories.ts';

type Json = Record<string, any>;

/** The filter matrix-js-sdk 37 uploads for a web client: lazy members, thread notifications. */
const sdkFilter = (limit: number): string => JSON.stringify({ room: { timeline: { limit, unread_thread_notifications: true }, state: { lazy_load_members: true } } });

async function sync(user: TestUser, params: Record<string, string | number>): Promise<Json> {
  const q = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await user.api.get(`/sync?${q}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as Json;
}

/** /messages backwards from `from` to the room's start, oldest last. */
async function paginateBack(user: TestUser, roomId: string, from: string): Promise<Json[]> {
  const events: Json[] = [];
  for (let token: string | undefined = from; token !== undefined;) {
    const res: { status: number; body: Json } = await user.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=30&from=${r(token)}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    events.push(...(res.body.chunk as Json[]));
    token = res.body.end as string | undefined;
  }
  return events;
}

const bodies = (events: Json[]): string[] => events.filter((e) => e.type === 'm.room.message').map((e) => e.content.body as string);
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `n${from + i}`);

onEachDatabase('sync long timelines', (ctx) => {
  test('an initial sync after 80 messages sends the newest 30, and /messages from its prev_batch the rest with no gap', async () => {
    const alice = await registerUser(ctx.server.url);
    const roomId = await createRoom(alice);
    // A long-poll stays in flight while the messages go in, as a web client's would.
    let since = (await sync(alice, { filter: sdkFilter(30), timeout: 0 })).next_batch as string;
    let polling = true;
    const poller = (async () => {
      while (polling) since = (await sync(alice, { filter: sdkFilter(30), since, timeout: 200 })).next_batch as string;
    })();
    for (let i = 1; i <= 80; i++) await sendText(alice, roomId, `n${i}`);
    polling = false;
    await poller;

    const room = (await sync(alice, { filter: sdkFilter(30), timeout: 0 })).rooms.join[roomId];
    assert.deepEqual(bodies(room.timeline.events), range(51, 80));
    assert.equal(room.timeline.limited, true);
    const older = await paginateBack(alice, roomId, room.timeline.prev_batch);
    assert.deepEqual(bodies(older), range(1, 50).reverse());
    assert.equal(older.at(-1)!.type, 'm.room.create');
  });

  test('messages sent concurrently: the sync timeline and the pages behind it hold each one once, in stream order', async () => {
    const alice = await registerUser(ctx.server.url);
    const roomId = await createRoom(alice);
    const sent = await Promise.all(range(1, 80).map((body) => sendText(alice, roomId, body)));
    const room = (await sync(alice, { filter: sdkFilter(30), timeout: 0 })).rooms.join[roomId];
    assert.equal(room.timeline.events.length, 30);
    const all = [...(await paginateBack(alice, roomId, room.timeline.prev_batch)).reverse(), ...room.timeline.events];
    const messages = all.filter((e) => e.type === 'm.room.message');
    assert.deepEqual(messages.map((e) => e.event_id).sort(), [...sent].sort());
    const whole = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=200`);
    assert.deepEqual(
      all.map((e) => e.event_id),
      (whole.body.chunk as Json[]).map((e) => e.event_id).reverse(),
    );
  });
});

onEachDatabase('sync long timelines under the send rate limit', { rateLimits: true }, (ctx) => {
  test('sends over the limit are refused with a retry time and never stored; resent under their txn IDs they close the gap', async () => {
    const alice = await registerUser(ctx.server.url);
    const roomId = await createRoom(alice);
    /** The room's messages as a client sees them: the initial sync's timeline and the pages behind it. */
    const history = async (): Promise<string[]> => {
      const room = (await sync(alice, { filter: sdkFilter(30), timeout: 0 })).rooms.join[roomId];
      return [...bodies(await paginateBack(alice, roomId, room.timeline.prev_batch)).reverse(), ...bodies(room.timeline.events)];
    };
    const send = (i: number): Promise<{ status: number; body: Json }> => alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/x${i}`, { msgtype: 'm.text', body: `n${i}` });
    // 80 at once: the burst is 50, so some are refused however fast the server is.
    const first = await Promise.all(range(1, 80).map((_, i) => send(i + 1)));
    const refused = first.flatMap((res, i) => (res.status === 200 ? [] : [{ i: i + 1, res }]));
    assert.ok(refused.length >= 20, `${refused.length} refused`);
    for (const { res } of refused) {
      assert.equal(res.status, 429);
      assert.equal(res.body.errcode, 'M_LIMIT_EXCEEDED');
      assert.ok(res.body.retry_after_ms > 0);
    }
    // What the reporter saw: the refused messages are simply not there, and nothing else is missing.
    const stored = await history();
    assert.deepEqual(
      [...stored].sort(),
      range(1, 80)
        .filter((b) => !refused.some((x) => `n${x.i}` === b))
        .sort(),
    );
    // A client that retries after retry_after_ms (as matrix-js-sdk does) gets every message in.
    for (const { i, res } of refused) {
      let retry = res;
      while (retry.status === 429) {
        await new Promise((resolve) => setTimeout(resolve, retry.body.retry_after_ms as number));
        retry = await send(i);
      }
      assert.equal(retry.status, 200, JSON.stringify(retry.body));
    }
    const all = await history();
    assert.deepEqual([...all].sort(), range(1, 80).sort());
    assert.deepEqual(all.slice(0, stored.length), stored, 'the resent messages follow the stored ones');
  });
});
