import type { Queryable, Schema } from '../schema.ts';

export type RoomAliasRow = Schema['room_aliases'];

export async function findRoomAlias(db: Queryable, alias: string): Promise<RoomAliasRow | undefined> {
  return db.selectFrom('room_aliases').selectAll().where('alias', '=', alias).executeTakeFirst();
}

export async function listRoomAliases(db: Queryable, roomId: string): Promise<string[]> {
  const rows = await db.selectFrom('room_aliases').select('alias').where('room_id', '=', roomId).orderBy('alias').execute();
  return rows.map((r) => r.alias);
}

/** How many aliases a user has given a room. */
export async function countRoomAliasesBy(db: Queryable, roomId: string, creator: string): Promise<number> {
  const row = await db
    .selectFrom('room_aliases')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('room_id', '=', roomId)
    .where('creator', '=', creator)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts the alias unless it is taken; returns whether it was inserted. */
export async function insertRoomAlias(db: Queryable, row: RoomAliasRow): Promise<boolean> {
  const res = await db
    .insertInto('room_aliases')
    .values(row)
    .onConflict((oc) => oc.column('alias').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteRoomAlias(db: Queryable, alias: string): Promise<void> {
  await db.deleteFrom('room_aliases').where('alias', '=', alias).execute();
}

/** Points every alias of one room at another (a room upgrade moves the old room's local aliases). */
export async function updateRoomAliasesRoom(tx: Queryable, fromRoomId: string, toRoomId: string): Promise<void> {
  await tx.updateTable('room_aliases').set({ room_id: toRoomId }).where('room_id', '=', fromRoomId).execute();
}
