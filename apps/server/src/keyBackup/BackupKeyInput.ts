import { parseRoomId } from '@parley/protocol';
import { MatrixError } from '../errors/MatrixError.ts';

/** Largest `auth_data` of a backup version and `session_data` of one key, as JSON: real ones are a few hundred characters. */
export const MAX_BACKUP_JSON = 16_384;

/** Longest room ID or session ID a backup files keys under (path parameters are bounded alike by the contract). */
const MAX_BACKUP_ID = 255;

/** definitions/key_backup_data.yaml, as the contract has checked its types. */
export interface KeyBackupDataJson {
  first_message_index: number;
  forwarded_count: number;
  is_verified: boolean;
  session_data: Record<string, unknown>;
}

/** One session key to store in a backup. */
export interface BackupKeyInput {
  roomId: string;
  sessionId: string;
  data: KeyBackupDataJson;
  /** `session_data` as stored. */
  sessionDataJson: string;
}

/** Checks the room ID and the size of the encrypted data of one uploaded session key. */
export function checkBackupKey(roomId: string, sessionId: string, data: KeyBackupDataJson): BackupKeyInput {
  checkBackupRoomId(roomId);
  if (sessionId.length === 0 || sessionId.length > MAX_BACKUP_ID) throw new MatrixError('M_INVALID_PARAM', `A session ID must have 1 to ${MAX_BACKUP_ID} characters`);
  const sessionDataJson = JSON.stringify(data.session_data);
  if (sessionDataJson.length > MAX_BACKUP_JSON) throw new MatrixError('M_INVALID_PARAM', `session_data is larger than ${MAX_BACKUP_JSON} characters`);
  return { roomId, sessionId, data, sessionDataJson };
}

/** A room ID the backup may file keys under (the room need not exist here: keys come from anywhere). */
export function checkBackupRoomId(roomId: string): void {
  if (roomId.length > MAX_BACKUP_ID || !parseRoomId(roomId)) throw new MatrixError('M_INVALID_PARAM', 'Invalid room ID');
}

/** Checks the size of a backup version's `auth_data`; returns it as stored. */
export function checkAuthData(authData: Record<string, unknown>): string {
  const json = JSON.stringify(authData);
  if (json.length > MAX_BACKUP_JSON) throw new MatrixError('M_INVALID_PARAM', `auth_data is larger than ${MAX_BACKUP_JSON} characters`);
  return json;
}

/** A backup version from a path or query parameter: a positive integer, or null (no such version). */
export function parseBackupVersion(value: string): number | null {
  return /^[1-9][0-9]{0,14}$/.test(value) ? Number(value) : null;
}

/**
 * The spec's rule for a key already in the backup (Server-side key backups): the new one replaces
 * it if it is verified and the old one not; else, at equal `is_verified`, if it starts at a lower
 * `first_message_index`; else, at equal index too, if it was forwarded fewer times.
 */
export function replacesBackupKey(fresh: Pick<KeyBackupDataJson, 'first_message_index' | 'forwarded_count' | 'is_verified'>, old: typeof fresh): boolean {
  if (fresh.is_verified !== old.is_verified) return fresh.is_verified;
  if (fresh.first_message_index !== old.first_message_index) return fresh.first_message_index < old.first_message_index;
  return fresh.forwarded_count < old.forwarded_count;
}
