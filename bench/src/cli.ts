/**
 * Benchmark driver entry point: `npm run bench -- <scenario> [--targets a,b] [options]`.
 * The driver pins itself to one core and every server to the other.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { Args } from './args.ts';
import { NOFILE_WANTED, readNofile, serverNofileLimit } from './measure/limits.ts';
import { machineInfo } from './measure/machineInfo.ts';
import { DRIVER_CORE, killAllSpawned } from './targets/spawnPinned.ts';
import type { Scenario } from './scenarios/ScenarioContext.ts';
import { bigRoom } from './scenarios/bigRoom.ts';
import { maxRate } from './scenarios/maxRate.ts';
import { coldStart } from './scenarios/coldStart.ts';
import { history } from './scenarios/history.ts';
import { idle } from './scenarios/idle.ts';
import { initialSync } from './scenarios/initialSync.ts';
import { search } from './scenarios/search.ts';
import { smoke } from './scenarios/smoke.ts';
import { seed } from './seed/seed.ts';
import { teamChat } from './scenarios/teamChat.ts';

const SCENARIOS: Record<string, Scenario> = {
  smoke,
  'team-chat': teamChat,
  'max-rate': maxRate,
  'big-room': bigRoom,
  idle,
  'cold-start': coldStart,
  'initial-sync': initialSync,
  history,
  search,
  seed,
};

/**
 * Node raises its soft open-files limit to the hard one at startup but cannot raise the hard
 * one: when this process may (root with CAP_SYS_RESOURCE) and the hard limit is below
 * NOFILE_WANTED, run the driver again under `prlimit`. Returns its exit code, or undefined
 * to go on in this process (the limit in effect is recorded in every result).
 */
function reexecWithMoreFiles(): number | undefined {
  if (process.env.PARLEY_BENCH_REEXECED || readNofile().hard >= NOFILE_WANTED || serverNofileLimit() < NOFILE_WANTED) return undefined;
  const res = spawnSync('prlimit', [`--nofile=${NOFILE_WANTED}:${NOFILE_WANTED}`, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, PARLEY_BENCH_REEXECED: '1' },
  });
  return res.status ?? 1;
}

async function main(): Promise<number> {
  const reexec = reexecWithMoreFiles();
  if (reexec !== undefined) return reexec;
  const args = new Args(process.argv.slice(2));
  const name = args.positional[0];
  const scenario = name ? SCENARIOS[name] : undefined;
  if (!scenario) {
    console.error(`usage: npm run bench -- <scenario> [--targets a,b,...] [options]\nscenarios: ${Object.keys(SCENARIOS).join(', ')}`);
    return 2;
  }
  try {
    execFileSync('taskset', ['-a', '-cp', String(DRIVER_CORE), String(process.pid)], { stdio: 'ignore' });
  } catch {
    console.error('warning: could not pin the driver with taskset; results are not isolated');
  }
  const runId = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  return scenario({ args, runId, machine: machineInfo(), log: (s) => console.log(s) });
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    killAllSpawned();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
