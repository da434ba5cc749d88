import type { Selectable } from 'kysely';
import type { Dialect, Queryable, Schema, Tx } from '../schema.ts';
import { precompiled } from '../precompiled.ts';

export type AccessTokenRow = Selectable<Schema['access_tokens']>;

export async function insertAccessToken(
  db: Queryable,
  row: Omit<AccessTokenRow, 'id' | 'refreshed_from' | 'refresh_retry_box'> & { refreshed_from?: number | null },
): Promise<void> {
  await db.insertInto('access_tokens').values(row).execute();
}

export async function deleteAccessToken(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('access_tokens').where('id', '=', id).execute();
}

export async function findByRefreshToken(db: Queryable, refreshHash: string): Promise<AccessTokenRow | undefined> {
  return db.selectFrom('access_tokens').selectAll().where('refresh_token_hash', '=', refreshHash).executeTakeFirst();
}

/**
 * The token row of a refresh token, locked until the transaction ends (a row lock on
 * PostgreSQL; SQLite has one writer), so two refreshes with one token run one after the other.
 */
export async function findByRefreshTokenForUpdate(tx: Tx, dialect: Dialect, refreshHash: string): Promise<AccessTokenRow | undefined> {
  const q = tx.selectFrom('access_tokens').selectAll().where('refresh_token_hash', '=', refreshHash);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

/** The still unused token refreshed from `predecessorId` whose access token hashes to `tokenHash`. */
export async function findRefreshSuccessor(db: Queryable, predecessorId: number, tokenHash: string): Promise<AccessTokenRow | undefined> {
  return db.selectFrom('access_tokens').selectAll().where('refreshed_from', '=', predecessorId).where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Remembers, on the refreshed token, the sealed pair it was exchanged for. */
export async function updateRefreshRetryBox(db: Queryable, tokenId: number, box: string): Promise<void> {
  await db.updateTable('access_tokens').set({ refresh_retry_box: box }).where('id', '=', tokenId).execute();
}

export async function deleteUserAccessTokens(db: Queryable, userId: string, exceptTokenId?: number): Promise<void> {
  let q = db.deleteFrom('access_tokens').where('user_id', '=', userId);
  if (exceptTokenId !== undefined) q = q.where('id', '!=', exceptTokenId);
  await q.execute();
}

/** Deletes the tokens refreshed from this one that were never used (a retried /refresh replaces them). */
export async function deleteUnusedRefreshSuccessors(db: Queryable, tokenId: number): Promise<void> {
  await db.deleteFrom('access_tokens').where('refreshed_from', '=', tokenId).execute();
}

/** On the first use of a refreshed token: revokes the token it was refreshed from. */
export async function deleteRefreshPredecessor(db: Queryable, tokenId: number, predecessorId: number): Promise<void> {
  await db.deleteFrom('access_tokens').where('id', '=', predecessorId).execute();
  await db.updateTable('access_tokens').set({ refreshed_from: null }).where('id', '=', tokenId).execute();
}

/** Revokes every token of one device (a login that reuses the device ID replaces them). */
export async function deleteDeviceAccessTokens(db: Queryable, userId: string, deviceId: string): Promise<void> {
  await db.deleteFrom('access_tokens').where('user_id', '=', userId).where('device_id', '=', deviceId).execute();
}

/** What authenticating a request needs to know about its token, its user and its device. */
export interface TokenForAuth {
  id: number;
  user_id: string;
  device_id: string;
  expires_ts: number | null;
  refreshed_from: number | null;
  is_admin: number;
  is_guest: number;
  deactivated: number;
  last_seen_ts: number | null;
  last_seen_ip: string | null;
}

// Precompiled: every request runs it.
const tokenForAuth = precompiled<TokenForAuth>(
  `SELECT t."id", t."user_id", t."device_id", t."expires_ts", t."refreshed_from", u."is_admin", u."is_guest", u."deactivated", d."last_seen_ts", d."last_seen_ip"
   FROM "access_tokens" t
   INNER JOIN "users" u ON u."user_id" = t."user_id"
   LEFT JOIN "devices" d ON d."user_id" = t."user_id" AND d."device_id" = t."device_id"
   WHERE t."token_hash" = ?`,
);

export async function findTokenForAuth(db: Queryable, tokenHash: string): Promise<TokenForAuth | undefined> {
  return (await tokenForAuth(db, [tokenHash]))[0];
}
