import type { Queryable, Tx } from '../schema.ts';

export interface StreamChangesRow {
  position: number;
  /** JSON array of the transaction's changes (feed/StreamChange.ts). */
  changes: string;
  created_ts: number;
}

/** Records one committed transaction's changes at its position (the change feed's outbox). */
export async function insertStreamChanges(tx: Tx, row: StreamChangesRow): Promise<void> {
  await tx.insertInto('stream_changes').values(row).execute();
}

/** The transactions after `position`, oldest first, at most `limit` of them. */
export async function listStreamChangesAfter(db: Queryable, position: number, limit: number): Promise<StreamChangesRow[]> {
  const rows = await db
    .selectFrom('stream_changes')
    .select(['position', 'changes', 'created_ts'])
    .where('position', '>', position)
    .orderBy('position', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ position: Number(r.position), changes: r.changes, created_ts: Number(r.created_ts) }));
}

/** Drops the rows at or below `position`; returns how many went. */
export async function deleteStreamChangesUpTo(db: Queryable, position: number): Promise<number> {
  const result = await db.deleteFrom('stream_changes').where('position', '<=', position).executeTakeFirst();
  return Number(result.numDeletedRows);
}
