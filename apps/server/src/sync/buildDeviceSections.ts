import type { Queryable } from '../storage/schema.ts';
import type { ChangeKind } from './Notifier.ts';
import { listRoomMemberIds, listUserMemberships, listUsersSharingRoomsWith, type MembershipRow } from '../storage/repos/memberships.ts';
import { countOneTimeKeys, listDeviceListChangers, listMemberChangesBetween, listUnusedFallbackKeyTypes } from '../storage/repos/keys.ts';
import { deleteToDeviceUpTo, listToDeviceMessages } from '../storage/repos/toDevice.ts';
import { deviceKey, type KeyCounts, type SyncCache } from './SyncCache.ts';

export interface DeviceSections {
  to_device: { events: Array<{ type: string; sender: string; content: unknown }> };
  device_lists: { changed: string[]; left: string[] };
  device_one_time_keys_count: Record<string, number>;
  device_unused_fallback_key_types: string[];
}

export interface DeviceListUpdates {
  changed: string[];
  left: string[];
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
  leftUsers: string[],
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
  const listsMayMove = mayHaveChanged('device_lists') || mayHaveChanged('membership') || leftUsers.length > 0;
  const lists = since !== null && listsMayMove ? await listDeviceListUpdates(db, userId, since, upTo, leftUsers, memberships) : { changed: [], left: [] };
  const readCounts = async (): Promise<KeyCounts> => ({ oneTimeKeys: await countOneTimeKeys(db, userId, deviceId), unusedFallbackKeyTypes: await listUnusedFallbackKeyTypes(db, userId, deviceId) });
  const counts = cache ? await cache.keyCounts.get(userId, device, readCounts) : await readCounts();
  return {
    to_device: { events: messages.map((m) => ({ sender: m.sender, type: m.type, content: JSON.parse(m.content) as unknown })) },
    device_lists: lists,
    device_one_time_keys_count: counts.oneTimeKeys,
    device_unused_fallback_key_types: counts.unusedFallbackKeyTypes,
  };
}

/**
 * Users whose devices the viewer should re-query after (after, upTo]: those sharing a
 * room whose keys changed, who newly share a room (a join on either side); and
 * users the viewer no longer shares any room with (`left`).
 */
export async function listDeviceListUpdates(
  db: Queryable,
  userId: string,
  after: number,
  upTo: number,
  alsoLeft: readonly string[] = [],
  knownMemberships?: readonly MembershipRow[],
): Promise<DeviceListUpdates> {
  const memberships = knownMemberships ?? (await listUserMemberships(db, userId));
  const rooms = memberships.filter((m) => m.membership === 'join' || ((m.membership === 'leave' || m.membership === 'ban') && Number(m.stream) > after)).map((m) => m.room_id);
  const [changers, memberChanges] = await Promise.all([listDeviceListChangers(db, after, upTo), listMemberChangesBetween(db, rooms, after, upTo)]);
  if (changers.length === 0 && memberChanges.length === 0 && alsoLeft.length === 0) return { changed: [], left: [] };
  const sharing = new Set(await listUsersSharingRoomsWith(db, userId));
  sharing.add(userId);
  const changed = new Set(changers.filter((u) => sharing.has(u)));
  const leftCandidates = new Set(alsoLeft);
  for (const c of memberChanges) {
    if (c.user_id === userId) {
      // The viewer joined or left a room: every member there is (or may no longer be) a peer.
      const members = await listRoomMemberIds(db, c.room_id, ['join']);
      for (const u of members) (c.membership === 'join' ? changed : leftCandidates).add(u);
    } else if (c.membership === 'join') changed.add(c.user_id);
    else leftCandidates.add(c.user_id);
  }
  const left = [...leftCandidates].filter((u) => !sharing.has(u));
  return { changed: [...changed].filter((u) => sharing.has(u) && (u !== userId || changers.includes(u))).sort(), left: left.sort() };
}
