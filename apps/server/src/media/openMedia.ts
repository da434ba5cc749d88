import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Media } from './Media.ts';
import type { MediaStore } from './MediaStore.ts';
import { FileMediaStore } from './FileMediaStore.ts';
import { MemoryMediaStore } from './MemoryMediaStore.ts';
import { S3MediaStore } from './S3MediaStore.ts';

/** Parses `media.legacy_freeze_date` (YYYY-MM-DD, UTC); a malformed date stops the start. */
export function parseFreezeDate(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ts = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ts) || new Date(ts).toISOString().slice(0, 10) !== value)
    throw new Error(`media.legacy_freeze_date must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return ts;
}

/** Opens the configured media store: memory with --ephemeral, else files under the data folder or an S3 bucket. */
export async function openMedia(config: Config, log: Logger): Promise<Media & { close(): Promise<void> }> {
  const legacyFreezeTs = parseFreezeDate(config.media.legacyFreezeDate);
  let store: MediaStore;
  let closeStore = (): void => undefined;
  if (config.ephemeral) store = new MemoryMediaStore();
  else if (config.media.store === 's3') {
    const s3 = await S3MediaStore.open(config.media.s3);
    store = s3;
    closeStore = () => s3.close();
  } else store = new FileMediaStore(resolve(config.media.path || join(config.dataDir, 'media')));
  const stagingDir = mkdtempSync(join(tmpdir(), 'parley-media-'));
  const pending = new Set<Promise<void>>();
  return {
    store,
    stagingDir,
    legacyFreezeTs,
    runInBackground(task) {
      const p = task()
        .catch((err: unknown) => log.warn({ err }, 'media background task failed'))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async close() {
      await Promise.allSettled([...pending]);
      closeStore();
      rmSync(stagingDir, { recursive: true, force: true });
    },
  };
}
