import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import type { TestUser } from '../../support/client.ts';
import { createRoom, sendText } from '../../support/factories.ts';
import { searchAs } from './searchAs.ts';

const word = (): string => `p${randomBytes(5).toString('hex')}`;

/** Every match of `term` newest first, paging 7 at a time: the event IDs, and the count of the first page. */
async function pageAll(user: TestUser, term: string): Promise<{ ids: string[]; count: number }> {
  const ids: string[] = [];
  let count = -1;
  let next: string | undefined;
  do {
    const res = await searchAs(user, { search_term: term, order_by: 'recent', filter: { limit: 7 } }, next);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const re = res.body.search_categories.room_events;
    if (count < 0) count = re.count;
    ids.push(...re.results.map((x: any) => x.result.event_id));
    next = re.next_batch;
  } while (next !== undefined);
  return { ids, count };
}

// Newest first, PostgreSQL leaves words its statistics list to the planner (which walks
// the stream index) and reads any other word, when the GIN index finds few matches, by
// sorting them all (see storage/repos/search.ts). Both plans must give the same pages.
onEachDatabase('POST /search plans', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);

  test("newest first pages alike through the GIN plan and the planner's own", async () => {
    const common = word();
    const rare = word();
    const roomId = await createRoom(alice);
    const sent: Array<{ id: string; rare: boolean }> = [];
    for (let i = 0; i < 40; i++) {
      const withRare = i % 3 === 1;
      sent.push({ id: await sendText(alice, roomId, `${common} ${withRare ? rare : 'plain'} message ${i}`), rare: withRare });
    }
    const newestFirst = [...sent].reverse();
    const expected = {
      [common]: newestFirst.map((s) => s.id),
      [rare]: newestFirst.filter((s) => s.rare).map((s) => s.id),
      [`${common} ${rare}`]: newestFirst.filter((s) => s.rare).map((s) => s.id),
      [word()]: [],
    };
    const check = async (): Promise<void> => {
      for (const [term, ids] of Object.entries(expected)) {
        const all = await pageAll(alice, term);
        assert.deepEqual(all.ids, ids, term);
        assert.equal(all.count, ids.length, term);
      }
    };
    // Without statistics PostgreSQL takes the GIN plan for every word with few matches.
    await check();
    await sql`ANALYZE`.execute(ctx.server.deps.database.db);
    if (ctx.kind === 'postgres') {
      // With them, words they list (here both) are left to the planner's own plan.
      const stats = await sql<{ elems: string[] }>`
        SELECT most_common_elems::text::text[] AS elems FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'events' AND attname = 'search_tsv'`.execute(
        ctx.server.deps.database.db,
      );
      const elems = stats.rows[0]?.elems ?? [];
      assert.ok(elems.includes(common) && elems.includes(rare), 'ANALYZE lists both words');
    }
    await check();
  });
});
