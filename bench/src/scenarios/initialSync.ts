import { Client } from 'undici';
import { mapLimit } from '../core/mapLimit.ts';
import { percentiles } from '../core/percentiles.ts';
import { markdownTable, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import { ParleyTarget, ensureParleyBuilt } from '../targets/ParleyTarget.ts';
import type { ScenarioContext } from './ScenarioContext.ts';

/** The filter a client would use for a first sync: timeline limit 10, lazy-loaded members. */
const FILTER = JSON.stringify({ room: { timeline: { limit: 10 }, state: { lazy_load_members: true } } });

/**
 * S7: a user in R rooms (each with a few messages) does an initial /sync (no since).
 * Time is request to last byte on loopback (the driver reads and discards), bytes are the body size.
 */
export async function initialSync(ctx: ScenarioContext): Promise<number> {
  const missing = await ensureParleyBuilt();
  const sizes = ctx.args.list('rooms', ['10', '100', '1000']).map(Number);
  const repeats = ctx.args.num('repeats', 10);
  const rows: Cell[][] = [];
  if (missing) {
    ctx.log(`initial-sync: parley ${missing}`);
    sizes.forEach((r) => rows.push(['parley', r, `not available: ${missing}`, null, null, null, null]));
  } else {
    const t = new ParleyTarget('sqlite');
    await t.start();
    try {
      const api = t.api!;
      for (const r of sizes) {
        const s = await api.register(`is${r}`, `pw-is-${r}`);
        const started = performance.now();
        const roomIds = await mapLimit(Array.from({ length: r }), 8, () => api.createRoom(s.accessToken));
        await mapLimit(roomIds, 8, async (id) => {
          for (let k = 0; k < 3; k++)
            await api.ok('PUT', `/rooms/${encodeURIComponent(id)}/send/m.room.message/m${k}`, s.accessToken, {
              msgtype: 'm.text',
              body: `message ${k} in a room of the initial-sync benchmark`,
            });
        });
        ctx.log(`initial-sync: user in ${r} rooms prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        const client = new Client(api.origin, { pipelining: 1, bodyTimeout: 120_000, headersTimeout: 120_000 });
        const times: number[] = [];
        let bytes = 0;
        try {
          for (let i = 0; i < repeats + 1; i++) {
            const t0 = performance.now();
            const res = await client.request({
              method: 'GET',
              path: `/_matrix/client/v3/sync?filter=${encodeURIComponent(FILTER)}`,
              headers: { authorization: `Bearer ${s.accessToken}` },
            });
            let n = 0;
            for await (const chunk of res.body) n += (chunk as Buffer).length;
            if (res.statusCode !== 200) throw new Error(`initial sync answered ${res.statusCode}`);
            if (i > 0) times.push(performance.now() - t0); // first one warms caches
            bytes = n;
          }
        } finally {
          await client.close();
        }
        const p = percentiles(times);
        rows.push(['parley', r, p.n, p.p50, p.p90, p.max, bytes]);
        appendResult('initial-sync', {
          scenario: 'initial-sync',
          runId: ctx.runId,
          at: new Date().toISOString(),
          target: 'parley',
          machine: ctx.machine,
          rooms: r,
          latencyMs: p,
          bytes,
          filter: FILTER,
        });
        ctx.log(`initial-sync: ${r} rooms: median ${p.p50.toFixed(1)} ms, ${bytes} bytes`);
      }
    } finally {
      await t.stop();
    }
  }
  ctx.log('\n' + writeTable('initial-sync', markdownTable(['target', 'rooms', 'runs', 'median ms', 'p90 ms', 'max ms', 'response bytes'], rows)));
  return 0;
}
