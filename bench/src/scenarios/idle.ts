import { mapLimit } from '../core/mapLimit.ts';
import { sleep } from '../core/sleep.ts';
import { topology } from '../core/topology.ts';
import { withTimeout } from '../core/withTimeout.ts';
import { readNofile, serverNofileLimit } from '../measure/limits.ts';
import { kernelTcpBytes, procTree, treeCpuMicros, treePssBytes, treeRssBytes } from '../measure/procTree.ts';
import { markdownTable, ratio, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import type { ChatClient, ClientHealth } from '../targets/Target.ts';
import type { ScenarioContext } from './ScenarioContext.ts';
import { forEachTarget } from './withTarget.ts';

export interface IdlePoint {
  /** Users asked for at this step, and how many were connected and joined when measured. */
  requested: number;
  users: number;
  connectFailures: number;
  joinFailures: number;
  firstFailure?: string;
  connectS: number;
  joinS: number;
  rssBytes: number;
  pssBytes: number;
  kernelTcpBytes: number;
  idleCpuPercent: number;
  /** Connections the server closed after connect, Matrix /sync errors: totals since the start. */
  disconnects: number;
  syncErrors: number;
  /** Matrix: /sync answers during the CPU window, per user per minute (an idle long-poll: ~2). */
  syncsPerUserPerMin?: number;
  driverRssBytes: number;
  driverHeapBytes: number;
  driverCpuPercent: number;
}

export interface IdleRow {
  target: string;
  points: IdlePoint[];
  stoppedBy?: string;
  missing?: string;
}

/** Sum of every client's health counters. */
function health(clients: readonly ChatClient[]): Required<ClientHealth> {
  const h = { disconnects: 0, syncErrors: 0, syncs: 0 };
  for (const c of clients) {
    const x = c.health?.();
    if (!x) continue;
    h.disconnects += x.disconnects;
    h.syncErrors += x.syncErrors ?? 0;
    h.syncs += x.syncs ?? 0;
  }
  return h;
}

/**
 * Connects (3 attempts each) and joins `fresh`; returns the clients that made it and the
 * failures, so a target that refuses some connections is measured at what it holds.
 */
async function connectAll(
  fresh: ChatClient[],
  roomsOf: (i: number) => readonly number[],
  concurrency: number,
  serverAlive: () => boolean,
): Promise<{ ok: ChatClient[]; connectFailures: number; joinFailures: number; firstFailure?: string; connectS: number; joinS: number }> {
  let firstFailure: string | undefined;
  const up = new Array<boolean>(fresh.length).fill(false);
  let connectFailures = 0;
  let joinFailures = 0;
  let t = performance.now();
  await mapLimit(fresh, concurrency, async (c, i) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await withTimeout(c.connect(), 60_000, 'connect');
        up[i] = true;
        return;
      } catch (e) {
        c.close();
        if (attempt >= 3 || !serverAlive()) {
          connectFailures++;
          firstFailure ??= `connect: ${(e as Error).message}`;
          return;
        }
        await sleep(500 * attempt);
      }
    }
  });
  const connectS = (performance.now() - t) / 1000;
  t = performance.now();
  await mapLimit(fresh, concurrency, async (c, i) => {
    if (!up[i]) return;
    try {
      await withTimeout(c.join(roomsOf(i)), 60_000, 'join');
    } catch (e) {
      up[i] = false;
      joinFailures++;
      firstFailure ??= `join: ${(e as Error).message}`;
      c.close();
    }
  });
  return { ok: fresh.filter((_, i) => up[i]), connectFailures, joinFailures, firstFailure, connectS, joinS: (performance.now() - t) / 1000 };
}

/**
 * S1: N connected, authenticated, joined and idle users (Matrix: a /sync long-poll each,
 * re-issued when it returns). RSS/PSS of the server tree at each N after settling; KB per
 * user = RSS slope; idle CPU over a window; the driver's own RSS and CPU beside it. Steps
 * above what the open-files limits allow (driver and server each hold one socket per user)
 * are capped, and the cap is recorded.
 */
