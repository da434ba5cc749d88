import { mapLimit } from '../core/mapLimit.ts';
import { sleep } from '../core/sleep.ts';
import { topology } from '../core/topology.ts';
import { kernelTcpBytes, treeCpuMicros, treeRssBytes } from '../measure/procTree.ts';
import { markdownTable, ratio, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import type { ChatClient } from '../targets/Target.ts';
import type { ScenarioContext } from './ScenarioContext.ts';
import { forEachTarget } from './withTarget.ts';

interface IdlePoint {
  users: number;
  rssBytes: number;
  kernelTcpBytes: number;
  idleCpuPercent: number;
}

interface IdleRow {
  target: string;
  points: IdlePoint[];
  missing?: string;
}

/**
 * S1: N connected, authenticated, joined and idle users (Matrix: a /sync long-poll each).
 * RSS of the server tree at each N after settling; KB per user = RSS slope; idle CPU over a window.
 */
export async function idle(ctx: ScenarioContext): Promise<number> {
  const a = ctx.args;
  const steps = a
    .list('steps', ['0', '500', '1000'])
    .map(Number)
    .sort((x, y) => x - y);
  if (steps[0] !== 0) steps.unshift(0);
  const maxN = steps[steps.length - 1]!;
  const settleS = a.num('settle', 20);
  const windowS = a.num('window', 20);
  const topo = topology(maxN, Math.max(1, Math.ceil(maxN / 50)), 1);
  const rows: IdleRow[] = [];
  ctx.log(`idle: steps ${steps.join(', ')} users, settle ${settleS} s, CPU window ${windowS} s`);
  await forEachTarget(
    ctx,
    a.list('targets', ['floor', 'ngircd', 'inspircd', 'prosody', 'parley']),
    async (target) => {
      await target.prepare(topo);
      const pids = target.serverPids();
      const clients: ChatClient[] = [];
      const row: IdleRow = { target: target.name, points: [] };
      try {
        for (const n of steps) {
          const fresh: ChatClient[] = [];
          for (let u = clients.length; u < n; u++) fresh.push(target.client(u, () => undefined));
          const base = clients.length;
          clients.push(...fresh);
          await mapLimit(fresh, 100, (c) => c.connect());
          await mapLimit(fresh, 100, (c, i) => c.join(topo.roomsOf[base + i]!));
          await sleep(settleS * 1000);
          const pidsNow = target.serverPids().length ? target.serverPids() : pids;
          const c0 = treeCpuMicros(pidsNow);
          const t0 = performance.now();
          await sleep(windowS * 1000);
          const cpu = (treeCpuMicros(pidsNow) - c0) / ((performance.now() - t0) * 1000);
          const p: IdlePoint = { users: n, rssBytes: treeRssBytes(pidsNow), kernelTcpBytes: kernelTcpBytes(), idleCpuPercent: cpu * 100 };
          row.points.push(p);
          ctx.log(`  ${n} users: RSS ${(p.rssBytes / 2 ** 20).toFixed(1)} MB, idle CPU ${p.idleCpuPercent.toFixed(2)}%, kernel TCP ${(p.kernelTcpBytes / 2 ** 20).toFixed(1)} MB`);
        }
      } finally {
        clients.forEach((c) => c.close());
      }
      rows.push(row);
      appendResult('idle', {
        scenario: 'idle',
        runId: ctx.runId,
        at: new Date().toISOString(),
        target: target.name,
        notes: target.notes,
        machine: ctx.machine,
        params: { steps, settleS, windowS },
        points: row.points,
      });
    },
    (name, missing) => rows.push({ target: name, points: [], missing }),
  );
  const slope = (r: IdleRow): number | null => {
    const first = r.points[0];
    const last = r.points[r.points.length - 1];
    return first && last && last.users > first.users ? (last.rssBytes - first.rssBytes) / 1024 / (last.users - first.users) : null;
  };
  const floor = rows.find((r) => r.target === 'floor');
  const body: Cell[][] = rows.map((r) => {
    if (!r.points.length) return [r.target, `not available: ${r.missing}`, null, null, null, null];
    const first = r.points[0]!;
    const last = r.points[r.points.length - 1]!;
    return [
      r.target,
      first.rssBytes / 2 ** 20,
      last.users,
      last.rssBytes / 2 ** 20,
      slope(r),
      r.target === 'floor' ? '×1' : ratio(slope(r), floor ? slope(floor) : null),
      last.idleCpuPercent,
    ];
  });
  ctx.log('\n' + writeTable('idle', markdownTable(['target', 'RSS at 0 users (MB)', 'users', 'RSS (MB)', 'KB per idle user', 'vs floor', 'idle CPU % at max users'], body)));
  return 0;
}
