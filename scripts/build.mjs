#!/usr/bin/env node
// `npm run build` (and so `npm start`): the web client first, when its workspace exists
// (apps/web/package.json; it writes apps/web/dist, which the server serves at /), then the
// server (apps/server/dist). Each step is the package's own `npm run build`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const steps = [...(existsSync(join(ROOT, 'apps', 'web', 'package.json')) ? [['web client', join(ROOT, 'apps', 'web')]] : []), ['server', join(ROOT, 'apps', 'server')]];

for (const [name, cwd] of steps) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build: the ${name} failed (${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
