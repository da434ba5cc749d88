import { canonicalJson, verifyJsonSignature } from '@parley/protocol/node';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import type { CheckedCrossSigningKey } from '../crossSigning/checkCrossSigningKey.ts';
import { deleteKeySignaturesOnTargets, listCrossSigningKeys, upsertCrossSigningKey, type CrossSigningKeyRow, type CrossSigningKeyType } from '../storage/repos/crossSigning.ts';
import { listDevices } from '../storage/repos/devices.ts';
import { insertDeviceListChange } from '../storage/repos/keys.ts';
import { lockUserRow } from '../storage/repos/users.ts';

export type StoredCrossSigningKeys = Partial<Record<CrossSigningKeyType, CrossSigningKeyRow>>;

/**
 * Whether an upload must pass user-interactive auth (spec, POST /keys/device_signing/upload):
 * not when the user has no master key yet, nor when every uploaded key is exactly the stored one
 * (a retried first upload); otherwise, yes: it replaces keys.
 */
export function crossSigningUploadNeedsAuth(stored: StoredCrossSigningKeys, uploaded: readonly CheckedCrossSigningKey[]): boolean {
  if (!stored.master) return false;
  return uploaded.some((k) => {
    const old = stored[k.type];
    return !old || canonicalJson(JSON.parse(old.key_json)) !== canonicalJson(k.key);
  });
}

/**
 * Stores the caller's public cross-signing keys (checked by `checkCrossSigningKey`). The
 * self-signing and user-signing keys must carry a valid signature by the master key: the one
 * uploaded with them, else the stored one. `authenticated` says whether the request passed
 * user-interactive auth; the need for it is decided again under the user's lock, so a concurrent
 * first upload cannot be replaced without it. A change is a device-list change of the user.
 */
export async function uploadCrossSigningKeys(deps: AppDeps, userId: string, uploaded: readonly CheckedCrossSigningKey[], authenticated: boolean): Promise<void> {
  await commitChanges(deps, async (tx, feed) => {
    await lockUserRow(tx, deps.database.dialect, userId);
    const stored = await listCrossSigningKeys(tx, userId);
    if (!authenticated && crossSigningUploadNeedsAuth(stored, uploaded)) {
      throw new MatrixError('M_FORBIDDEN', 'The cross-signing keys were changed by another request; try again');
    }
    const newMaster = uploaded.find((k) => k.type === 'master');
    const master = newMaster
      ? { keyId: newMaster.keyId, publicKey: newMaster.publicKey }
      : stored.master
        ? { keyId: `ed25519:${stored.master.key_id}`, publicKey: stored.master.key_id }
        : null;
    for (const k of uploaded) {
      if (k.type === 'master') continue;
      if (!master) throw new MatrixError('M_MISSING_PARAM', `No master key to check the ${k.type} key against: upload one`);
      if (!verifyJsonSignature(k.key, userId, master.keyId, master.publicKey)) throw new MatrixError('M_INVALID_SIGNATURE', `The ${k.type} key is not signed by the master key`);
    }
    // Cross-signing public keys share the key ID namespace with device IDs (spec, "Key and signature security").
    const deviceIds = new Set((await listDevices(tx, userId)).map((d) => d.device_id));
    for (const k of uploaded) if (deviceIds.has(k.publicKey)) throw new MatrixError('M_FORBIDDEN', 'A cross-signing public key is the ID of one of your devices');

    const changed = uploaded.filter((k) => {
      const old = stored[k.type];
      return !old || canonicalJson(JSON.parse(old.key_json)) !== canonicalJson(k.key);
    });
    if (changed.length === 0) return;
    const stream = await feed.position();
    for (const k of changed) await upsertCrossSigningKey(tx, { user_id: userId, key_type: k.type, key_id: k.publicKey, key_json: JSON.stringify(k.key), stream });
    // Signatures on a replaced master key are about a key nobody uses any more.
    if (newMaster && stored.master && stored.master.key_id !== newMaster.publicKey) await deleteKeySignaturesOnTargets(tx, userId, [stored.master.key_id]);
    await insertDeviceListChange(tx, userId, stream);
    feed.emit({ kind: 'device_list', userId });
  });
}
