import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { deleteKeySignaturesOnTargets } from '../storage/repos/crossSigning.ts';
import {
  countOneTimeKeys,
  findDeviceKeys,
  findFallbackKey,
  insertDeviceListChange,
  insertOneTimeKeys,
  listOneTimeKeyIds,
  upsertDeviceKeys,
  upsertFallbackKey,
  type OneTimeKeyRow,
} from '../storage/repos/keys.ts';

export interface DeviceKeysJson {
  user_id: string;
  device_id: string;
  algorithms: string[];
  keys: Record<string, string>;
  signatures: Record<string, Record<string, string>>;
  [extra: string]: unknown;
}

/** Largest device_keys object, as JSON: a real one (keys, signatures) is well under 2 KiB. */
const MAX_DEVICE_KEYS_JSON = 16_384;

export interface UploadKeysInput {
  deviceKeys?: DeviceKeysJson;
  /** `algorithm:key_id` -> key (a string for unsigned curve25519 keys, else an object). */
  oneTimeKeys?: Record<string, unknown>;
  fallbackKeys?: Record<string, unknown>;
}

/** Splits `algorithm:key_id`, refusing anything else. */
function splitKeyId(id: string): { algorithm: string; keyId: string } {
  const i = id.indexOf(':');
  if (i <= 0 || i === id.length - 1) throw new MatrixError('M_INVALID_PARAM', `Invalid key ID ${JSON.stringify(id)}: expected <algorithm>:<key_id>`);
  return { algorithm: id.slice(0, i), keyId: id.slice(i + 1) };
}

/**
 * Stores the calling device's identity keys, one-time keys and fallback keys.
 * New or changed identity keys are a device-list change at a new stream
 * position, announced after commit to everyone sharing a room with the caller.
 * Returns the device's one-time key counts.
 */
export async function uploadKeys(deps: AppDeps, auth: Principal, input: UploadKeysInput): Promise<Record<string, number>> {
  const { userId, deviceId } = auth;
  const dk = input.deviceKeys;
  if (dk && (dk.user_id !== userId || dk.device_id !== deviceId)) {
    throw new MatrixError('M_INVALID_PARAM', 'device_keys.user_id and device_keys.device_id must match the access token');
  }
  const otks = Object.entries(input.oneTimeKeys ?? {}).map(([id, key]) => ({ ...splitKeyId(id), fullId: id, json: JSON.stringify(key) }));
  const fallbacks = Object.entries(input.fallbackKeys ?? {}).map(([id, key]) => ({ ...splitKeyId(id), json: JSON.stringify(key) }));
  for (const k of [...otks, ...fallbacks]) if (k.json.length > 4096) throw new MatrixError('M_INVALID_PARAM', `Key ${k.algorithm}:${k.keyId} is too large`);

  await commitChanges(deps, async (tx, feed) => {
    let listsChanged = false;
    let keysChanged = false;
    if (dk) {
      const { unsigned: _unsigned, ...stored } = dk;
      const json = JSON.stringify(stored);
      // Everyone sharing a room with the caller downloads these through /keys/query, once per device.
      if (json.length > MAX_DEVICE_KEYS_JSON) throw new MatrixError('M_INVALID_PARAM', `device_keys is larger than ${MAX_DEVICE_KEYS_JSON} characters`);
      const existing = await findDeviceKeys(tx, userId, deviceId);
      if (existing?.key_json !== json) {
        const stream = await feed.position();
        await upsertDeviceKeys(tx, { user_id: userId, device_id: deviceId, key_json: json, stream });
        // Signatures uploaded for the old keys (by the self-signing key) do not cover the new ones.
        if (existing) await deleteKeySignaturesOnTargets(tx, userId, [deviceId]);
        await insertDeviceListChange(tx, userId, stream);
        listsChanged = true;
      }
    }
    if (otks.length > 0) {
      const existing = new Map(
        (
          await listOneTimeKeyIds(
            tx,
            userId,
            deviceId,
            otks.map((k) => k.fullId),
          )
        ).map((r) => [r.key_id, r.key_json]),
      );
      const fresh: OneTimeKeyRow[] = [];
      for (const k of otks) {
        const old = existing.get(k.fullId);
        if (old === undefined) fresh.push({ user_id: userId, device_id: deviceId, key_id: k.fullId, algorithm: k.algorithm, key_json: k.json });
        else if (old !== k.json) throw new MatrixError('M_INVALID_PARAM', `One-time key ${k.fullId} already exists with a different value`);
      }
      await insertOneTimeKeys(tx, fresh);
      if (fresh.length > 0) keysChanged = true;
    }
    for (const k of fallbacks) {
      const old = await findFallbackKey(tx, userId, deviceId, k.algorithm);
      // Re-uploading the same fallback key keeps its "used" mark.
      if (old && old.key_id === k.keyId && old.key_json === k.json) continue;
      await upsertFallbackKey(tx, { user_id: userId, device_id: deviceId, algorithm: k.algorithm, key_id: k.keyId, key_json: k.json, used: 0 });
      keysChanged = true;
    }
    if (listsChanged) feed.emit({ kind: 'device_list', userId });
    // New key counts are a change at a stream position too: /sync caches them per device (SyncCache).
    if (listsChanged || keysChanged) feed.emit({ kind: 'keys', userId });
  });
  return countOneTimeKeys(deps.database.db, userId, deviceId);
}
