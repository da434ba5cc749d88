import type { AppDeps } from '../deps.ts';
import { deleteDevices, listDevices } from '../storage/repos/devices.ts';
import { allocateStreamPosition } from '../storage/repos/events.ts';
import { insertDeviceListChange } from '../storage/repos/keys.ts';
import { listUsersSharingRoomsWith } from '../storage/repos/memberships.ts';

/**
 * Deletes some of a user's devices with their access tokens, keys and queued
 * to-device messages, and announces the device list change to the users who
 * share a room with them. Unknown device IDs are ignored.
 */
export async function removeDevices(deps: AppDeps, userId: string, deviceIds: readonly string[]): Promise<void> {
  const wanted = new Set(deviceIds);
  const stream = await deps.database.transaction(async (tx) => {
    const existing = (await listDevices(tx, userId)).filter((d) => wanted.has(d.device_id)).map((d) => d.device_id);
    // Tokens of a device ID without a device row are revoked too.
    await deleteDevices(tx, userId, [...wanted]);
    if (existing.length === 0) return 0;
    const position = await allocateStreamPosition(tx);
    await insertDeviceListChange(tx, userId, position);
    return position;
  });
  if (stream === 0) return;
  const audience = await listUsersSharingRoomsWith(deps.database.db, userId);
  deps.notifier.notify(stream, [...audience, userId]);
}
