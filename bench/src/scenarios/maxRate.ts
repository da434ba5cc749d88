import { LoadSession, type StepResult } from '../core/LoadSession.ts';
import { topology } from '../core/topology.ts';
import { markdownTable, ratio, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import { DEFAULT_TARGETS } from '../targets/targetByName.ts';
import type { ScenarioContext } from './ScenarioContext.ts';
import { forEachTarget } from './withTarget.ts';

export interface MaxRateRow {
  target: string;
  durable: boolean;
  best?: StepResult;
  stoppedBy?: string;
  steps: number;
  missing?: string;
}

/** Why a step fails the sustained-rate criteria, or undefined when it passes. */
export function stepFailure(r: StepResult, p99BoundMs: number): string | undefined {
  if (!r.valid) return `invalid: ${r.invalidReason}`;
  if (r.lost > 0) return `loss ${r.lost}`;
  if (r.sendErrors > 0) return `${r.sendErrors} send errors`;
  if (r.latencyMs.p99 > p99BoundMs) return `p99 ${r.latencyMs.p99} ms > ${p99BoundMs} ms`;
  return undefined;
}

/**
 * Steps the offered rate up (×factor) on one connected topology until p99 exceeds the bound,
 * anything is lost, or the driver saturates; reports the highest passing rate. `members`
 * = 1 room of N gives big-room.
 */
export async function rampRows(
  ctx: ScenarioContext,
  scenario: string,
  d: { users: number; rooms: number; perUser: number; start: number; factor: number; maxRate: number; p99: number; warmupS: number; measureS: number; maxSteps: number },
  topoOf: (users: number, rooms: number, perUser: number) => ReturnType<typeof topology>,
): Promise<MaxRateRow[]> {
  const a = ctx.args;
  const users = a.num('users', d.users);
  const rooms = a.num('rooms', d.rooms);
  const perUser = a.num('per-user', d.perUser);
  const bound = a.num('p99', d.p99);
  const factor = a.num('factor', d.factor);
  const maxRate = a.num('max-rate', d.maxRate);
  const maxSteps = a.num('max-steps', d.maxSteps);
  const retries = a.num('retries', 2);
  const timing = { warmupS: a.num('warmup', d.warmupS), measureS: a.num('measure', d.measureS), drainS: a.num('drain', 5) };
  const topo = topoOf(users, rooms, perUser);
  const avgMembers = topo.members.reduce((s, m) => s + m.length, 0) / topo.rooms;
  ctx.log(
    `${scenario}: ${users} users, ${topo.rooms} rooms (avg ${avgMembers.toFixed(1)} members); rate from ${a.num('start', d.start)} ×${factor} until p99 > ${bound} ms or loss`,
  );
  const rows: MaxRateRow[] = [];
  await forEachTarget(
    ctx,
    a.list('targets', DEFAULT_TARGETS),
    async (target) => {
      const session = await LoadSession.open(target, topo, ctx.log);
      const row: MaxRateRow = { target: target.name, durable: target.durable, steps: 0 };
      try {
        for (let rate = a.num('start', d.start); row.steps < maxSteps && rate <= maxRate; rate = Math.round(rate * factor)) {
          let r = await session.step({ rate, ...timing });
          // Invalid because other tenants loaded the driver core (not the driver itself): retry the rate.
          for (let retry = 0; retry < retries && !r.valid && r.driverCpuBusy < 0.5; retry++) {
            ctx.log(`  ${rate} msgs/s: invalid (${r.invalidReason}); retrying`);
            r = await session.step({ rate, ...timing, seed: 100 + retry });
          }
          row.steps++;
          const fail = stepFailure(r, bound);
          ctx.log(
            `  ${rate} msgs/s: ${r.deliveriesPerSec.toFixed(0)} deliveries/s p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99} ms lost ${r.lost} CPU-µs/delivery ${r.cpuMicrosPerDelivery?.toFixed(1)} server core ${(r.serverCoreBusy * 100).toFixed(0)}% driver core ${(r.driverCoreBusy * 100).toFixed(0)}% (own ${(r.driverCpuBusy * 100).toFixed(0)}%) ${fail ? '-> stop: ' + fail : 'ok'}`,
          );
          appendResult(scenario, {
            scenario,
            runId: ctx.runId,
            at: new Date().toISOString(),
            target: target.name,
            durable: target.durable,
            notes: target.notes,
            params: { users, rooms: topo.rooms, perUser, avgMembers, rate, p99BoundMs: bound, ...timing },
            machine: ctx.machine,
            setup: session.setup,
            passed: !fail,
            result: r,
          });
          if (fail) {
            row.stoppedBy = `${rate} msgs/s: ${fail}`;
            break;
          }
          row.best = r;
        }
        if (!row.stoppedBy) row.stoppedBy = 'step limit reached (raise --max-rate/--max-steps)';
      } finally {
        session.close();
      }
      rows.push(row);
    },
    (name, missing) => rows.push({ target: name, durable: false, steps: 0, missing }),
  );
  return rows;
}

export function rampTable(rows: readonly MaxRateRow[]): string {
  const floor = rows.find((r) => r.target === 'floor')?.best;
  const body: Cell[][] = rows.map((row) => {
    const b = row.best;
    if (row.missing) return [row.target, '', `not available: ${row.missing}`, null, null, null, null, null, null, null];
    return [
      row.target,
      row.durable ? 'yes' : 'no',
      b ? b.offeredRate : 'none passed',
      b?.deliveriesPerSec,
      b?.latencyMs.p50,
      b?.latencyMs.p99,
      b?.cpuMicrosPerDelivery,
      row.target === 'floor' ? '×1' : ratio(b?.deliveriesPerSec, floor?.deliveriesPerSec),
      row.stoppedBy,
      b ? `${(b.driverCoreBusy * 100).toFixed(0)}%` : null,
    ];
  });
  return markdownTable(
    ['target', 'durable', 'max sustained msgs/s', 'deliveries/s', 'p50 ms', 'p99 ms', 'server CPU-µs/delivery', 'deliveries/s vs floor', 'next step failed at', 'driver core'],
    body,
  );
}

export async function maxRate(ctx: ScenarioContext): Promise<number> {
  const rows = await rampRows(
    ctx,
    'max-rate',
    { users: 1000, rooms: 200, perUser: 10, start: 50, factor: 1.5, maxRate: 20000, p99: 100, warmupS: 5, measureS: 15, maxSteps: 14 },
    (u, r, p) => topology(u, r, p),
  );
  ctx.log('\n' + writeTable('max-rate', rampTable(rows)));
  return 0;
}
