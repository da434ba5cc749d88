import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { parseBackupVersion } from '../keyBackup/BackupKeyInput.ts';
import { findBackupVersion, updateBackupAuthData } from '../storage/repos/keyBackups.ts';
import { lockUserRow } from '../storage/repos/users.ts';

export interface BackupVersionUpdate {
  algorithm: string;
  authDataJson: string;
  /** `version` from the body, if the client sent it: it must name the same version as the path. */
  bodyVersion?: string;
}

/** Replaces the `auth_data` of an existing (not deleted) backup version; the algorithm cannot change. */
export async function updateKeyBackupVersion(deps: AppDeps, userId: string, versionParam: string, update: BackupVersionUpdate): Promise<void> {
  if (update.bodyVersion !== undefined && update.bodyVersion !== versionParam) throw new MatrixError('M_INVALID_PARAM', 'The version in the body does not match the path');
  const version = parseBackupVersion(versionParam);
  if (version === null) throw new MatrixError('M_NOT_FOUND', 'Unknown backup version');
  await commitChanges(deps, async (tx) => {
    await lockUserRow(tx, deps.database.dialect, userId);
    const row = await findBackupVersion(tx, userId, version);
    if (!row || row.deleted) throw new MatrixError('M_NOT_FOUND', 'Unknown backup version');
    if (row.algorithm !== update.algorithm) throw new MatrixError('M_INVALID_PARAM', 'The algorithm does not match the backup');
    await updateBackupAuthData(tx, userId, version, update.authDataJson);
  });
}
