import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Build output that must resolve bench's node_modules (ignored by git: bench/results/tmp/). */
export const BUILD_DIR = new URL('../../results/tmp/', import.meta.url).pathname;

/** A fresh temp dir for one server instance's config, data and logs. */
export function workDir(label: string): string {
  const base = path.join(os.tmpdir(), 'parley-bench');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(path.join(base, `${label.replace(/[^a-z0-9]+/gi, '-')}-`));
}
