import type { Queryable } from '../storage/schema.ts';
import type { ChangeKind } from './Notifier.ts';
import type { MembershipRow } from '../storage/repos/memberships.ts';
import { countOneTimeKeys, listUnusedFallbackKeyTypes } from '../storage/repos/keys.ts';
import { listDeviceListUpdates } from './listDeviceListUpdates.ts';
import { deleteToDeviceUpTo, listToDeviceMessages } from '../storage/repos/toDevice.ts';
import { deviceKey, type KeyCounts, type SyncCache } from './SyncCache.ts';

export interface DeviceSections {
  to_device: { events: Array<{ type: string; sender: string; content: unknown }> };
  device_lists: { changed: string[]; left: string[] };
  device_one_time_keys_count: Record<string, number>;
  device_unused_fallback_key_types: string[];
}

/**
 * To-device messages (deleted once a later sync proves receipt), device list
 * changes of users sharing a room, and the device's key counts.
 */
export async function buildDeviceSections(
  db: Queryable,
  userId: string,
  deviceId: string,
  since: number | null,
  upTo: number,
  memberships?: readonly MembershipRow[],
  mayHaveChanged: (kind: ChangeKind) => boolean = () => true,
  cache?: SyncCache,
): Promise<DeviceSections> {
  const device = deviceKey(userId, deviceId);
  let messages: Awaited<ReturnType<typeof listToDeviceMessages>> = [];
  // Read unless the device had none left when last read and none arrived since: delivered messages
  // are deleted by the first sync past them, even when nothing new arrived.
  if (cache?.toDeviceEmpty.peek(userId, device) !== true) {
    messages = await listToDeviceMessages(db, userId, deviceId, upTo);
    // A sync with `since` proves the client holds every message up to it (deleted only when there are some: no write per sync).
    if (since !== null && messages.some((m) => Number(m.stream) <= since)) {
      await deleteToDeviceUpTo(db, userId, deviceId, since);
      messages = messages.filter((m) => Number(m.stream) > since);
    }
    // Everything up to upTo was read, so upTo is the stamp; a message after it notifies 'to_device' later.
    cache?.toDeviceEmpty.set(device, upTo, messages.length === 0);
  }
  const listsMayMove = mayHaveChanged('device_lists') || mayHaveChanged('membership');
  const lists = since !== null && listsMayMove ? await listDeviceListUpdates(db, userId, since, upTo, memberships) : { changed: [], left: [] };
  const readCounts = async (): Promise<KeyCounts> => ({
    oneTimeKeys: await countOneTimeKeys(db, userId, deviceId),
    unusedFallbackKeyTypes: await listUnusedFallbackKeyTypes(db, userId, deviceId),
  });
  const counts = cache ? await cache.keyCounts.get(userId, device, readCounts) : await readCounts();
  return {
    to_device: { events: messages.map((m) => ({ sender: m.sender, type: m.type, content: JSON.parse(m.content) as unknown })) },
    device_lists: lists,
    device_one_time_keys_count: counts.oneTimeKeys,
    device_unused_fallback_key_types: counts.unusedFallbackKeyTypes,
  };
}
