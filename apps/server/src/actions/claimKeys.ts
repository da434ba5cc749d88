import { parseUserId, serverNameOf } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { findFallbackKey, takeOneTimeKey, updateFallbackKeyUsed } from '../storage/repos/keys.ts';

export interface ClaimedKeys {
  one_time_keys: Record<string, Record<string, Record<string, unknown>>>;
  failures: Record<string, unknown>;
}

/**
 * Claims one key per requested (user, device, algorithm): a one-time key, which
 * is deleted, or else the device's fallback key, which is marked used and may be
 * handed out again. Devices without either are left out of the answer.
 */
export async function claimKeys(deps: AppDeps, request: Record<string, Record<string, string>>): Promise<ClaimedKeys> {
  const out: ClaimedKeys = { one_time_keys: {}, failures: {} };
  const local = Object.entries(request).filter(([userId]) => parseUserId(userId) !== null && serverNameOf(userId) === deps.config.serverName);
  if (local.length === 0) return out;
  const owners = new Set<string>();
  await commitChanges(deps, async (tx, feed) => {
    for (const [userId, devices] of local) {
      for (const [deviceId, algorithm] of Object.entries(devices)) {
        let claimed: { id: string; json: string } | undefined;
        const otk = await takeOneTimeKey(tx, userId, deviceId, algorithm);
        if (otk) {
          claimed = { id: otk.key_id, json: otk.key_json };
          owners.add(userId);
        } else {
          const fallback = await findFallbackKey(tx, userId, deviceId, algorithm);
          if (fallback) {
            if (!fallback.used) {
              await updateFallbackKeyUsed(tx, userId, deviceId, algorithm);
              owners.add(userId);
            }
            claimed = { id: `${algorithm}:${fallback.key_id}`, json: fallback.key_json };
          }
        }
        if (!claimed) continue;
        ((out.one_time_keys[userId] ??= {})[deviceId] ??= {})[claimed.id] = JSON.parse(claimed.json) as unknown;
      }
    }
    // The owners' key counts changed: a position, so their /sync key-count caches (SyncCache) refresh.
    for (const userId of owners) feed.emit({ kind: 'keys', userId });
  });
  return out;
}
