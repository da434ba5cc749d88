import { countOneTimeKeys, listUnusedFallbackKeyTypes } from '../storage/repos/keys.ts';
import { listDeviceListUpdates } from './listDeviceListUpdates.ts';
import { deviceKey, type KeyCounts } from './SyncCache.ts';
import type { SyncContext } from './SyncContext.ts';

export interface DeviceSections {
  to_device: { events: Array<{ type: string; sender: string; content: unknown }> };
  device_lists: { changed: string[]; left: string[] };
  device_one_time_keys_count: Record<string, number>;
  device_unused_fallback_key_types: string[];
}

/**
 * The device's sections: the to-device page acknowledgeToDevice left to send (the session
 * acknowledged what the since token delivered before building), device list changes of users
 * sharing a room (skipped when neither device lists nor memberships moved), and the device's
 * key counts (from SyncCache while no key changed).
 */
export async function buildDeviceSections(ctx: SyncContext): Promise<DeviceSections> {
  const { db, userId, since, upTo } = ctx;
  const deviceId = ctx.req.deviceId;
  const cache = ctx.req.cache;
  const listsMayMove = ctx.changed('device_lists') || ctx.changed('membership');
  const lists = since !== null && listsMayMove ? await listDeviceListUpdates(db, userId, since, upTo, ctx.memberships) : { changed: [], left: [] };
  const readCounts = async (): Promise<KeyCounts> => ({
    oneTimeKeys: await countOneTimeKeys(db, userId, deviceId),
    unusedFallbackKeyTypes: await listUnusedFallbackKeyTypes(db, userId, deviceId),
  });
  const counts = cache ? await cache.keyCounts.get(userId, deviceKey(userId, deviceId), readCounts) : await readCounts();
  return {
    to_device: { events: ctx.req.toDevice.messages.map((m) => ({ sender: m.sender, type: m.type, content: JSON.parse(m.content) as unknown })) },
    device_lists: lists,
    device_one_time_keys_count: counts.oneTimeKeys,
    device_unused_fallback_key_types: counts.unusedFallbackKeyTypes,
  };
}
