import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findDevice, updateDeviceDisplayName } from '../storage/repos/devices.ts';
import { allocateStreamPosition } from '../storage/repos/events.ts';
import { insertDeviceListChange } from '../storage/repos/keys.ts';
import { listUsersSharingRoomsWith } from '../storage/repos/memberships.ts';

/** Sets a device's display name; other users see it through their device lists. */
export async function renameDevice(deps: AppDeps, userId: string, deviceId: string, displayName: string): Promise<void> {
  const stream = await deps.database.transaction(async (tx) => {
    const device = await findDevice(tx, userId, deviceId);
    if (!device) throw new MatrixError('M_NOT_FOUND', 'No device with that ID');
    if (device.display_name === displayName) return 0;
    await updateDeviceDisplayName(tx, userId, deviceId, displayName);
    const position = await allocateStreamPosition(tx);
    await insertDeviceListChange(tx, userId, position);
    return position;
  });
  if (stream === 0) return;
  const audience = await listUsersSharingRoomsWith(deps.database.db, userId);
  deps.notifier.notify(stream, [...audience, userId], ['device_lists']);
}
