import type { Queryable, Schema } from '../schema.ts';

export type PusherRow = Schema['pushers'];

/** Most pushers one user may have (every device may register a few). */
export const MAX_PUSHERS_PER_USER = 100;

export async function listPushers(db: Queryable, userId: string): Promise<PusherRow[]> {
  return db.selectFrom('pushers').selectAll().where('user_id', '=', userId).orderBy('created_ts').orderBy('app_id').orderBy('pushkey').execute();
}

export async function countPushers(db: Queryable, userId: string): Promise<number> {
  const row = await db
    .selectFrom('pushers')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Creates the user's pusher for (app_id, pushkey) or replaces it (its device becomes the caller's). */
export async function upsertPusher(db: Queryable, row: PusherRow): Promise<void> {
  const { user_id: _u, app_id: _a, pushkey: _p, created_ts: _c, ...rest } = row;
  await db
    .insertInto('pushers')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'app_id', 'pushkey']).doUpdateSet(rest))
    .execute();
}

export async function deletePusher(db: Queryable, userId: string, appId: string, pushkey: string): Promise<void> {
  await db.deleteFrom('pushers').where('user_id', '=', userId).where('app_id', '=', appId).where('pushkey', '=', pushkey).execute();
}

/** Without `append`, a pushkey belongs to one user: the others' pushers with the same app_id and pushkey go. */
export async function deleteOtherUsersPushers(db: Queryable, userId: string, appId: string, pushkey: string): Promise<void> {
  await db.deleteFrom('pushers').where('app_id', '=', appId).where('pushkey', '=', pushkey).where('user_id', '!=', userId).execute();
}

/** Which of these users have an HTTP pusher (each once): who push delivery has to wake. */
export async function listUsersWithHttpPushers(db: Queryable, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('pushers').select('user_id').distinct().where('user_id', 'in', userIds).where('kind', '=', 'http').execute();
  return rows.map((r) => r.user_id);
}
