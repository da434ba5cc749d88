import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventType, type MatrixClient, type Room } from 'matrix-js-sdk';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { makeSdkClient, registerSdkUser, startAndSync, waitUntil } from '../support/sdk.ts';

const bodiesIn = (room: Room): string[] =>
  room
    .getLiveTimeline()
    .getEvents()
    .filter((e) => e.getType() === EventType.RoomMessage)
    .map((e) => String(e.getContent().body));
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `n${from + i}`);

/**
 * The web client's report "initial /sync returns n29…n56, n64, n74 after 80 messages" came from a
 * script that dropped the sends the send rate limit refused (burst 50, then 10 a second): those
 * events were never stored. matrix-js-sdk queues messages and retries a refused send after
 * `retry_after_ms`, so with the limits on all 80 arrive, and a fresh client lazy-loading members
 * sees the newest 30 and pages back to the first with no gap.
 */
onEachDatabase('matrix-js-sdk: history sent through the send rate limit', { rateLimits: true }, (ctx) => {
  const clients: MatrixClient[] = [];
  after(() => {
    for (const c of clients) c.stopClient();
  });

  test('80 messages sent at once all arrive, in order, and an initial sync of 30 pages back through the rest', { timeout: 60_000 }, async () => {
    const alice = await registerSdkUser(ctx.server.url);
    clients.push(alice.client);
    await startAndSync(alice.client, 30, { threadSupport: true });
    const { room_id: roomId } = await alice.client.createRoom({});
    const started = Date.now();
    await Promise.all(range(1, 80).map((body) => alice.client.sendTextMessage(roomId, body)));
    // The limit did bite: 30 sends past the burst of 50 wait for tokens at 10 a second.
    assert.ok(Date.now() - started >= 2000, `all sent in ${Date.now() - started} ms`);

    const reader = makeSdkClient(ctx.server.url, { userId: alice.userId, accessToken: alice.accessToken, deviceId: alice.deviceId });
    clients.push(reader);
    await reader.startClient({ initialSyncLimit: 30, lazyLoadMembers: true, threadSupport: true });
    const room = await waitUntil(reader, () => reader.getRoom(roomId));
    assert.deepEqual(bodiesIn(room), range(51, 80));
    for (let pages = 0; room.getLiveTimeline().getEvents()[0]?.getType() !== EventType.RoomCreate; pages += 1) {
      assert.ok(pages < 10, 'scrollback never reached the create event');
      await reader.scrollback(room, 30);
    }
    assert.deepEqual(bodiesIn(room), range(1, 80));
  });
});
