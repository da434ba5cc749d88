import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import type { TestUser } from '../../support/client.ts';
import { edit, send, text, threadReply } from './support.ts';

/**
 * Bundling is batched: the statements a page costs do not grow with how many of its events
 * have threads, edits and references (reads/bundleAggregations.ts).
 */
onEachDatabase('bundled aggregations cost a fixed number of statements', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);

  async function countQueries(fn: () => Promise<unknown>): Promise<number> {
    const before = ctx.server.deps.database.stats.queries;
    await fn();
    return ctx.server.deps.database.stats.queries - before;
  }

  /** A room of `n` thread roots, each with two replies, an edit of the root and an edit of the last reply. */
  async function roomWithThreads(n: number, reader: TestUser): Promise<string> {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(reader, roomId);
    for (let i = 0; i < n; i++) {
      const root = await send(alice, roomId, text(`root ${i}`));
      await send(reader, roomId, threadReply(root, `reply ${i}a`));
      const last = await send(alice, roomId, threadReply(root, `reply ${i}b`));
      await send(alice, roomId, edit(root, `root ${i} edited`));
      await send(alice, roomId, edit(last, `reply ${i}b edited`));
    }
    return roomId;
  }

  async function messagesCost(reader: TestUser, roomId: string): Promise<number> {
    // Push evaluation and delivery run after each send; their statements must not land in the count.
    await ctx.server.deps.push.idle();
    await ctx.server.deps.pushers?.idle();
    return countQueries(async () => {
      const res = await reader.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=100`);
      assert.equal(res.status, 200);
      const roots = res.body.chunk.filter((e: any) => e.unsigned['m.relations']?.['m.thread']);
      assert.ok(roots.length > 0);
      for (const root of roots) assert.ok(root.unsigned['m.relations']['m.thread'].latest_event.unsigned['m.relations']['m.replace']);
    });
  }

  async function initialSyncCost(reader: TestUser): Promise<number> {
    // Push evaluation and delivery run after each send; their statements must not land in the count.
    await ctx.server.deps.push.idle();
    await ctx.server.deps.pushers?.idle();
    return countQueries(async () => {
      const res = await reader.api.get(`/sync?timeout=0&filter=${r(JSON.stringify({ room: { timeline: { limit: 100 } } }))}`);
      assert.equal(res.status, 200);
    });
  }

  test('/messages and /sync with 2 threads cost what they cost with 8', async (t: TestContext) => {
    // Bob reads a room with 2 threads, carol one with 8; each has no other room.
    const few = await roomWithThreads(2, bob);
    const many = await roomWithThreads(8, carol);
    const fewMessages = await messagesCost(bob, few);
    const manyMessages = await messagesCost(carol, many);
    // The first sync of a device reads and caches more (filters, keys): compare the second ones.
    await initialSyncCost(bob);
    await initialSyncCost(carol);
    const fewSync = await initialSyncCost(bob);
    const manySync = await initialSyncCost(carol);
    t.diagnostic(`[${ctx.kind}] /messages: ${fewMessages} queries with 2 threads, ${manyMessages} with 8; initial /sync: ${fewSync} and ${manySync}`);
    assert.equal(manyMessages, fewMessages);
    assert.equal(manySync, fewSync);
  });
});
