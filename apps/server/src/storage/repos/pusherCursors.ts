import type { Queryable, Schema } from '../schema.ts';

export type PusherCursorRow = Schema['pusher_cursors'];

/** A pusher's key: whose it is and which (app_id, pushkey). */
export interface PusherKey {
  user_id: string;
  app_id: string;
  pushkey: string;
}

export async function listPusherCursors(db: Queryable, userId: string): Promise<PusherCursorRow[]> {
  return db.selectFrom('pusher_cursors').selectAll().where('user_id', '=', userId).execute();
}

/** Writes a pusher's whole delivery state (one row per pusher). */
export async function upsertPusherCursor(db: Queryable, row: PusherCursorRow): Promise<void> {
  const { user_id: _u, app_id: _a, pushkey: _p, ...rest } = row;
  await db
    .insertInto('pusher_cursors')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'app_id', 'pushkey']).doUpdateSet(rest))
    .execute();
}

export async function deletePusherCursor(db: Queryable, key: PusherKey): Promise<void> {
  await db.deleteFrom('pusher_cursors').where('user_id', '=', key.user_id).where('app_id', '=', key.app_id).where('pushkey', '=', key.pushkey).execute();
}

/** Cursors whose pusher is gone (deleted by its user, its device's removal, or a rejection elsewhere). */
export async function deleteOrphanPusherCursors(db: Queryable): Promise<number> {
  const res = await db
    .deleteFrom('pusher_cursors')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('pushers')
            .select('pushers.user_id')
            .whereRef('pushers.user_id', '=', 'pusher_cursors.user_id')
            .whereRef('pushers.app_id', '=', 'pusher_cursors.app_id')
            .whereRef('pushers.pushkey', '=', 'pusher_cursors.pushkey'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