export async function idle(ctx: ScenarioContext): Promise<number> {
  const a = ctx.args;
  const requested = a
    .list('steps', ['0', '500', '1000'])
    .map(Number)
    .sort((x, y) => x - y);
  if (requested[0] !== 0) requested.unshift(0);
  const reserve = a.num('fd-reserve', 500);
  const cap = Math.min(readNofile().soft, serverNofileLimit()) - reserve;
  const steps = [...new Set(requested.map((n) => Math.min(n, cap)))];
  const capped = requested.filter((n) => n > cap);
  const capNote = capped.length
    ? `${capped.join(', ')} users cannot be held: open-files limit ${readNofile().soft} for the driver and ${serverNofileLimit()} for the server (one socket per user each; ${reserve} kept for the rest), so the top step is ${cap}`
    : undefined;
  const maxN = steps[steps.length - 1]!;
  const settleS = a.num('settle', 20);
  const windowS = a.num('window', 20);
  const concurrency = a.num('concurrency', 100);
  const topo = topology(maxN, Math.max(1, Math.ceil(maxN / 50)), 1);
  const rows: IdleRow[] = [];
  ctx.log(`idle: steps ${steps.join(', ')} users, settle ${settleS} s, CPU window ${windowS} s, connect concurrency ${concurrency}`);
  if (capNote) ctx.log(`idle: ${capNote}`);
  await forEachTarget(
    ctx,
    a.list('targets', ['floor', 'ngircd', 'inspircd', 'prosody', 'parley']),
    async (target) => {
      await target.prepare(topo);
      const pids = target.serverPids();
      const clients: ChatClient[] = [];
      let next = 0;
      const row: IdleRow = { target: target.name, points: [] };
      try {
        for (const n of steps) {
          const fresh: ChatClient[] = [];
          const base = next;
          for (; next < n; next++) fresh.push(target.client(next, () => undefined));
          const r = await connectAll(
            fresh,
            (i) => topo.roomsOf[base + i]!,
            concurrency,
            () => procTree(target.serverPids()).length > 0,
          );
          if (procTree(target.serverPids()).length === 0) throw new Error(`the server exited while ${n} users connected (${r.firstFailure ?? 'no client error'})`);
          clients.push(...r.ok);
          await sleep(settleS * 1000);
          const pidsNow = target.serverPids().length ? target.serverPids() : pids;
          const h0 = health(clients);
          const c0 = treeCpuMicros(pidsNow);
          const d0 = process.cpuUsage();
          const t0 = performance.now();
          await sleep(windowS * 1000);
          const ms = performance.now() - t0;
          const cpu = (treeCpuMicros(pidsNow) - c0) / (ms * 1000);
          const d = process.cpuUsage(d0);
          const h1 = health(clients);
          const mem = process.memoryUsage();
          const failures = fresh.length - r.ok.length;
          const p: IdlePoint = {
            requested: n,
            users: clients.length,
            connectFailures: r.connectFailures,
            joinFailures: r.joinFailures,
            ...(r.firstFailure ? { firstFailure: r.firstFailure.slice(0, 300) } : {}),
            connectS: r.connectS,
            joinS: r.joinS,
            rssBytes: treeRssBytes(pidsNow),
            pssBytes: treePssBytes(pidsNow),
            kernelTcpBytes: kernelTcpBytes(),
            idleCpuPercent: cpu * 100,
            disconnects: h1.disconnects,
            syncErrors: h1.syncErrors,
            ...(target.protocol === 'matrix' && clients.length ? { syncsPerUserPerMin: (h1.syncs - h0.syncs) / clients.length / (ms / 60_000) } : {}),
            driverRssBytes: mem.rss,
            driverHeapBytes: mem.heapUsed,
            driverCpuPercent: ((d.user + d.system) / (ms * 1000)) * 100,
          };
          row.points.push(p);
          ctx.log(
            `  ${p.users}/${n} users (connect ${p.connectS.toFixed(1)} s, join ${p.joinS.toFixed(1)} s; failed connect ${p.connectFailures}, join ${p.joinFailures}${
              p.firstFailure ? `: ${p.firstFailure}` : ''
            }): RSS ${(p.rssBytes / 2 ** 20).toFixed(1)} MB, PSS ${(p.pssBytes / 2 ** 20).toFixed(1)} MB, idle CPU ${p.idleCpuPercent.toFixed(2)}%, kernel TCP ${(
              p.kernelTcpBytes /
              2 ** 20
            ).toFixed(1)} MB; disconnects ${p.disconnects}, sync errors ${p.syncErrors}${
              p.syncsPerUserPerMin !== undefined ? `, ${p.syncsPerUserPerMin.toFixed(2)} syncs/user/min` : ''
            }; driver RSS ${(p.driverRssBytes / 2 ** 20).toFixed(0)} MB, CPU ${p.driverCpuPercent.toFixed(1)}%`,
          );
          if (failures > Math.max(10, fresh.length * 0.01)) {
            row.stoppedBy = `${failures} of ${fresh.length} users failed to connect or join at step ${n}: ${r.firstFailure ?? ''}`.slice(0, 300);
            ctx.log(`  stop: ${row.stoppedBy}`);
            break;
          }
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
        params: { requestedSteps: requested, steps, settleS, windowS, concurrency, rooms: topo.rooms, ...(capNote ? { capped: capNote } : {}) },
        points: row.points,
        ...(row.stoppedBy ? { stoppedBy: row.stoppedBy } : {}),
      });
    },
    (name, missing) => rows.push({ target: name, points: [], missing }),
  );
  ctx.log('\n' + writeTable('idle', idleTable(rows, capNote)));
  return 0;
}

