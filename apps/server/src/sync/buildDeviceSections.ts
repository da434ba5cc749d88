import type { Queryable } from '../storage/schema.ts';
import type { ChangeKind } from './Notifier.ts';
import type { MembershipRow } from '../storage/repos/memberships.ts';
import { countOneTimeKeys, listUnusedFallbackKeyTypes } from '../storage/repos/keys.ts';
import { listDeviceListUpdates } from './listDeviceListUpdates.ts';
import { deleteToDeviceDelivered, listToDeviceMessages, type QueuedToDevice } from '../storage/repos/toDevice.ts';
import { deviceKey, type KeyCounts, type SyncCache } from './SyncCache.ts';
import type { SyncToken } from './syncToken.ts';

/** To-device messages per /sync response, as Synapse sends; the client pages through the rest with its next syncs. */
export const TO_DEVICE_PAGE = 100;

export interface DeviceSections {
  to_device: { events: Array<{ type: string; sender: string; content: unknown }> };
  device_lists: { changed: string[]; left: string[] };
  device_one_time_keys_count: Record<string, number>;
  device_unused_fallback_key_types: string[];
}

/**
 * To-device messages, oldest first and at most TO_DEVICE_PAGE of them (each deleted once a later
 * sync proves receipt), device list changes of users sharing a room, and the device's key counts.
 * `toDeviceNext` is the ID of the last message sent when more are waiting (the next token then
 * says how far the queue was delivered, see syncToken.ts), or null when the queue up to `upTo` was delivered.
 */
export async function buildDeviceSections(
  db: Queryable,
  userId: string,
  deviceId: string,
  since: SyncToken | null,
  upTo: number,
  memberships?: readonly MembershipRow[],
  mayHaveChanged: (kind: ChangeKind) => boolean = () => true,
  cache?: SyncCache,
): Promise<DeviceSections & { toDeviceNext: number | null }> {
  const device = deviceKey(userId, deviceId);
  let page: QueuedToDevice[] = [];
  let toDeviceNext: number | null = null;
  // Read unless the device had none left when last read and none arrived since: delivered messages
  // are deleted by the first sync past them, even when nothing new arrived.
  if (cache?.toDeviceEmpty.peek(userId, device) !== true) {
    ({ page, next: toDeviceNext } = await readToDevicePage(db, userId, deviceId, since, upTo));
    // Everything up to upTo was read, so upTo is the stamp; a message after it notifies 'to_device' later.
    cache?.toDeviceEmpty.set(device, upTo, page.length === 0);
  }
  const after = since?.position ?? null;
  const listsMayMove = mayHaveChanged('device_lists') || mayHaveChanged('membership');
  const lists = after !== null && listsMayMove ? await listDeviceListUpdates(db, userId, after, upTo, memberships) : { changed: [], left: [] };
  const readCounts = async (): Promise<KeyCounts> => ({
    oneTimeKeys: await countOneTimeKeys(db, userId, deviceId),
    unusedFallbackKeyTypes: await listUnusedFallbackKeyTypes(db, userId, deviceId),
  });
  const counts = cache ? await cache.keyCounts.get(userId, device, readCounts) : await readCounts();
  return {
    to_device: { events: page.map((m) => ({ sender: m.sender, type: m.type, content: JSON.parse(m.content) as unknown })) },
    device_lists: lists,
    device_one_time_keys_count: counts.oneTimeKeys,
    device_unused_fallback_key_types: counts.unusedFallbackKeyTypes,
    toDeviceNext,
  };
}

/**
 * The next page of a device's to-device queue after what `since` delivered, deleting what it
 * delivered (only when there is some: no write per sync). One read serves both: the messages
 * delivered but not yet deleted are at most the previous page, so a window of two pages and
 * one more holds them, a page, and the proof that more are waiting.
 */
async function readToDevicePage(db: Queryable, userId: string, deviceId: string, since: SyncToken | null, upTo: number): Promise<{ page: QueuedToDevice[]; next: number | null }> {
  const window = 2 * TO_DEVICE_PAGE + 1;
  const delivered = (m: QueuedToDevice): boolean => since !== null && (since.toDevice === null ? Number(m.stream) <= since.position : m.id <= since.toDevice);
  let rows = await listToDeviceMessages(db, userId, deviceId, upTo, window);
  let full = rows.length === window;
  if (since !== null && rows.some(delivered)) {
    await deleteToDeviceDelivered(db, userId, deviceId, since);
    rows = rows.filter((m) => !delivered(m));
    // Only a queue delivered before paging existed can hold more delivered messages than the window.
    if (rows.length === 0 && full) {
      rows = await listToDeviceMessages(db, userId, deviceId, upTo, window);
      full = rows.length === window;
    }
  }
  const page = rows.slice(0, TO_DEVICE_PAGE);
  const more = full || rows.length > page.length;
  return { page, next: more ? page[page.length - 1]!.id : null };
}
