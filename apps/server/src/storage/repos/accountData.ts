import type { Queryable, Schema, Tx } from '../schema.ts';

export type AccountDataRow = Schema['account_data'];

/** Global account data has room_id ''. */
export async function findAccountData(db: Queryable, userId: string, roomId: string, type: string): Promise<AccountDataRow | undefined> {
  return db.selectFrom('account_data').selectAll().where('user_id', '=', userId).where('room_id', '=', roomId).where('type', '=', type).executeTakeFirst();
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
