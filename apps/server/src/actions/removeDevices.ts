import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { deleteDevices, listDevices } from '../storage/repos/devices.ts';
import { deleteKeySignaturesOnTargets } from '../storage/repos/crossSigning.ts';
import { insertDeviceListChange } from '../storage/repos/keys.ts';

/**
 * Deletes some of a user's devices with their access tokens, keys and queued
 * to-device messages, and announces the device list change to the users who
 * share a room with them. Unknown device IDs are ignored.
 */
export async function removeDevices(deps: AppDeps, userId: string, deviceIds: readonly string[]): Promise<void> {
  const wanted = new Set(deviceIds);
  await commitChanges(deps, async (tx, feed) => {
    const existing = (await listDevices(tx, userId)).filter((d) => wanted.has(d.device_id)).map((d) => d.device_id);
    // Tokens of a device ID without a device row are revoked too.
    await deleteDevices(tx, userId, [...wanted]);
    if (existing.length === 0) return;
    // Signatures on them (by the self-signing key) sign keys nobody holds any more.
    await deleteKeySignaturesOnTargets(tx, userId, existing);
    await insertDeviceListChange(tx, userId, await feed.position());
    feed.emit({ kind: 'device_list', userId });
    // Their one-time and fallback keys went with them (a device ID used again must not see cached counts).
    feed.emit({ kind: 'keys', userId });
  });
}
