import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createScratchPostgres, DATABASES, type ScratchDatabase } from '../support/testDatabases.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { Api, registerUser } from '../support/client.ts';
import { createRoom, join, sendText } from '../support/factories.ts';

const REDIS_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const c = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await c.connect();
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

/** An initial sync repeated until `done` holds for it (a node hears of another node's writes a moment later). */
async function syncUntil(api: Api, done: (body: any) => boolean): Promise<{ body: any }> {
  for (let i = 0; i < 100; i++) {
    const res = await api.get('/sync?timeout=0');
    assert.equal(res.status, 200);
    if (done(res.body)) return res;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sync never showed what was expected');
}

const skip = !DATABASES.includes('postgres') ? 'PostgreSQL is not in PARLEY_TEST_DATABASES' : !(await redisReachable()) ? `no Redis at ${REDIS_URL}` : false;

describe('two nodes on one PostgreSQL database, notified over Redis', { skip }, () => {
  let scratch: ScratchDatabase;
  let nodeA: TestServer;
  let nodeB: TestServer;
  before(async () => {
    scratch = await createScratchPostgres();
    nodeA = await startTestServer('postgres', { postgres: scratch, file: { redis_url: REDIS_URL } });
    nodeB = await startTestServer('postgres', { postgres: scratch, file: { redis_url: REDIS_URL } });
  });
  after(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await scratch?.drop();
  });

  test('a message sent through node B wakes a long-poll waiting on node A', async () => {
    const alice = await registerUser(nodeA.url);
    const bobOnA = await registerUser(nodeA.url);
    const bob = { ...bobOnA, api: new Api(nodeB.url, bobOnA.accessToken) };
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    // Node A learns of bob's join (made on node B) over Redis: take the starting token only once it
    // covers the join, or the long-poll below would return at once with the join alone.
    const first = await syncUntil(alice.api, (body) => JSON.stringify(body.rooms?.join?.[roomId] ?? {}).includes(bob.userId));
    const started = Date.now();
    const poll = alice.api.get(`/sync?since=${first.body.next_batch}&timeout=20000`);
    await new Promise((r) => setTimeout(r, 200));
    const eventId = await sendText(bob, roomId, 'across nodes');
    const res = await poll;
    assert.equal(res.status, 200);
    const events = res.body.rooms.join[roomId].timeline.events.map((e: { event_id: string }) => e.event_id);
    assert.ok(events.includes(eventId), "the event from node B is in node A's sync");
    assert.ok(Date.now() - started < 20000, 'the long-poll returned before its timeout');
  });

  test('push rules are evaluated once per event, whichever node committed it', async () => {
    const alice = await registerUser(nodeA.url);
    const bobOnA = await registerUser(nodeA.url);
    const bob = { ...bobOnA, api: new Api(nodeB.url, bobOnA.accessToken) };
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    // Both nodes send at once, so both evaluators run and contend for the cursor.
    const sent = await Promise.all(Array.from({ length: 10 }, (_, i) => sendText(i % 2 === 0 ? bobOnA : bob, roomId, `m${i}`)));
    await Promise.all([nodeA.deps.push.idle(), nodeB.deps.push.idle()]);
    const res = await syncUntil(alice.api, (body) => body.rooms?.join?.[roomId]?.unread_notifications?.notification_count === 10);
    assert.deepEqual(res.body.rooms.join[roomId].unread_notifications, { notification_count: 10, highlight_count: 0 });
    const emitted = (await nodeA.deps.feed.readChangesAfter(0, 100_000)).flatMap((c) => c.changes).filter((c) => c.kind === 'push_actions' && sent.includes(c.eventId));
    assert.equal(emitted.length, sent.length, 'one push_actions change per event, not one per node');
  });

  test('typing on node B shows in a long-poll on node A, and so does its end', async () => {
    const alice = await registerUser(nodeA.url);
    const bobOnA = await registerUser(nodeA.url);
    const bob = { ...bobOnA, api: new Api(nodeB.url, bobOnA.accessToken) };
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    const typingIn = (body: { rooms: { join: Record<string, { ephemeral: { events: Array<{ type: string; content: { user_ids: string[] } }> } }> } }): string[] | undefined =>
      body.rooms.join[roomId]?.ephemeral.events.find((e) => e.type === 'm.typing')?.content.user_ids;
    let since = (await syncUntil(alice.api, (body) => JSON.stringify(body.rooms?.join?.[roomId] ?? {}).includes(bob.userId))).body.next_batch;

    const poll = alice.api.get(`/sync?since=${since}&timeout=20000`);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await bob.api.put(`/rooms/${encodeURIComponent(roomId)}/typing/${encodeURIComponent(bob.userId)}`, { typing: true, timeout: 30000 })).status, 200);
    const started = await poll;
    assert.deepEqual(typingIn(started.body), [bob.userId], "bob's typing on node B reaches node A");
    since = started.body.next_batch;

    const stopPoll = alice.api.get(`/sync?since=${since}&timeout=20000`);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await bob.api.put(`/rooms/${encodeURIComponent(roomId)}/typing/${encodeURIComponent(bob.userId)}`, { typing: false })).status, 200);
    assert.deepEqual(typingIn((await stopPoll).body), [], 'and so does its end');
  });
});
