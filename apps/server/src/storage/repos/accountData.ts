import type { Queryable, Schema, Tx } from '../schema.ts';

export type AccountDataRow = Schema['account_data'];

/** Global account data has room_id ''. */
export async function findAccountData(db: Queryable, userId: string, roomId: string, type: string): Promise<AccountDataRow | undefined> {
  return db.selectFrom('account_data').selectAll().where('user_id', '=', userId).where('room_id', '=', roomId).where('type', '=', type).executeTakeFirst();
}

/** One global account data type of several users at once (the push evaluator's ignore lists). */
export async function listGlobalAccountDataOf(db: Queryable, userIds: readonly string[], type: string): Promise<Array<Pick<AccountDataRow, 'user_id' | 'content'>>> {
  if (userIds.length === 0) return [];
  return db.selectFrom('account_data').select(['user_id', 'content']).where('user_id', 'in', userIds).where('room_id', '=', '').where('type', '=', type).execute();
}

/** The user's account data (global and per room) written in (after, upTo]. */
export async function listAccountDataBetween(db: Queryable, userId: string, after: number, upTo: number): Promise<Array<Pick<AccountDataRow, 'room_id' | 'type' | 'content'>>> {
  return db.selectFrom('account_data').select(['room_id', 'type', 'content']).where('user_id', '=', userId).where('stream', '>', after).where('stream', '<=', upTo).execute();
}

/** The user's account data for one room. */
export async function listRoomAccountData(db: Queryable, userId: string, roomId: string): Promise<Array<Pick<AccountDataRow, 'type' | 'content'>>> {
  return db.selectFrom('account_data').select(['type', 'content']).where('user_id', '=', userId).where('room_id', '=', roomId).execute();
}

export async function upsertAccountData(tx: Tx, row: AccountDataRow): Promise<void> {
  await tx
    .insertInto('account_data')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'room_id', 'type']).doUpdateSet({ content: row.content, stream: row.stream }))
    .execute();
}

export async function deleteUserAccountData(tx: Queryable, userId: string): Promise<void> {
  await tx.deleteFrom('account_data').where('user_id', '=', userId).execute();
}
