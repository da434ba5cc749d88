import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUsersBefore } from '../support/registerUsersBefore.ts';
import { type TestUser } from '../support/client.ts';
import { createRoom, join, nextTxnId, r, sendText } from '../support/factories.ts';

/**
 * Query budgets on the hot endpoints (Zulip's assert_database_query_count): the number
 * of statements one request executes, counted by Kysely's log hook on the Database.
 * A budget is today's count plus a small margin; raising it needs a reason.
 */
const BUDGET = {
  /**
   * Incremental /sync, one new message in one of the user's rooms: 7 today on both databases:
   * auth, active rooms, visibility history, the room's timeline, the bundled aggregations of all
   * the timelines (one statement for the whole response, reads/bundleAggregations.ts), the rooms
   * whose push actions were written in the range, and the unread counts of the rooms sent (one
   * query for all). Memberships, key counts and
   * the to-device check come from SyncCache while the notifier says they did not change;
   * account data and receipts are skipped for the same reason.
   */
  incrementalSync: 7,
  /** Extra statements per additional active room (its timeline read): 1 today. */
  perActiveRoom: 2,
  /** PUT /send: 12 today (auth, txn lookup, begin, lock, auth state, stream, insert, room head, txn insert, audience, stream_changes, commit). */
  send: 13,
  /** GET /messages, one page backwards: 5 today (auth, access gate, visibility history, events, bundled aggregations). */
  messages: 6,
};

onEachDatabase('query budgets', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  /** Statements executed while `fn` runs (requests in this file run one at a time). */
  async function countQueries(fn: () => Promise<unknown>): Promise<number> {
    const before = ctx.server.deps.database.stats.queries;
    await fn();
    return ctx.server.deps.database.stats.queries - before;
  }

  async function incrementalSyncCost(user: TestUser, activeRooms: string[]): Promise<number> {
    const initial = await user.api.get('/sync?timeout=0');
    for (const roomId of activeRooms) await sendText(bob, roomId, 'ping');
    // Push evaluation runs after the send's commit, on its own: its statements are not the sync's.
    await ctx.server.deps.push.idle();
    // So does waking push delivery for the users it notified.
    await ctx.server.deps.pushers?.idle();
    return countQueries(async () => {
      const res = await user.api.get(`/sync?timeout=0&since=${initial.body.next_batch}`);
      assert.equal(res.status, 200);
      assert.deepEqual(Object.keys(res.body.rooms.join).sort(), [...activeRooms].sort());
    });
  }

  test('incremental /sync does not grow with the number of quiet rooms', async (t: TestContext) => {
    const rooms: string[] = [];
    for (let i = 0; i < 3; i++) {
      const roomId = await createRoom(bob, { preset: 'public_chat' });
      await join(alice, roomId);
      rooms.push(roomId);
    }
    const few = await incrementalSyncCost(alice, [rooms[0]!]);
    for (let i = 0; i < 9; i++) {
      const roomId = await createRoom(bob, { preset: 'public_chat' });
      await join(alice, roomId);
      rooms.push(roomId);
    }
    const many = await incrementalSyncCost(alice, [rooms[0]!]);
    t.diagnostic(`[${ctx.kind}] incremental sync: ${few} queries with 3 rooms, ${many} with 12`);
    assert.equal(many, few, 'quiet rooms must cost nothing');
    assert.ok(many <= BUDGET.incrementalSync, `incremental /sync ran ${many} queries, budget ${BUDGET.incrementalSync}`);

    const three = await incrementalSyncCost(alice, rooms.slice(0, 3));
    t.diagnostic(`[${ctx.kind}] incremental sync: ${three} queries with 3 active rooms`);
    assert.ok(three - many <= 2 * BUDGET.perActiveRoom, `each active room cost ${(three - many) / 2} queries, budget ${BUDGET.perActiveRoom}`);
  });

  test('PUT /send', async (t: TestContext) => {
    const roomId = await createRoom(alice);
    await sendText(alice, roomId, 'warm up');
    const n = await countQueries(async () => {
      const res = await alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: 'counted' });
      assert.equal(res.status, 200);
    });
    t.diagnostic(`[${ctx.kind}] send: ${n} queries`);
    assert.ok(n <= BUDGET.send, `PUT /send ran ${n} queries, budget ${BUDGET.send}`);
  });

  test('GET /messages', async (t: TestContext) => {
    const roomId = await createRoom(alice);
    for (let i = 0; i < 15; i++) await sendText(alice, roomId, `m${i}`);
    const n = await countQueries(async () => {
      const res = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=10`);
      assert.equal(res.status, 200);
      assert.equal(res.body.chunk.length, 10);
    });
    t.diagnostic(`[${ctx.kind}] messages: ${n} queries`);
    assert.ok(n <= BUDGET.messages, `GET /messages ran ${n} queries, budget ${BUDGET.messages}`);
  });
});
