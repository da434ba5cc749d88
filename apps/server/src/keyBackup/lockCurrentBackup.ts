import type { Dialect, Tx } from '../storage/schema.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findCurrentBackupVersion, type BackupVersionRow } from '../storage/repos/keyBackups.ts';
import { lockUserRow } from '../storage/repos/users.ts';
import { parseBackupVersion } from './BackupKeyInput.ts';

declare const held: unique symbol;

/** Proof that this transaction holds the user's backup lock and that `version` is their current backup. */
export interface CurrentBackup {
  readonly tx: Tx;
  readonly userId: string;
  readonly row: BackupVersionRow;
  readonly [held]: true;
}

/**
 * Takes the user's backup lock (their `users` row on PostgreSQL) and checks that `version` is their
 * current backup version: only that one may be written (spec: 403 M_WRONG_ROOM_KEYS_VERSION with
 * `current_version` otherwise; 404 when the user has no backup at all).
 */
export async function lockCurrentBackup(tx: Tx, dialect: Dialect, userId: string, version: string): Promise<CurrentBackup> {
  await lockUserRow(tx, dialect, userId);
  const current = await findCurrentBackupVersion(tx, userId);
  if (!current) throw new MatrixError('M_NOT_FOUND', 'No backup version exists');
  if (parseBackupVersion(version) !== current.version) {
    throw new MatrixError('M_WRONG_ROOM_KEYS_VERSION', 'Wrong backup version', { current_version: String(current.version) });
  }
  return { tx, userId, row: current } as CurrentBackup;
}
