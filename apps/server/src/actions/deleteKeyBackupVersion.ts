import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { parseBackupVersion } from '../keyBackup/BackupKeyInput.ts';
import { deleteBackupVersion, findBackupVersion } from '../storage/repos/keyBackups.ts';
import { lockUserRow } from '../storage/repos/users.ts';

/**
 * Deletes a backup version with all its keys; the previous live version, if any, becomes current.
 * Deleting a version that was already deleted succeeds (spec); one that never existed is 404.
 */
export async function deleteKeyBackupVersion(deps: AppDeps, userId: string, versionParam: string): Promise<void> {
  const version = parseBackupVersion(versionParam);
  if (version === null) throw new MatrixError('M_NOT_FOUND', 'Unknown backup version');
  await commitChanges(deps, async (tx) => {
    await lockUserRow(tx, deps.database.dialect, userId);
    const row = await findBackupVersion(tx, userId, version);
    if (!row) throw new MatrixError('M_NOT_FOUND', 'Unknown backup version');
    if (!row.deleted) await deleteBackupVersion(tx, userId, version);
  });
}
