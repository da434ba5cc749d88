import type { MembershipRow } from '../storage/repos/memberships.ts';
import type { Queryable } from '../storage/schema.ts';
import { listMemberEventsAt, listRoomEvents, type EventRow } from '../storage/repos/events.ts';
import { BurstMemo } from './BurstMemo.ts';
import type { RoomEventReader } from './scanRoomEvents.ts';
import { loadRoomMembersSummary, type RoomMembersSummary } from './buildRoomSections.ts';
import type { Notifier } from './Notifier.ts';
import { StampedCache } from './StampedCache.ts';
import { FilterCache } from './FilterCache.ts';
import { SentMemberTracker } from './SentMemberTracker.ts';

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
  /** The users the user ignores (m.ignored_user_list), read again only after an account data change. */
  readonly ignoredUsers: StampedCache<ReadonlySet<string>>;
  /** /sync filters, parsed and checked once per distinct filter. */
  readonly filters = new FilterCache();
  /** Lazy loading: which member events each device already received. */
  readonly sentMembers = new SentMemberTracker();
  private readonly roomEventReads = new BurstMemo<EventRow[]>();
  private readonly roomSummaries = new BurstMemo<RoomMembersSummary>();
  private readonly memberReads = new BurstMemo<EventRow[]>();
  /** Lazy loading's read of a timeline's senders' member events, shared by the syncs one event wakes. */
  readonly readMemberEvents: typeof listMemberEventsAt = (db, roomId, position, userIds) =>
    this.memberReads.get(`${roomId}\n${position}\n${[...userIds].sort().join('\n')}`, () => listMemberEventsAt(db, roomId, position, userIds));
  /**
   * loadRoomMembersSummary, shared by the syncs one membership change wakes (it sorts the room's
   * members). Keyed by the sync position too: a later change is a later position, never a stale hit.
   */
  readonly loadRoomSummary = (db: Queryable, roomId: string, upTo: number): Promise<RoomMembersSummary> =>
    this.roomSummaries.get(`${roomId}\n${upTo}`, () => loadRoomMembersSummary(db, roomId));
  /** listRoomEvents, shared by the syncs of one burst: one read of a room's new events for all the members it wakes. */
  readonly readRoomEvents: RoomEventReader = (db, roomId, after, upTo, dir, limit) =>
    this.roomEventReads.get(`${roomId}\n${after}\n${upTo}\n${dir}\n${limit}`, () => listRoomEvents(db, roomId, after, upTo, dir, limit));

  constructor(notifier: Notifier) {
    this.memberships = new StampedCache(notifier, 'membership');
    this.keyCounts = new StampedCache(notifier, 'keys');
    this.toDeviceEmpty = new StampedCache(notifier, 'to_device');
    this.ignoredUsers = new StampedCache(notifier, 'account_data');
  }
}

export function deviceKey(userId: string, deviceId: string): string {
  return `${userId}\n${deviceId}`;
}
