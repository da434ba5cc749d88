import path from 'node:path';
import { sleep } from '../core/sleep.ts';
import { markdownTable, ratio, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import { MatrixApi } from '../targets/MatrixApi.ts';
import { ParleyTarget } from '../targets/ParleyTarget.ts';
import { freePort, spawnPinned } from '../targets/spawnPinned.ts';
import { makeTarget, targetMissing } from '../targets/targetByName.ts';
import type { Target } from '../targets/Target.ts';
import { workDir } from '../targets/workDir.ts';
import { seedDataset } from '../seed/seed.ts';
import type { ScenarioContext } from './ScenarioContext.ts';

interface ColdRow {
  target: string;
  dataset: string;
  samples: number[];
  missing?: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};
const p90 = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.9))] ?? NaN;
};

/** Exec to first authenticated round trip for Parley: GET /capabilities with a stored token, polled every 5 ms. */
async function parleyColdStart(dataDir: string, token: string, runs: number): Promise<number[]> {
  const t = new ParleyTarget('sqlite');
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = workDir('parley-cold');
    t.port = await freePort();
    const { args, env } = await t.launchSpec(dataDir);
    const t0 = performance.now();
    const proc = spawnPinned(process.execPath, args, { env, cwd: dir, logFile: path.join(dir, 'server.log') });
    const api = new MatrixApi(`http://127.0.0.1:${t.port}`, 1);
    try {
      for (;;) {
        if (proc.child.exitCode !== null) throw new Error(`parley exited during cold start (see ${dir}/server.log)`);
        if (performance.now() - t0 > 60_000) throw new Error('parley did not answer within 60 s');
        const ok = await api.call('GET', '/capabilities', token).then(
          ([s]) => s === 200,
          () => false,
        );
        if (ok) break;
        await sleep(5);
      }
      out.push(performance.now() - t0);
    } finally {
      await api.close().catch(() => undefined);
      await proc.stop();
    }
  }
  return out;
}

/** Peers: exec to first protocol round trip (IRC 001, XMPP bind, floor join ack), with prepare done before the clock starts. */
async function peerColdStart(target: Target, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const started = target.start();
    // start() itself polls the port every 5 ms; then one authenticated round trip.
    await started;
    await target.prepare({ users: 1, rooms: 1, members: [[0]], roomsOf: [[0]] });
    for (;;) {
      const c = target.client(0, () => undefined);
      const ok = await c.connect().then(
        async () => {
          await c.join([0]);
          return true;
        },
        () => false,
      );
      c.close();
      if (ok) break;
      if (performance.now() - t0 > 60_000) throw new Error('no round trip within 60 s');
      await sleep(5);
    }
    out.push(performance.now() - t0);
    await target.stop();
  }
  return out;
}

/** S6: exec to first authenticated round trip, empty database and one seeded with --events messages (the `seed` dataset; --events 0 skips it). */
export async function coldStart(ctx: ScenarioContext): Promise<number> {
  const runs = ctx.args.num('runs', 10);
  const names = ctx.args.list('targets', ['floor', 'ngircd', 'inspircd', 'prosody', 'parley']);
  const rows: ColdRow[] = [];
  for (const name of names) {
    const missing = await targetMissing(name);
    if (missing) {
      rows.push({ target: name, dataset: '', samples: [], missing });
      continue;
    }
    try {
      if (name === 'parley') {
        // Empty: a data dir holding one user (whose token the probe uses) and nothing else.
        const t = new ParleyTarget('sqlite');
        const emptyDir = path.join(workDir('parley-empty'), 'data');
        await t.start(emptyDir);
        const s = await t.api!.register('probe', 'probe-password-1');
        await t.stop();
        rows.push({ target: name, dataset: 'empty (1 user)', samples: await parleyColdStart(emptyDir, s.accessToken, runs) });
        // Seeded: the `seed` dataset of --events messages (default 1M; written first if missing, reused if present).
        const events = ctx.args.num('events', 1_000_000);
        if (events > 0) {
          const { dir, meta } = await seedDataset(ctx, events, ctx.args.str('data-dir', '') || undefined);
          rows.push({ target: name, dataset: `${meta.events} events`, samples: await parleyColdStart(dir, meta.accessToken, runs) });
        }
      } else {
        rows.push({ target: name, dataset: 'empty', samples: await peerColdStart(makeTarget(name), runs) });
      }
    } catch (e) {
      rows.push({ target: name, dataset: '', samples: [], missing: `failed: ${(e as Error).message}` });
    }
    const row = rows[rows.length - 1]!;
    ctx.log(`- ${name} ${row.dataset}: ${row.samples.length ? `median ${median(row.samples).toFixed(1)} ms` : row.missing}`);
  }
  const floor = rows.find((r) => r.target === 'floor' && r.samples.length);
  for (const r of rows)
    appendResult('cold-start', {
      scenario: 'cold-start',
      runId: ctx.runId,
      at: new Date().toISOString(),
      target: r.target,
      dataset: r.dataset,
      machine: ctx.machine,
      samplesMs: r.samples,
      medianMs: r.samples.length ? median(r.samples) : null,
      missing: r.missing,
    });
  const body: Cell[][] = rows.map((r) =>
    r.samples.length
      ? [r.target, r.dataset, r.samples.length, median(r.samples), p90(r.samples), r.target === 'floor' ? '×1' : ratio(median(r.samples), floor ? median(floor.samples) : null)]
      : [r.target, r.dataset, 0, null, null, r.missing],
  );
  ctx.log('\n' + writeTable('cold-start', markdownTable(['target', 'dataset', 'runs', 'median ms', 'p90 ms', 'vs floor'], body)));
  return 0;
}
