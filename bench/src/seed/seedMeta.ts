import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What `seed` wrote into a Parley data dir, so later scenarios can use it. */
export interface SeedMeta {
  events: number;
  roomId: string;
  userId: string;
  accessToken: string;
  password: string;
  /** Search terms by frequency class, with how many seeded messages contain each. */
  terms: { common: string; medium: string; rare: string };
  seconds: number;
}

const FILE = 'parley-bench-seed.json';

export function readSeedMeta(dataDir: string): SeedMeta | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dataDir, FILE), 'utf8')) as SeedMeta;
  } catch {
    return undefined;
  }
}

export function writeSeedMeta(dataDir: string, meta: SeedMeta): void {
  writeFileSync(path.join(dataDir, FILE), JSON.stringify(meta, null, 2));
}
