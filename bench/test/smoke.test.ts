// Runs the bench's smoke scenario (team-chat at a low rate against the floor and Parley)
// and checks that it exits 0, i.e. every message reached every other member. It asserts
// arrival only, never speed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = new URL('../../', import.meta.url).pathname;

test('bench smoke: messages arrive at every member (floor and Parley)', { timeout: 240_000 }, () => {
  const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/src/cli.ts', 'smoke'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 230_000,
    env: { ...process.env, PARLEY_BENCH_NO_SETUP: '1', PARLEY_BENCH_RESULTS_DIR: mkdtempSync(path.join(os.tmpdir(), 'parley-bench-smoke-')) },
  });
  const out = `${res.stdout}\n${res.stderr}`;
  assert.equal(res.status, 0, `bench smoke failed:\n${out.slice(-4000)}`);
  assert.match(out, /smoke: floor: ok/);
});
