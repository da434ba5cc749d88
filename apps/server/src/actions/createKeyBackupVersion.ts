import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { findHighestBackupVersion, insertBackupVersion } from '../storage/repos/keyBackups.ts';
import { lockUserRow } from '../storage/repos/users.ts';

/**
 * Creates a key backup version, which becomes the user's current one; returns its number (as the
 * spec's opaque string). Numbers count up per user and are never reused, deleted ones included.
 */
export async function createKeyBackupVersion(deps: AppDeps, userId: string, algorithm: string, authDataJson: string): Promise<string> {
  return commitChanges(deps, async (tx) => {
    await lockUserRow(tx, deps.database.dialect, userId);
    const version = (await findHighestBackupVersion(tx, userId)) + 1;
    await insertBackupVersion(tx, { user_id: userId, version, algorithm, auth_data: authDataJson, etag: 0, deleted: 0 });
    return String(version);
  });
}
