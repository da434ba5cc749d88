import type { PresenceTimeouts } from '../presence/effectivePresence.ts';
import type { Queryable } from '../storage/schema.ts';
import type { MembershipRow } from '../storage/repos/memberships.ts';
import type { SyncFilterJson } from './EventFilter.ts';
import type { FormatContext } from './formatEvent.ts';
import type { ChangeKind } from './Notifier.ts';
import type { SyncCache } from './SyncCache.ts';
import type { SyncToken } from './syncToken.ts';
import type { ToDevicePage } from './acknowledgeToDevice.ts';
import type { TypingTracker } from './TypingTracker.ts';
import type { Visibility } from './Visibility.ts';

/** What one /sync response is built for: the range (since, upTo] of one device. */
export interface SyncRequest {
  userId: string;
  deviceId: string;
  /** The since token; null for an initial sync. */
  since: SyncToken | null;
  upTo: number;
  fullState: boolean;
  filter: SyncFilterJson;
  now: number;
  /** In-memory typing state, for m.typing in rooms' ephemeral events. */
  typing?: TypingTracker;
  /** `use_state_after`: rooms carry `state_after` (state up to the end of the timeline) instead of `state`. */
  useStateAfter?: boolean;
  /** From the notifier: false when nothing of that kind changed for the user since `since`, so its section can be skipped. */
  mayHaveChanged?: (kind: ChangeKind) => boolean;
  /** Memberships, key counts and to-device state kept between syncs (trusted only while the notifier says unchanged). */
  cache?: SyncCache;
  /** Presence timeouts when presence is on; absent or null: no presence section. */
  presence?: PresenceTimeouts | null;
  /** The page of the device's to-device queue this sync sends, from acknowledgeToDevice. */
  toDevice: ToDevicePage;
}

/**
 * What every section builder of one response shares: the request, and the reads more than one
 * section needs (the user's memberships, the rooms with new events, history visibility), each
 * done once by buildSync before the sections run.
 */
export interface SyncContext {
  db: Queryable;
  req: SyncRequest;
  userId: string;
  /** The since position, null for an initial sync. */
  since: number | null;
  /** Lower bound (exclusive) of every range read: the since position, or 0. */
  after: number;
  upTo: number;
  filter: SyncFilterJson;
  /** false when nothing of that kind changed since `since` (always true on an initial sync). */
  changed: (kind: ChangeKind) => boolean;
  /** The user's memberships as of `upTo`. */
  memberships: MembershipRow[];
  /** Whether the filter's room lists keep the room. */
  roomAllowed: (roomId: string) => boolean;
  /** The joined rooms (as of `upTo`). */
  joinedIds: string[];
  /** Joined rooms whose events moved in the range (all joined rooms on an initial sync). */
  active: ReadonlySet<string>;
  /** History visibility for the rooms that have anything to send (it hides ignored users' events too). */
  visibility: Visibility;
  /** The users this user ignores (m.ignored_user_list): their invites are not sent. */
  ignored: ReadonlySet<string>;
  /** Whether the membership row changed in the range (always on an initial sync). */
  membershipChanged: (m: MembershipRow) => boolean;
  format: FormatContext;
}
