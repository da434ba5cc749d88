import { LoadSession, type StepResult } from '../core/LoadSession.ts';
import { topology } from '../core/topology.ts';
import { markdownTable, ratio, type Cell } from '../report/markdownTable.ts';
import { appendResult, writeTable } from '../report/writeResults.ts';
import { DEFAULT_TARGETS } from '../targets/targetByName.ts';
import type { ScenarioContext } from './ScenarioContext.ts';
import { forEachTarget } from './withTarget.ts';

export interface TeamChatRow {
  target: string;
  durable: boolean;
  result?: StepResult;
  repeats?: number;
  missing?: string;
}

/** The step with the median p99, among valid steps when there are any (loss always surfaces: the worst loss wins ties). */
export function medianStep(results: readonly StepResult[]): StepResult | undefined {
  const pool = results.some((r) => r.valid) ? results.filter((r) => r.valid) : [...results];
  const lossy = pool.filter((r) => r.lost > 0);
  if (lossy.length) return lossy.sort((a, b) => b.lost - a.lost)[0];
  const sorted = [...pool].sort((a, b) => a.latencyMs.p99 - b.latencyMs.p99);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

export interface TeamChatDefaults {
  scenario: string;
  users: number;
  rooms: number;
  perUser: number;
  rate: number;
  warmupS: number;
  measureS: number;
  drainS: number;
  targets: readonly string[];
}

/** S2: online users in rooms of ~50, Poisson sends at a fixed rate; send->deliver percentiles and CPU per delivery. */
export async function teamChatRows(ctx: ScenarioContext, d: TeamChatDefaults): Promise<TeamChatRow[]> {
  const a = ctx.args;
  const users = a.num('users', d.users);
  const rooms = a.num('rooms', d.rooms);
  const perUser = a.num('per-user', d.perUser);
  const step = { rate: a.num('rate', d.rate), warmupS: a.num('warmup', d.warmupS), measureS: a.num('measure', d.measureS), drainS: a.num('drain', d.drainS) };
  const repeat = a.num('repeat', 1);
  const topo = topology(users, rooms, perUser);
  const avgMembers = topo.members.reduce((s, m) => s + m.length, 0) / rooms;
  ctx.log(`${d.scenario}: ${users} users, ${rooms} rooms (avg ${avgMembers.toFixed(1)} members), ${step.rate} msgs/s, warm-up ${step.warmupS} s, measure ${step.measureS} s`);
  const rows: TeamChatRow[] = [];
  await forEachTarget(
    ctx,
    a.list('targets', d.targets),
    async (target) => {
      const session = await LoadSession.open(target, topo, ctx.log);
      const results: StepResult[] = [];
      try {
        for (let i = 0; i < repeat; i++) {
          const r = await session.step({ ...step, seed: 7 + i });
          results.push(r);
          ctx.log(
            `  sent ${r.sent} delivered ${r.delivered}/${r.expected} lost ${r.lost} dup ${r.duplicates} p50 ${r.latencyMs.p50} p99 ${r.latencyMs.p99} ms, ${r.cpuMicrosPerDelivery?.toFixed(1)} CPU-µs/delivery, other load on server core ${(r.foreignServerCoreBusy * 100).toFixed(0)}%, driver core ${(r.driverCoreBusy * 100).toFixed(0)}%${r.valid ? '' : ' INVALID: ' + r.invalidReason}`,
          );
          appendResult(d.scenario, {
            scenario: d.scenario,
            runId: ctx.runId,
            at: new Date().toISOString(),
            target: target.name,
            durable: target.durable,
            notes: target.notes,
            params: { users, rooms, perUser, avgMembers, ...step, repeat: i + 1 },
            machine: ctx.machine,
            setup: session.setup,
            result: r,
          });
        }
      } finally {
        session.close();
      }
      rows.push({ target: target.name, durable: target.durable, result: medianStep(results), repeats: results.length });
    },
    (name, missing) => rows.push({ target: name, durable: false, missing }),
  );
  return rows;
}

export function teamChatTable(rows: readonly TeamChatRow[]): string {
  const floor = rows.find((r) => r.target === 'floor')?.result;
  const body: Cell[][] = rows.map((row) => {
    const r = row.result;
    if (!r) return [row.target, '', '', `not available: ${row.missing}`, ...Array<Cell>(14).fill(null)];
    return [
      row.target,
      row.durable ? 'yes' : 'no',
      row.repeats ?? 1,
      `${r.delivered}/${r.expected}`,
      r.lost,
      r.duplicates,
      r.reordered,
      r.latencyMs.p50,
      r.latencyMs.p90,
      r.latencyMs.p99,
      r.latencyMs.p999,
      r.latencyMs.max,
      r.deliveriesPerSec,
      r.cpuMicrosPerDelivery,
      row.target === 'floor' ? '×1' : ratio(r.latencyMs.p99, floor?.latencyMs.p99),
      row.target === 'floor' ? '×1' : ratio(r.cpuMicrosPerDelivery, floor?.cpuMicrosPerDelivery),
      `${(r.foreignServerCoreBusy * 100).toFixed(0)}%`,
      r.valid ? `${(r.driverCoreBusy * 100).toFixed(0)}%` : `INVALID (${r.invalidReason})`,
    ];
  });
  return markdownTable(
    [
      'target',
      'durable',
      'runs',
      'delivered',
      'lost',
      'dup',
      'reord',
      'p50 ms',
      'p90 ms',
      'p99 ms',
      'p99.9 ms',
      'max ms',
      'deliveries/s',
      'server CPU-µs/delivery',
      'p99 vs floor',
      'CPU/delivery vs floor',
      'other load on server core',
      'driver core',
    ],
    body,
  );
}

export async function teamChat(ctx: ScenarioContext): Promise<number> {
  const rows = await teamChatRows(ctx, {
    scenario: 'team-chat',
    users: 1000,
    rooms: 200,
    perUser: 10,
    rate: 50,
    warmupS: 10,
    measureS: 30,
    drainS: 10,
    targets: DEFAULT_TARGETS,
  });
  ctx.log('\n' + writeTable('team-chat', teamChatTable(rows)));
  return 0;
}