/** One line per target and N: RSS, slope from N = 0, idle CPU, kernel TCP, driver cost, failures. */
export function idleTable(rows: readonly IdleRow[], capNote?: string): string {
  const slope = (r: IdleRow, p: IdlePoint): number | null => {
    const zero = r.points[0];
    return zero && p.users > zero.users ? (p.rssBytes - zero.rssBytes) / 1024 / (p.users - zero.users) : null;
  };
  // The driver's RSS slope from its first non-zero step (its RSS at 0 users still holds what prepare allocated).
  const driverSlope = (r: IdleRow, p: IdlePoint): number | null => {
    const b = r.points.find((x) => x.users > 0);
    return b && p.users > b.users ? (p.driverRssBytes - b.driverRssBytes) / 1024 / (p.users - b.users) : null;
  };
  const floor = rows.find((r) => r.target === 'floor');
  const body: Cell[][] = [];
  for (const r of rows) {
    if (!r.points.length) {
      body.push([r.target, `not available: ${r.missing}`, null, null, null, null, null, null, null, null, null]);
      continue;
    }
    for (const p of r.points) {
      const fp = floor?.points.find((x) => x.requested === p.requested);
      const failures = [
        p.connectFailures ? `${p.connectFailures} connect` : '',
        p.joinFailures ? `${p.joinFailures} join` : '',
        p.disconnects ? `${p.disconnects} dropped` : '',
        p.syncErrors ? `${p.syncErrors} sync errors` : '',
      ]
        .filter(Boolean)
        .join(', ');
      body.push([
        r.target,
        p.users === p.requested ? p.users : `${p.users} of ${p.requested}`,
        p.rssBytes / 2 ** 20,
        slope(r, p),
        r.target === 'floor' ? (slope(r, p) !== null ? '×1' : null) : ratio(slope(r, p), floor && fp ? slope(floor, fp) : null),
        p.idleCpuPercent,
        p.kernelTcpBytes / 2 ** 20,
        p.syncsPerUserPerMin,
        driverSlope(r, p),
        p.driverCpuPercent,
        failures || (r.stoppedBy && p === r.points[r.points.length - 1] ? r.stoppedBy : 'none'),
      ]);
    }
  }
  const table = markdownTable(
    [
      'target',
      'users',
      'server RSS (MB)',
      'KB per idle user (RSS slope from 0)',
      'vs floor',
      'idle CPU %',
      'kernel TCP (MB, all sockets)',
      'syncs/user/min',
      'driver KB per user (RSS slope)',
      'driver CPU %',
      'failures',
    ],
    body,
  );
  return capNote ? `${table}\nCapped: ${capNote}.\n` : table;
}
