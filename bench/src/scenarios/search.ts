import { mapLimit } from '../core/mapLimit.ts';
import { percentiles } from '../core/percentiles.ts';
import { markdownTable, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import { seedDataset } from '../seed/seed.ts';
import { ParleyTarget, ensureParleyBuilt } from '../targets/ParleyTarget.ts';
import type { ScenarioContext } from './ScenarioContext.ts';

/** S9: POST /search (room_events, newest first) for a common, a medium and a rare term over the seeded messages. */
export async function search(ctx: ScenarioContext): Promise<number> {
  const missing = await ensureParleyBuilt();
  if (missing) {
    writeTable('search', `search: not available (${missing})\n`);
    return 0;
  }
  const events = ctx.args.num('events', 1_000_000);
  const { dir, meta } = await seedDataset(ctx, events, ctx.args.str('data-dir', '') || undefined);
  const requests = ctx.args.num('requests', 200);
  const t = new ParleyTarget('sqlite');
  await t.start(dir);
  const rows: Cell[][] = [];
  try {
    const api = t.api!;
    const body = (term: string): unknown => ({ search_categories: { room_events: { search_term: term, order_by: 'recent', filter: { limit: 20 } } } });
    const [status, j] = await api.call('POST', '/search', meta.accessToken, body(meta.terms.common));
    if (status !== 200) {
      const why = `not available (POST /search answered ${status} ${String(j.errcode ?? '')})`;
      ctx.log(`search: ${why}`);
      rows.push(['parley', meta.events, '—', why, null, null, null, null]);
    } else {
      for (const [cls, term] of Object.entries(meta.terms)) {
        for (const concurrency of [1, 32]) {
          const lat: number[] = [];
          const t0 = performance.now();
          await mapLimit(Array.from({ length: requests }), concurrency, async () => {
            const s = performance.now();
            await api.ok('POST', '/search', meta.accessToken, body(term));
            lat.push(performance.now() - s);
          });
          const rps = (requests / (performance.now() - t0)) * 1000;
          const p = percentiles(lat);
          rows.push(['parley', meta.events, `${cls} "${term}"`, concurrency, p.p50, p.p99, p.max, rps]);
          appendResult('search', {
            scenario: 'search',
            runId: ctx.runId,
            at: new Date().toISOString(),
            target: 'parley',
            machine: ctx.machine,
            events: meta.events,
            term,
            class: cls,
            concurrency,
            latencyMs: p,
            requestsPerSec: rps,
          });
        }
      }
    }
  } finally {
    await t.stop();
  }
  ctx.log('\n' + writeTable('search', markdownTable(['target', 'messages', 'term', 'concurrency', 'p50 ms', 'p99 ms', 'max ms', 'requests/s'], rows)));
  return 0;
}
