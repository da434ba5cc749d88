import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findDevice, updateDeviceDisplayName } from '../storage/repos/devices.ts';
import { insertDeviceListChange } from '../storage/repos/keys.ts';

/** Sets a device's display name; other users see it through their device lists. */
export async function renameDevice(deps: AppDeps, userId: string, deviceId: string, displayName: string): Promise<void> {
  await commitChanges(deps, async (tx, feed) => {
    const device = await findDevice(tx, userId, deviceId);
    if (!device) throw new MatrixError('M_NOT_FOUND', 'No device with that ID');
    if (device.display_name === displayName) return;
    await updateDeviceDisplayName(tx, userId, deviceId, displayName);
    await insertDeviceListChange(tx, userId, await feed.position());
    feed.emit({ kind: 'device_list', userId });
  });
}
