import { sql } from 'kysely';
import type { Dialect, Queryable, Schema, Tx } from '../schema.ts';

export type RoomRow = Schema['rooms'];

export async function insertRoom(tx: Tx, row: RoomRow): Promise<void> {
  await tx.insertInto('rooms').values(row).execute();
}

export async function findRoom(db: Queryable, roomId: string): Promise<RoomRow | undefined> {
  return db.selectFrom('rooms').selectAll().where('room_id', '=', roomId).executeTakeFirst();
}

/** Row-locks the room on PostgreSQL; SQLite already serialises writers. */
export async function lockRoomRow(tx: Tx, dialect: Dialect, roomId: string): Promise<RoomRow | undefined> {
  if (dialect === 'postgres') {
    const r = await sql<RoomRow>`SELECT * FROM rooms WHERE room_id = ${roomId} FOR UPDATE`.execute(tx);
    const row = r.rows[0];
    return row ? { ...row, last_depth: Number(row.last_depth), created_ts: Number(row.created_ts) } : undefined;
  }
  return findRoom(tx, roomId);
}

export async function updateRoomHead(tx: Tx, roomId: string, lastEventId: string, lastDepth: number): Promise<void> {
  await tx.updateTable('rooms').set({ last_event_id: lastEventId, last_depth: lastDepth }).where('room_id', '=', roomId).execute();
}

export async function updateRoomPublic(tx: Queryable, roomId: string, isPublic: boolean): Promise<void> {
  await tx
    .updateTable('rooms')
    .set({ is_public: isPublic ? 1 : 0 })
    .where('room_id', '=', roomId)
    .execute();
}
