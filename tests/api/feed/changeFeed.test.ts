import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { registerUser } from '../../support/client.ts';
import { createRoom, join, nextTxnId, r, sendText } from '../../support/factories.ts';
import { deviceKeysOf } from '../../support/e2eeClient.ts';
import { DATABASES, createScratchPostgres, type ScratchDatabase } from '../../support/testDatabases.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/testServer.ts';
import { commitChanges } from '../../../apps/server/src/feed/commitChanges.ts';
import type { DeliveredChanges } from '../../../apps/server/src/feed/FeedSubscriber.ts';
import type { StreamChange } from '../../../apps/server/src/feed/StreamChange.ts';
import type { ChangeKind } from '../../../apps/server/src/sync/Notifier.ts';
import { getStreamPosition } from '../../../apps/server/src/storage/repos/events.ts';

/** The change feed (feed/ChangeFeed.ts): what actions record, who it concerns, when it is dispatched, and what survives a restart. */
onEachDatabase('change feed', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  let delivered: DeliveredChanges[] = [];
  let notified: Array<{ users: string[]; kinds: readonly ChangeKind[] }> = [];

  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    // Push evaluation commits on its own after an event's commit (push/PushEvaluator.ts); tests/api/push pin those.
    const isPushOnly = (commit: DeliveredChanges): boolean => commit.changes.every((c) => c.kind === 'push_actions');
    ctx.server.deps.feed.subscribe({ name: 'test', deliver: (commit) => void (isPushOnly(commit) ? undefined : delivered.push(commit)) });
    const notifier = ctx.server.deps.notifier;
    const original = notifier.notify.bind(notifier);
    notifier.notify = (position, userIds, kinds, fromPeer) => {
      const users = [...userIds].sort();
      if (kinds?.length === 1 && kinds[0] === 'notifications') return original(position, users, kinds, fromPeer);
      // Rooms' peek keys (GET /events?room_id=) are woken too; tests/sync/wake.test.ts pins them.
      notified.push({ users: users.filter((u) => !u.startsWith('peek:')), kinds: kinds ?? [] });
      original(position, users, kinds, fromPeer);
    };
  });
  beforeEach(() => {
    delivered = [];
    notified = [];
  });

  /** The one commit delivered since beforeEach, checked against what the database holds for its position. */
  async function onlyCommit(): Promise<DeliveredChanges> {
    assert.equal(delivered.length, 1, `one commit delivered, got ${delivered.length}`);
    const commit = delivered[0]!;
    const stored = await ctx.server.deps.feed.readChangesAfter(commit.position - 1, 1);
    assert.deepEqual(stored, [{ position: commit.position, changes: commit.changes }], 'the delivered changes are the persisted ones');
    return commit;
  }
  const kindsOf = (commit: DeliveredChanges): string[] => commit.changes.map((c) => c.kind);

  test('a message is one room_event, persisted, for the joined members', async () => {
    const eventId = await sendText(alice, roomId, 'hello');
    const commit = await onlyCommit();
    assert.deepEqual(commit.changes, [{ kind: 'room_event', roomId, eventId, stream: commit.position, type: 'm.room.message', sender: alice.userId }]);
    assert.deepEqual([...commit.audiences[0]!].sort(), [alice.userId, bob.userId].sort());
    assert.deepEqual(notified, [{ users: [alice.userId, bob.userId].sort(), kinds: ['room'] }]);
  });

  test('createRoom wakes the creator and the invitees for room and membership only (not every kind)', async () => {
    const carol = await registerUser(ctx.server.url);
    const res = await alice.api.post('/createRoom', { name: 'n', invite: [carol.userId] });
    assert.equal(res.status, 200);
    const commit = await onlyCommit();
    assert.ok(kindsOf(commit).includes('state') && kindsOf(commit).includes('membership'));
    const invite = commit.changes.find((c) => c.kind === 'membership' && c.membership === 'invite');
    assert.deepEqual(invite && invite.kind === 'membership' ? invite.userId : null, carol.userId);
    assert.deepEqual(notified, [
      { users: [alice.userId], kinds: ['room'] },
      { users: [alice.userId, carol.userId].sort(), kinds: ['room', 'membership'] },
    ]);
  });

  test('a kick concerns the room and its target', async () => {
    const dave = await registerUser(ctx.server.url);
    await join(dave, roomId);
    delivered = [];
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/kick`, { user_id: dave.userId })).status, 200);
    const commit = await onlyCommit();
    assert.equal(commit.changes[0]!.kind, 'membership');
    assert.deepEqual([...commit.audiences[0]!].sort(), [alice.userId, bob.userId, dave.userId].sort());
  });

  test('account data, receipts, typing, to-device, keys and device lists are changes with their audiences', async () => {
    const expectOne = async (kind: StreamChange['kind'], audience: string[]): Promise<DeliveredChanges> => {
      const commit = await onlyCommit();
      assert.deepEqual(kindsOf(commit), [kind]);
      assert.deepEqual([...commit.audiences[0]!].sort(), [...audience].sort());
      delivered = [];
      notified = [];
      return commit;
    };
    assert.equal((await alice.api.put(`/user/${r(alice.userId)}/account_data/org.example`, { a: 1 })).status, 200);
    await expectOne('account_data', [alice.userId]);

    const eventId = await sendText(bob, roomId, 'read me');
    delivered = [];
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read.private/${r(eventId)}`, {})).status, 200);
    await expectOne('receipt', [alice.userId]);
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(eventId)}`, {})).status, 200);
    await expectOne('receipt', [alice.userId, bob.userId]);

    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/typing/${r(alice.userId)}`, { typing: true, timeout: 30000 })).status, 200);
    await expectOne('typing', [alice.userId, bob.userId]);
    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/typing/${r(alice.userId)}`, { typing: false })).status, 200);
    delivered = [];
    notified = [];

    const sent = await alice.api.put(`/sendToDevice/m.test/${nextTxnId()}`, { messages: { [bob.userId]: { [bob.deviceId]: { hi: 1 } } } });
    assert.equal(sent.status, 200);
    await expectOne('to_device', [bob.userId]);

    assert.equal((await alice.api.post('/keys/upload', { device_keys: deviceKeysOf(alice) })).status, 200);
    const commit = await onlyCommit();
    assert.deepEqual(kindsOf(commit), ['device_list', 'keys']);
    assert.deepEqual([...commit.audiences[0]!].sort(), [alice.userId, bob.userId].sort());
    assert.deepEqual(commit.audiences[1], [alice.userId]);
    assert.deepEqual(notified, [
      { users: [alice.userId, bob.userId].sort(), kinds: ['device_lists'] },
      { users: [alice.userId], kinds: ['keys'] },
    ]);
  });

  test('dispatch happens after commit: inside the transaction nothing is delivered, after it the row is readable', async () => {
    const feed = ctx.server.deps.feed;
    const position = await commitChanges(ctx.server.deps, async (_tx, w) => {
      w.emit({ kind: 'account_data', userId: alice.userId, roomId: null, type: 'org.example.inside' });
      assert.equal(delivered.length, 0, 'nothing is dispatched before commit');
      return w.position();
    });
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]!.position, position);
    // Another connection (PostgreSQL's pool) sees the row: it was committed before dispatch.
    assert.equal((await feed.readChangesAfter(position - 1, 1))[0]?.position, position);
  });

  test('an action that throws inside its transaction dispatches and persists nothing', async () => {
    const { feed, database } = ctx.server.deps;
    const before = await getStreamPosition(database.db);
    await assert.rejects(
      commitChanges(ctx.server.deps, async (_tx, w) => {
        await w.position();
        w.emit({ kind: 'keys', userId: alice.userId });
        throw new Error('refused half-way');
      }),
      /refused half-way/,
    );
    // The same through the API: an invite of an unknown user aborts createRoom after its first writes.
    const res = await alice.api.post('/createRoom', { invite: ['@nobody-at-all:localhost'] });
    assert.equal(res.status, 404);
    assert.equal(delivered.length, 0);
    assert.deepEqual(notified, []);
    assert.equal(await getStreamPosition(database.db), before, 'the position rolled back too');
    assert.deepEqual(await feed.readChangesAfter(before), []);
  });

  test('prune keeps what the slowest durable subscriber has not processed', async () => {
    const feed = ctx.server.deps.feed;
    await sendText(alice, roomId, 'one');
    const first = delivered.at(-1)!.position;
    await sendText(alice, roomId, 'two');
    const second = delivered.at(-1)!.position;
    // The push evaluator is a durable subscriber of every server: once it is past both, only the test's holds rows back.
    await ctx.server.deps.push.idle();
    feed.subscribe({ name: 'durable', deliver: () => undefined, durablePosition: () => first });
    assert.ok((await feed.prune()) > 0);
    const left = await feed.readChangesAfter(0);
    assert.ok(left[0]!.position > first, 'everything up to the durable position went');
    assert.ok(
      left.some((c) => c.position === second),
      'the rest stayed',
    );
  });
});

for (const kind of DATABASES) {
  describe(`change feed resumes after a restart [${kind}]`, () => {
    let opts: TestServerOptions;
    let dataDir: string | undefined;
    let scratch: ScratchDatabase | undefined;
    let server: TestServer;

    before(async () => {
      if (kind === 'sqlite') opts = { dataDir: (dataDir = mkdtempSync(joinPath(tmpdir(), 'parley-feed-'))) };
      else opts = { postgres: (scratch = await createScratchPostgres()) };
      server = await startTestServer(kind, opts);
    });
    after(async () => {
      await server.close();
      await scratch?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    test('a subscriber reads the changes after its position from a second server on the same database', async () => {
      const alice = await registerUser(server.url);
      const roomId = await createRoom(alice);
      const from = await getStreamPosition(server.deps.database.db);
      const first = await sendText(alice, roomId, 'before the restart');
      assert.equal((await alice.api.put(`/user/${r(alice.userId)}/account_data/org.example`, { a: 1 })).status, 200);
      const second = await sendText(alice, roomId, 'also before');
      await server.close();

      server = await startTestServer(kind, opts);
      const commits = await server.deps.feed.readChangesAfter(from);
      assert.deepEqual(
        commits.map((c) => c.changes.map((ch) => ch.kind)),
        [['room_event'], ['account_data'], ['room_event']],
      );
      assert.deepEqual(
        commits.flatMap((c) => c.changes.flatMap((ch) => (ch.kind === 'room_event' ? [ch.eventId] : []))),
        [first, second],
      );
      assert.ok(
        commits.every((c, i) => i === 0 || c.position > commits[i - 1]!.position),
        'in stream order',
      );
      // Resuming from the middle skips what was processed.
      assert.deepEqual(
        (await server.deps.feed.readChangesAfter(commits[0]!.position)).map((c) => c.position),
        commits.slice(1).map((c) => c.position),
      );
    });
  });
}
