#!/usr/bin/env node
// Runs every test with Node's test runner (TypeScript through tsx) and ends with one
// "N passed, N failed, N skipped" line. Arguments narrow the run to files or folders.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
const files = (args.length ? args : ROOTS).flatMap(collect);
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
  const failed = counts.fail + counts.cancelled;
  console.log(`${counts.pass} passed, ${failed} failed, ${counts.skipped + counts.todo} skipped`);
  process.exit(code === 0 && failed === 0 ? 0 : 1);
});
