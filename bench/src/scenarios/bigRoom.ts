import { singleRoom } from '../core/topology.ts';
import { writeTable } from '../report/writeResults.ts';
import type { ScenarioContext } from './ScenarioContext.ts';
import { rampRows, rampTable } from './maxRate.ts';

/** S4: one room of N online members; highest deliveries/s at p99 <= 250 ms (default N = 5,000; --users to reduce). */
export async function bigRoom(ctx: ScenarioContext): Promise<number> {
  const rows = await rampRows(ctx, 'big-room', { users: 5000, rooms: 1, perUser: 1, start: 1, factor: 1.5, maxRate: 5000, p99: 250, warmupS: 5, measureS: 15, maxSteps: 20 }, (u) =>
    singleRoom(u),
  );
  ctx.log('\n' + writeTable('big-room', rampTable(rows)));
  return 0;
}
