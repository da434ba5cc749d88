import type { Queryable, Schema, Tx } from '../schema.ts';

export type UserRow = Schema['users'];

export async function insertUser(tx: Queryable, row: UserRow): Promise<void> {
  await tx.insertInto('users').values(row).execute();
}

export async function findUser(db: Queryable, userId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function updateUser(tx: Queryable, userId: string, patch: Partial<Omit<UserRow, 'user_id'>>): Promise<void> {
  await tx.updateTable('users').set(patch).where('user_id', '=', userId).execute();
}

export type { Tx };
