#!/usr/bin/env node
// Runs every test with Node's test runner (TypeScript through tsx) and ends with one
// "N passed, N failed, N skipped" line. Arguments narrow the run to files or folders.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const ROOTS = ['packages/protocol/test', 'tests/unit', 'tests/api', 'tests/sync', 'tests/conformance', 'tests/system', 'tests/e2e', 'tests/web', 'bench/test'];

function collect(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return [];
  }
  if (st.isFile()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path)
    .sort()
    .flatMap((name) => collect(join(path, name)));
}

const args = process.argv.slice(2);
// The web client's view-model and unit tests run under Vitest (apps/web), with the whole suite or
// when apps/web is named; their counts join the summary line.
const webTests = existsSync('apps/web/package.json') && (args.length === 0 || args.some((a) => a.replace(/\/$/, '') === 'apps/web'));
const vitest = { pass: 0, fail: 0, skipped: 0 };
if (webTests) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-vitest-'));
  const out = join(dir, 'report.json');
  const cli = join(dirname(createRequire(resolve('apps/web/package.json')).resolve('vitest/package.json')), 'vitest.mjs');
  const run = spawnSync(process.execPath, [cli, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    cwd: 'apps/web',
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'test' },
  });
  try {
    const report = JSON.parse(readFileSync(out, 'utf8'));
    vitest.pass = report.numPassedTests;
    vitest.fail = report.numFailedTests + (run.status === 0 ? 0 : report.numFailedTests === 0 ? 1 : 0);
    vitest.skipped = report.numPendingTests + report.numTodoTests;
  } catch {
    console.error(`vitest (apps/web) ended with ${run.status ?? run.signal} and no report`);
    vitest.fail = 1;
  }
  rmSync(dir, { recursive: true, force: true });
}
const nodeArgs = args.filter((a) => a.replace(/\/$/, '') !== 'apps/web');
if (args.length > 0 && nodeArgs.length === 0) {
  console.log(`${vitest.pass} passed, ${vitest.fail} failed, ${vitest.skipped} skipped`);
  process.exit(vitest.fail === 0 ? 0 : 1);
}
const files = (nodeArgs.length ? nodeArgs : ROOTS).flatMap(collect);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.PARLEY_TEST_CONCURRENCY ?? '2';
// No --test-force-exit: on Node 20 it ended test files before all their tests had run
// (seen: 92 to 108 of redaction.test.ts's 109), silently. Timers a library leaves behind are
// dealt with where the library is loaded (tests/support/sdk.ts).
const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NODE_ENV: 'test' },
});
const counts = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
let buffer = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  buffer += chunk.toString();
  let nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    const m = /^ℹ (pass|fail|skipped|todo|cancelled) (\d+)\s*$/.exec(line.trim());
    if (m) counts[m[1]] = Number(m[2]);
  }
});
child.on('close', (code) => {
  const failed = counts.fail + counts.cancelled + vitest.fail;
  console.log(`${counts.pass + vitest.pass} passed, ${failed} failed, ${counts.skipped + counts.todo + vitest.skipped} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
