import { MatrixError } from '../errors/MatrixError.ts';
import { parseBackupVersion, type KeyBackupDataJson } from '../keyBackup/BackupKeyInput.ts';
import { countBackupKeys, findBackupVersion, findCurrentBackupVersion, listBackupKeys, type BackupVersionRow } from '../storage/repos/keyBackups.ts';
import type { Queryable } from '../storage/schema.ts';

export interface BackupVersionJson {
  algorithm: string;
  auth_data: Record<string, unknown>;
  count: number;
  etag: string;
  version: string;
}

/** A live (not deleted) version of the user's backup, or 404 M_NOT_FOUND. */
async function getLiveVersion(db: Queryable, userId: string, version: string | null): Promise<BackupVersionRow> {
  const n = version === null ? null : parseBackupVersion(version);
  const row = version === null ? await findCurrentBackupVersion(db, userId) : n === null ? undefined : await findBackupVersion(db, userId, n);
  if (!row || row.deleted) throw new MatrixError('M_NOT_FOUND', version === null ? 'No current backup version' : 'Unknown backup version');
  return row;
}

/** `GET /room_keys/version[/{version}]`: one of the user's backup versions (null: the current one). */
export async function readBackupVersion(db: Queryable, userId: string, version: string | null): Promise<BackupVersionJson> {
  const row = await getLiveVersion(db, userId, version);
  return {
    algorithm: row.algorithm,
    auth_data: JSON.parse(row.auth_data) as Record<string, unknown>,
    count: await countBackupKeys(db, userId, row.version),
    etag: String(row.etag),
    version: String(row.version),
  };
}

/** Keys of a live backup version (any, not only the current one), by room and session; optionally one room or session. */
export async function readBackupKeys(
  db: Queryable,
  userId: string,
  version: string,
  roomId?: string,
  sessionId?: string,
): Promise<Record<string, { sessions: Record<string, KeyBackupDataJson> }>> {
  const row = await getLiveVersion(db, userId, version);
  const rooms: Record<string, { sessions: Record<string, KeyBackupDataJson> }> = {};
  for (const k of await listBackupKeys(db, userId, row.version, roomId, sessionId)) {
    (rooms[k.room_id] ??= { sessions: {} }).sessions[k.session_id] = {
      first_message_index: k.first_message_index,
      forwarded_count: k.forwarded_count,
      is_verified: k.is_verified === 1,
      session_data: JSON.parse(k.session_data) as Record<string, unknown>,
    };
  }
  return rooms;
}
