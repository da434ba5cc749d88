import { mapLimit } from '../core/mapLimit.ts';
import { percentiles } from '../core/percentiles.ts';
import { markdownTable, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import { seedDataset } from '../seed/seed.ts';
import { ParleyTarget, ensureParleyBuilt } from '../targets/ParleyTarget.ts';
import type { ScenarioContext } from './ScenarioContext.ts';

/**
 * S8: /messages?dir=b&limit=50 in the seeded room. A sequential walk back from the newest
 * event collects page tokens (and times each page at concurrency 1); then random pages
 * among those depths are fetched at concurrency 1 and 32.
 */
export async function history(ctx: ScenarioContext): Promise<number> {
  const missing = await ensureParleyBuilt();
  if (missing) {
    ctx.log(`history: parley ${missing}`);
    writeTable('history', `history: not available (${missing})\n`);
    return 0;
  }
  const events = ctx.args.num('events', 1_000_000);
  const { dir, meta } = await seedDataset(ctx, events, ctx.args.str('data-dir', '') || undefined);
  const walkPages = Math.min(ctx.args.num('walk-pages', 2000), Math.ceil(meta.events / 50));
  const requests = ctx.args.num('requests', 2000);
  const t = new ParleyTarget('sqlite');
  await t.start(dir);
  const rows: Cell[][] = [];
  try {
    const api = t.api!;
    const path = (from?: string): string => `/rooms/${encodeURIComponent(meta.roomId)}/messages?dir=b&limit=50${from ? `&from=${encodeURIComponent(from)}` : ''}`;
    const [status] = await api.call('GET', path(), meta.accessToken);
    if (status !== 200) {
      writeTable('history', `history: not available (/messages answered ${status})\n`);
      return 0;
    }
    const tokens: string[] = [];
    const walk: number[] = [];
    let from: string | undefined;
    for (let p = 0; p < walkPages; p++) {
      const t0 = performance.now();
      const j = await api.ok('GET', path(from), meta.accessToken);
      walk.push(performance.now() - t0);
      if (typeof j.end !== 'string') break;
      from = j.end;
      tokens.push(from);
    }
    ctx.log(`history: walked ${walk.length} pages (${walk.length * 50} events deep)`);
    const random = async (concurrency: number): Promise<{ lat: number[]; rps: number }> => {
      const picks = Array.from({ length: requests }, () => tokens[Math.floor(Math.random() * tokens.length)]);
      const lat: number[] = [];
      const t0 = performance.now();
      await mapLimit(picks, concurrency, async (tok) => {
        const s = performance.now();
        await api.ok('GET', path(tok), meta.accessToken);
        lat.push(performance.now() - s);
      });
      return { lat, rps: (requests / (performance.now() - t0)) * 1000 };
    };
    await random(8); // warm-up
    const c1 = await random(1);
    const c32 = await random(32);
    const add = (label: string, lat: number[], rps: number | null): void => {
      const p = percentiles(lat);
      rows.push(['parley', meta.events, label, p.n, p.p50, p.p90, p.p99, p.max, rps]);
      appendResult('history', {
        scenario: 'history',
        runId: ctx.runId,
        at: new Date().toISOString(),
        target: 'parley',
        machine: ctx.machine,
        events: meta.events,
        mode: label,
        latencyMs: p,
        requestsPerSec: rps,
      });
    };
    add(`sequential walk, newest ${walk.length * 50} events`, walk, null);
    add(`random depth ≤ ${tokens.length * 50}, concurrency 1`, c1.lat, c1.rps);
    add(`random depth ≤ ${tokens.length * 50}, concurrency 32`, c32.lat, c32.rps);
  } finally {
    await t.stop();
  }
  const table = markdownTable(['target', 'room events', 'mode', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests/s'], rows);
  ctx.log('\n' + writeTable('history', table));
  return 0;
}
