import { DEFAULT_TARGETS } from '../targets/targetByName.ts';
import { writeTable } from '../report/writeResults.ts';
import type { ScenarioContext } from './ScenarioContext.ts';
import { teamChatRows, teamChatTable } from './teamChat.ts';

/**
 * CI smoke: team-chat at a low rate and small size against the floor and Parley (when
 * built). Asserts that every message arrived at every other member; never asserts speed.
 * Exit code 1 on any loss, send error or duplicate, or when no target ran.
 */
export async function smoke(ctx: ScenarioContext): Promise<number> {
  const rows = await teamChatRows(ctx, {
    scenario: 'smoke',
    users: 60,
    rooms: 12,
    perUser: 4,
    rate: 10,
    warmupS: 2,
    measureS: 10,
    drainS: 15,
    targets: DEFAULT_TARGETS.filter((t) => t === 'floor' || t === 'parley'),
  });
  ctx.log('\n' + writeTable('smoke', teamChatTable(rows)));
  let failed = 0;
  let ran = 0;
  for (const row of rows) {
    const r = row.result;
    if (!r) {
      // Parley may not be built in every checkout; the floor must always run.
      if (row.target === 'floor' || !/not built/.test(row.missing ?? '')) failed++;
      ctx.log(`smoke: ${row.target}: ${row.missing}`);
      continue;
    }
    ran++;
    const ok = r.sent > 0 && r.lost === 0 && r.sendErrors === 0 && r.duplicates === 0 && r.delivered === r.expected;
    ctx.log(
      `smoke: ${row.target}: ${ok ? 'ok' : 'FAILED'} (sent ${r.sent}, delivered ${r.delivered}/${r.expected}, lost ${r.lost}, send errors ${r.sendErrors}, duplicates ${r.duplicates})`,
    );
    if (!ok) failed++;
  }
  if (ran === 0) failed++;
  return failed === 0 ? 0 : 1;
}
