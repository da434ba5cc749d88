import { sql } from 'kysely';
import type { Dialect, Queryable, Schema, Tx } from '../schema.ts';

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

/**
 * Serialises one user's writes of per-user state that has no row of its own to lock (cross-signing
 * keys, key backup versions): a row lock on the `users` row on PostgreSQL; SQLite has one writer.
 */
export async function lockUserRow(tx: Tx, dialect: Dialect, userId: string): Promise<void> {
  if (dialect === 'postgres') await sql`SELECT 1 FROM users WHERE user_id = ${userId} FOR UPDATE`.execute(tx);
}

export type { Tx };
