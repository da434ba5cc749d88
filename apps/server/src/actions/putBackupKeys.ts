import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { replacesBackupKey, type BackupKeyInput } from '../keyBackup/BackupKeyInput.ts';
import { lockCurrentBackup } from '../keyBackup/lockCurrentBackup.ts';
import { bumpBackupEtag, countBackupKeys, listBackupKeysOfSessions, upsertBackupKey } from '../storage/repos/keyBackups.ts';

export interface BackupUpdate {
  etag: string;
  count: number;
}

/**
 * Stores session keys in the user's current backup version (any other version is refused with
 * M_WRONG_ROOM_KEYS_VERSION). A key already stored is replaced only by a better one
 * (`replacesBackupKey`). If anything changed, the version's etag moves on, in the same transaction
 * and under the user's backup lock, so concurrent uploads each get their own etag.
 */
export async function putBackupKeys(deps: AppDeps, userId: string, version: string, keys: readonly BackupKeyInput[]): Promise<BackupUpdate> {
  return commitChanges(deps, async (tx) => {
    const backup = await lockCurrentBackup(tx, deps.database.dialect, userId, version);
    const v = backup.row.version;
    const stored = new Map<string, { first_message_index: number; forwarded_count: number; is_verified: boolean }>();
    for (const r of await listBackupKeysOfSessions(tx, userId, v, [...new Set(keys.map((k) => k.roomId))], [...new Set(keys.map((k) => k.sessionId))])) {
      stored.set(`${r.room_id}\u0000${r.session_id}`, { first_message_index: r.first_message_index, forwarded_count: r.forwarded_count, is_verified: r.is_verified === 1 });
    }
    let changed = false;
    for (const k of keys) {
      const id = `${k.roomId}\u0000${k.sessionId}`;
      const old = stored.get(id);
      if (old && !replacesBackupKey(k.data, old)) continue;
      await upsertBackupKey(tx, {
        user_id: userId,
        version: v,
        room_id: k.roomId,
        session_id: k.sessionId,
        first_message_index: k.data.first_message_index,
        forwarded_count: k.data.forwarded_count,
        is_verified: k.data.is_verified ? 1 : 0,
        session_data: k.sessionDataJson,
      });
      stored.set(id, k.data);
      changed = true;
    }
    const etag = changed ? await bumpBackupEtag(tx, userId, v) : backup.row.etag;
    return { etag: String(etag), count: await countBackupKeys(tx, userId, v) };
  });
}
