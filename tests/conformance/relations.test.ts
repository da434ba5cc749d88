import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MsgType, Preset, RelationType, THREAD_RELATION_TYPE, type MatrixClient } from 'matrix-js-sdk';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { makeSdkClient, registerSdkUser, startAndSync as startSdkClient, waitUntil, type SdkUser } from '../support/sdk.ts';

const TIMEOUT = { timeout: 60_000 };

/** A client of the account with a fresh store: what it knows comes from its own initial sync. */
function freshClient(baseUrl: string, user: SdkUser): MatrixClient {
  return makeSdkClient(baseUrl, { userId: user.userId, accessToken: user.accessToken, deviceId: user.deviceId });
}

/** Starts the sync loop with thread support, as Element runs it, once the first sync is processed. */
const startAndSync = (client: MatrixClient, initialSyncLimit = 20): Promise<void> => startSdkClient(client, initialSyncLimit, { threadSupport: true });

/**
 * Resolves when `predicate` holds, checked every few milliseconds: a thread's events arrive from
 * /relations outside any sync, so waitUntil (which re-checks after each sync) would wait for the
 * next long poll. A hang is caught by the test's timeout.
 */
function poll<T>(predicate: () => T | undefined | false | null): Promise<T> {
  return new Promise<T>((resolve) => {
    const check = (): void => {
      const value = predicate();
      if (value !== undefined && value !== false && value !== null) resolve(value);
      else setTimeout(check, 10);
    };
    check();
  });
}

const threadReplies = (client: MatrixClient, roomId: string, rootId: string): string[] =>
  (client.getRoom(roomId)?.getThread(rootId)?.events ?? []).filter((e) => e.getId() !== rootId && e.isRelation(THREAD_RELATION_TYPE.name)).map((e) => String(e.getContent().body));

