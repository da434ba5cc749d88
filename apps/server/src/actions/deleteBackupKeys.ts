import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { lockCurrentBackup } from '../keyBackup/lockCurrentBackup.ts';
import { bumpBackupEtag, countBackupKeys, deleteBackupKeys as deleteKeys } from '../storage/repos/keyBackups.ts';
import type { BackupUpdate } from './putBackupKeys.ts';

/** Deletes keys of the user's current backup version: all, one room's, or one session's; the etag moves on if any went. */
export async function deleteBackupKeys(deps: AppDeps, userId: string, version: string, roomId?: string, sessionId?: string): Promise<BackupUpdate> {
  return commitChanges(deps, async (tx) => {
    const backup = await lockCurrentBackup(tx, deps.database.dialect, userId, version);
    const v = backup.row.version;
    const gone = await deleteKeys(tx, userId, v, roomId, sessionId);
    const etag = gone > 0 ? await bumpBackupEtag(tx, userId, v) : backup.row.etag;
    return { etag: String(etag), count: await countBackupKeys(tx, userId, v) };
  });
}
