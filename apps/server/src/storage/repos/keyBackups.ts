import type { Queryable, Schema, Tx } from '../schema.ts';

export type BackupVersionRow = Schema['room_key_backup_versions'];
export type RoomKeyBackupRow = Schema['room_key_backups'];

function versionOf(row: BackupVersionRow): BackupVersionRow {
  return { ...row, version: Number(row.version), etag: Number(row.etag), deleted: Number(row.deleted) };
}

function keyOf(row: RoomKeyBackupRow): RoomKeyBackupRow {
  return {
    ...row,
    version: Number(row.version),
    first_message_index: Number(row.first_message_index),
    forwarded_count: Number(row.forwarded_count),
    is_verified: Number(row.is_verified),
  };
}

/** The latest version that is not deleted: the current one. */
export async function findCurrentBackupVersion(db: Queryable, userId: string): Promise<BackupVersionRow | undefined> {
  const row = await db
    .selectFrom('room_key_backup_versions')
    .selectAll()
    .where('user_id', '=', userId)
    .where('deleted', '=', 0)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? versionOf(row) : undefined;
}

/** A version, deleted or not. */
export async function findBackupVersion(db: Queryable, userId: string, version: number): Promise<BackupVersionRow | undefined> {
  const row = await db.selectFrom('room_key_backup_versions').selectAll().where('user_id', '=', userId).where('version', '=', version).executeTakeFirst();
  return row ? versionOf(row) : undefined;
}

/** The highest version number ever used by the user (deleted ones included), 0 if none. */
export async function findHighestBackupVersion(tx: Tx, userId: string): Promise<number> {
  const row = await tx
    .selectFrom('room_key_backup_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

export async function insertBackupVersion(tx: Tx, row: BackupVersionRow): Promise<void> {
  await tx.insertInto('room_key_backup_versions').values(row).execute();
}

export async function updateBackupAuthData(tx: Tx, userId: string, version: number, authData: string): Promise<void> {
  await tx.updateTable('room_key_backup_versions').set({ auth_data: authData }).where('user_id', '=', userId).where('version', '=', version).execute();
}

/** Marks a version deleted and drops its keys. */
export async function deleteBackupVersion(tx: Tx, userId: string, version: number): Promise<void> {
  await tx.deleteFrom('room_key_backups').where('user_id', '=', userId).where('version', '=', version).execute();
  await tx.updateTable('room_key_backup_versions').set({ deleted: 1, auth_data: '{}' }).where('user_id', '=', userId).where('version', '=', version).execute();
}

/** Moves a version's etag on, atomically (the caller holds the user's backup lock too); returns the new etag. */
export async function bumpBackupEtag(tx: Tx, userId: string, version: number): Promise<number> {
  const row = await tx
    .updateTable('room_key_backup_versions')
    .set((eb) => ({ etag: eb('etag', '+', 1) }))
    .where('user_id', '=', userId)
    .where('version', '=', version)
    .returning('etag')
    .executeTakeFirstOrThrow();
  return Number(row.etag);
}

export async function countBackupKeys(db: Queryable, userId: string, version: number): Promise<number> {
  const row = await db
    .selectFrom('room_key_backups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Stored keys of a version, optionally of one room or one session. */
export async function listBackupKeys(db: Queryable, userId: string, version: number, roomId?: string, sessionId?: string): Promise<RoomKeyBackupRow[]> {
  let q = db.selectFrom('room_key_backups').selectAll().where('user_id', '=', userId).where('version', '=', version);
  if (roomId !== undefined) q = q.where('room_id', '=', roomId);
  if (sessionId !== undefined) q = q.where('session_id', '=', sessionId);
  return (await q.execute()).map(keyOf);
}

/** The stored keys of a version in these rooms with these session IDs (a superset of the pairs asked for). */
export async function listBackupKeysOfSessions(tx: Tx, userId: string, version: number, roomIds: readonly string[], sessionIds: readonly string[]): Promise<RoomKeyBackupRow[]> {
  const out: RoomKeyBackupRow[] = [];
  if (roomIds.length === 0 || sessionIds.length === 0) return out;
  // In chunks, so a large upload stays under the databases' bound-parameter limits.
  for (let i = 0; i < sessionIds.length; i += 500) {
    const rows = await tx
      .selectFrom('room_key_backups')
      .selectAll()
      .where('user_id', '=', userId)
      .where('version', '=', version)
      .where('room_id', 'in', [...roomIds])
      .where('session_id', 'in', sessionIds.slice(i, i + 500))
      .execute();
    out.push(...rows.map(keyOf));
  }
  return out;
}

export async function upsertBackupKey(tx: Tx, row: RoomKeyBackupRow): Promise<void> {
  await tx
    .insertInto('room_key_backups')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['user_id', 'version', 'room_id', 'session_id']).doUpdateSet({
        first_message_index: row.first_message_index,
        forwarded_count: row.forwarded_count,
        is_verified: row.is_verified,
        session_data: row.session_data,
      }),
    )
    .execute();
}

/** Deletes keys of a version (all, a room's, or one session); returns how many went. */
export async function deleteBackupKeys(tx: Tx, userId: string, version: number, roomId?: string, sessionId?: string): Promise<number> {
  let q = tx.deleteFrom('room_key_backups').where('user_id', '=', userId).where('version', '=', version);
  if (roomId !== undefined) q = q.where('room_id', '=', roomId);
  if (sessionId !== undefined) q = q.where('session_id', '=', sessionId);
  return Number((await q.executeTakeFirst()).numDeletedRows);
}

/** Every backup of a user, versions and keys (account deactivation). Returns whether there were any. */
export async function deleteBackupsOfUser(tx: Tx, userId: string): Promise<boolean> {
  await tx.deleteFrom('room_key_backups').where('user_id', '=', userId).execute();
  const r = await tx.deleteFrom('room_key_backup_versions').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
