import { mkdirSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { mapLimit } from '../core/mapLimit.ts';
import { rng } from '../core/rng.ts';
import { ParleyTarget } from '../targets/ParleyTarget.ts';
import type { ScenarioContext } from '../scenarios/ScenarioContext.ts';
import { readSeedMeta, writeSeedMeta, type SeedMeta } from './seedMeta.ts';
import { SEARCH_TERMS, seedBody } from './seedBody.ts';

/**
 * Writes a history dataset into a Parley SQLite data dir through the public API (Parley has
 * no bulk-import path yet): one user, one room, --events m.room.message events sent with
 * --concurrency requests in flight. Resumable: an existing dataset is reused when it is
 * at least as large. Returns the data dir.
 */
export async function seedDataset(ctx: ScenarioContext, events: number, dataDir?: string): Promise<{ dir: string; meta: SeedMeta }> {
  const dir = dataDir ?? path.join(os.tmpdir(), 'parley-bench', `seed-${events}`, 'data');
  const existing = readSeedMeta(dir);
  if (existing && existing.events >= events) {
    ctx.log(`seed: reusing ${dir} (${existing.events} events)`);
    return { dir, meta: existing };
  }
  mkdirSync(dir, { recursive: true });
  const t = new ParleyTarget('sqlite');
  await t.start(dir);
  try {
    const api = t.api!;
    const password = 'seed-password-1';
    const s = existing ? await api.login('seeder', existing.password) : await api.register('seeder', password);
    const roomId = existing?.roomId ?? (await api.createRoom(s.accessToken));
    const from = existing?.events ?? 0;
    const next = rng(1234 + from);
    const t0 = performance.now();
    let done = from;
    let lastLog = t0;
    const concurrency = ctx.args.num('concurrency', 32);
    const indices = Array.from({ length: events - from }, (_, k) => from + k);
    await mapLimit(indices, concurrency, async (i) => {
      await api.ok('PUT', `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/seed${i}`, s.accessToken, { msgtype: 'm.text', body: seedBody(i, next) });
      done++;
      const now = performance.now();
      if (now - lastLog > 10_000) {
        lastLog = now;
        ctx.log(`  seeded ${done}/${events} (${((done - from) / ((now - t0) / 1000)).toFixed(0)} events/s)`);
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    const meta: SeedMeta = { events, roomId, userId: s.userId, accessToken: s.accessToken, password, terms: SEARCH_TERMS, seconds: (existing?.seconds ?? 0) + seconds };
    writeSeedMeta(dir, meta);
    ctx.log(`seed: ${events - from} events in ${seconds.toFixed(1)} s (${((events - from) / seconds).toFixed(0)} events/s) -> ${dir}`);
    return { dir, meta };
  } finally {
    await t.stop();
  }
}

export async function seed(ctx: ScenarioContext): Promise<number> {
  const dd = ctx.args.str('data-dir', '');
  await seedDataset(ctx, ctx.args.num('events', 1_000_000), dd || undefined);
  return 0;
}
