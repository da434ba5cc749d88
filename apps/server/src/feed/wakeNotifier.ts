import type { ChangeKind, Notifier } from '../sync/Notifier.ts';
import type { FeedSubscriber } from './FeedSubscriber.ts';
import type { StreamChangeKind } from './StreamChange.ts';

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
};

/**
 * The notifier as a feed subscriber: wakes the long-polls of each change's audience
 * with the sync kinds it touched. Changes of a commit that flag the same kinds are
 * merged into one notify (so one publish over Redis, where the bridge listens).
 */
export function wakeNotifier(notifier: Notifier): FeedSubscriber {
  return {
    name: 'notifier',
    deliver({ position, changes, audiences }) {
      if (changes.length === 1) {
        notifier.notify(position, audiences[0]!, SYNC_KINDS[changes[0]!.kind]);
        return;
      }
      const byKinds = new Map<readonly ChangeKind[], Set<string>>();
      changes.forEach((change, i) => {
        const kinds = SYNC_KINDS[change.kind];
        let users = byKinds.get(kinds);
        if (!users) byKinds.set(kinds, (users = new Set()));
        for (const u of audiences[i]!) users.add(u);
      });
      for (const [kinds, users] of byKinds) notifier.notify(position, users, kinds);
    },
  };
}