onEachDatabase('matrix-js-sdk relations and threads', (ctx) => {
  let alice: SdkUser;
  let bob: SdkUser;
  const extra: MatrixClient[] = [];
  let roomId: string;

  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
    bob = await registerSdkUser(ctx.server.url);
    await Promise.all([startAndSync(alice.client), startAndSync(bob.client)]);
    roomId = (await alice.client.createRoom({ preset: Preset.PublicChat, name: 'Threads' })).room_id;
    await bob.client.joinRoom(roomId);
    await waitUntil(alice.client, () => alice.client.getRoom(roomId)?.getJoinedMemberCount() === 2);
  });
  after(async () => {
    const clients = [alice?.client, bob?.client, ...extra].filter((c): c is MatrixClient => c !== undefined);
    // Threads load their first page from /relations in the background: let that finish before the server stops.
    const settled = poll(() => clients.every((c) => c.getRooms().every((room) => room.getThreads().every((t) => t.initialEventsFetched))));
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    for (const c of clients) c.stopClient();
  });

  test("a thread bob starts shows on alice's client with its summary, its replies and in the thread list", TIMEOUT, async () => {
    const root = (await bob.client.sendMessage(roomId, { msgtype: MsgType.Text, body: 'thread root' })).event_id;
    await bob.client.sendMessage(roomId, root, { msgtype: MsgType.Text, body: 'reply one' });
    await bob.client.sendMessage(roomId, root, { msgtype: MsgType.Text, body: 'reply two' });

    // Live, on the other user's running client.
    const thread = await waitUntil(alice.client, () => {
      const t = alice.client.getRoom(roomId)?.getThread(root);
      return t && t.length === 2 && t.replyToEvent?.getContent().body === 'reply two' && t;
    });
    assert.equal(thread.rootEvent?.getId(), root);
    await poll(() => threadReplies(alice.client, roomId, root).length === 2);
    assert.deepEqual(threadReplies(alice.client, roomId, root), ['reply one', 'reply two']);

    // From an initial sync only: the bundled summary, then the thread's replies from /relations.
    const fresh = freshClient(ctx.server.url, alice);
    extra.push(fresh);
    await startAndSync(fresh);
    const summary = await poll(() => {
      const t = fresh.getRoom(roomId)?.getThread(root);
      return t && t.length === 2 && t.replyToEvent?.getContent().body === 'reply two' && t;
    });
    assert.equal(summary.replyToEvent?.getSender(), bob.userId);
    await poll(() => threadReplies(fresh, roomId, root).length === 2);
    assert.deepEqual(threadReplies(fresh, roomId, root), ['reply one', 'reply two']);

    // The thread list (GET /threads).
    const room = fresh.getRoom(roomId)!;
    const [allThreads] = (await room.createThreadsTimelineSets()) ?? [];
    await room.fetchRoomThreads();
    assert.ok(
      room.getThreads().some((t) => t.id === root),
      'the thread is listed',
    );
    const listed = (allThreads ?? room.threadsTimelineSets[0])!
      .getLiveTimeline()
      .getEvents()
      .map((e) => e.getId());
    assert.ok(listed.includes(root), `thread list holds the root: ${JSON.stringify(listed)}`);
  });

  test('reactions are counted by key as the SDK expects', TIMEOUT, async () => {
    const target = (await alice.client.sendMessage(roomId, { msgtype: MsgType.Text, body: 'react here' })).event_id;
    await bob.client.sendEvent(roomId, 'm.reaction' as never, { 'm.relates_to': { rel_type: RelationType.Annotation, event_id: target, key: '👍' } } as never);
    await alice.client.sendEvent(roomId, 'm.reaction' as never, { 'm.relates_to': { rel_type: RelationType.Annotation, event_id: target, key: '👍' } } as never);
    const annotations = (client: MatrixClient) => client.getRoom(roomId)?.relations.getChildEventsForEvent(target, RelationType.Annotation, 'm.reaction');
    const sorted = await waitUntil(alice.client, () => {
      const byKey = annotations(alice.client)?.getSortedAnnotationsByKey();
      return byKey && byKey.length === 1 && byKey[0]![1].size === 2 && byKey;
    });
    assert.equal(sorted[0]![0], '👍');
    // A second identical reaction is refused (M_DUPLICATE_ANNOTATION).
    await assert.rejects(
      bob.client.sendEvent(roomId, 'm.reaction' as never, { 'm.relates_to': { rel_type: RelationType.Annotation, event_id: target, key: '👍' } } as never),
      (err: { errcode?: string }) => err.errcode === 'M_DUPLICATE_ANNOTATION',
    );
    // /relations, as the SDK asks for them.
    const fetched = await bob.client.relations(roomId, target, RelationType.Annotation, 'm.reaction');
    assert.equal(fetched.events.length, 2);
  });

  test('edits replace the content the SDK shows, live and from an initial sync', TIMEOUT, async () => {
    const original = (await alice.client.sendMessage(roomId, { msgtype: MsgType.Text, body: 'tpyo' })).event_id;
    const replacement = (
      await alice.client.sendMessage(roomId, {
        msgtype: MsgType.Text,
        body: '* typo',
        'm.new_content': { msgtype: MsgType.Text, body: 'typo' },
        'm.relates_to': { rel_type: RelationType.Replace, event_id: original },
      } as never)
    ).event_id;
    const live = await waitUntil(bob.client, () => {
      const ev = bob.client.getRoom(roomId)?.findEventById(original);
      return ev?.replacingEvent() && ev;
    });
    assert.equal(live.replacingEventId(), replacement);
    assert.equal(live.getContent().body, 'typo');

    const fresh = freshClient(ctx.server.url, bob);
    extra.push(fresh);
    await startAndSync(fresh, 50);
    const synced = await waitUntil(fresh, () => {
      const ev = fresh.getRoom(roomId)?.findEventById(original);
      return ev?.replacingEvent() && ev;
    });
    assert.equal(synced.replacingEventId(), replacement);
    assert.equal(synced.getContent().body, 'typo');
  });
});
