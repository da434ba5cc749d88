import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { RoomId } from '@parley/protocol';
import { rng } from '../core/rng.ts';
import { ensureParleyBuilt } from '../targets/ParleyTarget.ts';
import type { ScenarioContext } from '../scenarios/ScenarioContext.ts';
import { readSeedMeta, writeSeedMeta, type SeedMeta } from './seedMeta.ts';
import { SEARCH_TERMS, seedBody } from './seedBody.ts';

export const SEED_PASSWORD = 'seed-password-1';

/** Default data dir of a dataset of `events` messages. */
export function seedDir(events: number): string {
  return path.join(os.tmpdir(), 'parley-bench', `seed-${events}`, 'data');
}

/**
 * Writes a history dataset into a Parley SQLite data dir with the bulk writer (the
 * server's own actions and storage code, in this process, no HTTP): one user `seeder`
 * (password SEED_PASSWORD, with a session), one public room, `events` m.room.message
 * events with bodies from seedBody and txn IDs `seed<i>`. Resumable: the meta file is
 * rewritten as batches commit, a dataset already as large is reused, and a smaller one is
 * extended from the number of messages its room holds. Returns the data dir.
 */
export async function seedDataset(ctx: ScenarioContext, events: number, dataDir?: string): Promise<{ dir: string; meta: SeedMeta }> {
  const dir = dataDir ?? seedDir(events);
  // The dataset must be migrated by the same code as the server bundle that will open it.
  const missing = await ensureParleyBuilt();
  if (missing) throw new Error(`seed: parley ${missing}`);
  const existing = existsSync(path.join(dir, 'parley.db')) ? readSeedMeta(dir) : undefined;
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  // Loaded here: it brings in the server's code, which most bench runs never need.
  const { BulkWriter } = await import('./BulkWriter.ts');
  const writer = await BulkWriter.open({ dataDir: dir });
  try {
    if (existing && existing.events >= events) {
      // Opening migrated it (a later migration back-fills here, not in the first timed start).
      ctx.log(`seed: reusing ${dir} (${existing.events} events)`);
      return { dir, meta: existing };
    }
    const session = existing ? { userId: existing.userId, accessToken: existing.accessToken, deviceId: '' } : (await writer.registerUsers(['seeder'], SEED_PASSWORD))[0]!;
    const auth = await writer.auth(session);
    const roomId = (existing?.roomId ?? (await writer.createRooms([auth]))[0]!) as RoomId;
    const from = existing ? await writer.countMessages(roomId) : 0;
    const meta = (done: number): SeedMeta => ({
      events: done,
      roomId,
      userId: auth.userId,
      accessToken: session.accessToken,
      password: existing?.password ?? SEED_PASSWORD,
      terms: SEARCH_TERMS,
      seconds: (existing?.seconds ?? 0) + (performance.now() - t0) / 1000,
    });
    writeSeedMeta(dir, meta(from));
    const next = rng(1234 + from);
    const started = performance.now();
    let lastLog = started;
    let lastMeta = started;
    await writer.appendMessages(auth, roomId, from, events, (i) => seedBody(i, next), {
      txnPrefix: 'seed',
      onBatch: (done) => {
        const now = performance.now();
        if (now - lastMeta > 5_000) {
          lastMeta = now;
          writeSeedMeta(dir, meta(done));
        }
        if (now - lastLog > 10_000) {
          lastLog = now;
          ctx.log(`  seeded ${done}/${events} (${((done - from) / ((now - started) / 1000)).toFixed(0)} events/s)`);
        }
      },
    });
    const seconds = (performance.now() - started) / 1000;
    await writer.close();
    const done = meta(events);
    writeSeedMeta(dir, done);
    ctx.log(
      `seed: ${events - from} events in ${seconds.toFixed(1)} s (${((events - from) / seconds).toFixed(0)} events/s; ${done.seconds.toFixed(1)} s with setup and checkpoint) -> ${dir}`,
    );
    return { dir, meta: done };
  } finally {
    await writer.close();
  }
}

export async function seed(ctx: ScenarioContext): Promise<number> {
  const dd = ctx.args.str('data-dir', '');
  await seedDataset(ctx, ctx.args.num('events', 1_000_000), dd || undefined);
  return 0;
}
