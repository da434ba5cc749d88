import type { ChangeKind, Notifier } from '../sync/Notifier.ts';
import type { FeedSubscriber } from './FeedSubscriber.ts';
import type { StreamChange, StreamChangeKind } from './StreamChange.ts';
import { peekKey } from '../sync/peekKey.ts';

const ROOM: readonly ChangeKind[] = ['room'];

/** Which /sync sections each kind of change can touch: the notifier flags only these, so other sections and caches stay. */
const SYNC_KINDS: Record<StreamChangeKind, readonly ChangeKind[]> = {
  room_event: ROOM,
  state: ROOM,
  typing: ROOM,
  // Membership also moves device lists (buildDeviceSections) and the cached membership list (SyncCache).
  membership: ['room', 'membership'],
  room_forgotten: ['membership'],
  account_data: ['account_data'],
  receipt: ['receipts'],
  to_device: ['to_device'],
  device_list: ['device_lists'],
  keys: ['keys'],
  presence: ['presence'],
  // Unread counts moved (sync/buildUnreadCounts.ts).
  push_actions: ['notifications'],
};

/**
 * The notifier as a feed subscriber: wakes the long-polls of each change's audience
 * with the sync kinds it touched. Changes of a commit that flag the same kinds are
 * merged into one notify (so one publish over Redis, where the bridge listens). A timeline
 * change also wakes the room's peek key (sync/peekKey.ts), where GET /events?room_id= waits.
 */
export function wakeNotifier(notifier: Notifier): FeedSubscriber {
  return {
    name: 'notifier',
    deliver({ position, changes, audiences }) {
      if (changes.length === 1) {
        const change = changes[0]!;
        const peek = peekedRoomOf(change);
        notifier.notify(position, peek === null ? audiences[0]! : [...audiences[0]!, peekKey(peek)], SYNC_KINDS[change.kind]);
        return;
      }
      const byKinds = new Map<readonly ChangeKind[], Set<string>>();
      changes.forEach((change, i) => {
        const kinds = SYNC_KINDS[change.kind];
        let users = byKinds.get(kinds);
        if (!users) byKinds.set(kinds, (users = new Set()));
        for (const u of audiences[i]!) users.add(u);
        const peek = peekedRoomOf(change);
        if (peek !== null) users.add(peekKey(peek));
      });
      for (const [kinds, users] of byKinds) notifier.notify(position, users, kinds);
    },
  };
}

/** The room whose peekers (GET /events?room_id=) a change wakes: any change to its timeline. */
function peekedRoomOf(change: StreamChange): string | null {
  return change.kind === 'room_event' || change.kind === 'state' || change.kind === 'membership' ? change.roomId : null;
}
