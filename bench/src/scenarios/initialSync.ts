import { Client } from 'undici';
import path from 'node:path';
import { percentiles } from '../core/percentiles.ts';
import { markdownTable, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import type { SeededSession } from '../seed/BulkWriter.ts';
import { ParleyTarget, ensureParleyBuilt } from '../targets/ParleyTarget.ts';
import { workDir } from '../targets/workDir.ts';
import type { ScenarioContext } from './ScenarioContext.ts';

/** The filter a client would use for a first sync: timeline limit 10, lazy-loaded members. */
const FILTER = JSON.stringify({ room: { timeline: { limit: 10 }, state: { lazy_load_members: true } } });

/**
 * S7: a user in R rooms (each with 3 messages) does an initial /sync (no since).
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
    // One data dir holding, for each size R, a user `is<R>` in R rooms of 3 messages each,
    // written in-process by the bulk writer (createRoom and sendEvent actions) before the server starts.
    const dir = path.join(workDir('parley-initial-sync'), 'data');
    const { BulkWriter } = await import('../seed/BulkWriter.ts');
    const writer = await BulkWriter.open({ dataDir: dir });
    const sessions = new Map<number, SeededSession>();
    try {
      for (const r of sizes) {
        const started = performance.now();
        const [s] = await writer.registerUsers([`is${r}`], `pw-is-bench`);
        const auth = await writer.auth(s!);
        const roomIds = await writer.createRooms(Array.from({ length: r }, () => auth));
        for (const id of roomIds) await writer.sendMessages(auth, id, 0, 3, (k) => `message ${k} in a room of the initial-sync benchmark`, { txnPrefix: 'm' });
        sessions.set(r, s!);
        ctx.log(`initial-sync: user in ${r} rooms prepared in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
    } finally {
      await writer.close();
    }
    const t = new ParleyTarget('sqlite');
    await t.start(dir);
    try {
      const api = t.api!;
      for (const r of sizes) {
        const s = sessions.get(r)!;
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
