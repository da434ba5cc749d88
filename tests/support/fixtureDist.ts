import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A stand-in for a built web client (apps/web/dist) in a temporary folder. */
export interface FixtureDist {
  dir: string;
  remove(): void;
}

/**
 * Writes `files` (path below the folder -> content) into a fresh temporary folder, as a Vite
 * build would lay them out: `index.html` at the top, hashed files under `assets/`. Pass
 * `dir` to web_client.path.
 */
export function writeFixtureDist(files: Readonly<Record<string, string | Buffer>>, prefix = 'parley-web-dist-'): FixtureDist {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
