import type { MembershipRow } from '../storage/repos/memberships.ts';
import { listRoomEvents, type EventRow } from '../storage/repos/events.ts';
import { BurstMemo } from './BurstMemo.ts';
import type { RoomEventReader } from './scanRoomEvents.ts';
import type { Notifier } from './Notifier.ts';
import { StampedCache } from './StampedCache.ts';

export interface KeyCounts {
  oneTimeKeys: Record<string, number>;
  unusedFallbackKeyTypes: string[];
}

/**
 * What a woken incremental /sync would otherwise read from the database every time
 * although it rarely changes: the user's memberships, the device's key counts, and
 * whether the device has to-device messages waiting. Each is invalidated by the
 * notifier's per-kind positions (see StampedCache), so every writer that notifies
 * with the right kind keeps it true.
 */
export class SyncCache {
  readonly memberships: StampedCache<MembershipRow[]>;
  readonly keyCounts: StampedCache<KeyCounts>;
  /** true: the device had no to-device messages left when last read. */
  readonly toDeviceEmpty: StampedCache<boolean>;
  private readonly roomEventReads = new BurstMemo<EventRow[]>();
  /** listRoomEvents, shared by the syncs of one burst: one read of a room's new events for all the members it wakes. */
  readonly readRoomEvents: RoomEventReader = (db, roomId, after, upTo, dir, limit) =>
    this.roomEventReads.get(`${roomId}\n${after}\n${upTo}\n${dir}\n${limit}`, () => listRoomEvents(db, roomId, after, upTo, dir, limit));

  constructor(notifier: Notifier) {
    this.memberships = new StampedCache(notifier, 'membership');
    this.keyCounts = new StampedCache(notifier, 'keys');
    this.toDeviceEmpty = new StampedCache(notifier, 'to_device');
  }
}

export function deviceKey(userId: string, deviceId: string): string {
  return `${userId}\n${deviceId}`;
}
