import type { RoomLock } from '../storage/RoomLock.ts';
import { deletePushActionsOf } from '../storage/repos/pushActions.ts';
import { recountPushCounts } from '../storage/repos/pushCounts.ts';

/**
 * A redacted event no longer notifies (as Synapse): its push actions are deleted, so it leaves
 * GET /notifications, and each user it notified has the room's unread counts recounted, moved
 * at the redaction's stream position so /sync sends them. With several nodes the evaluator may
 * be writing this event's actions right now: persistEvents holds push evaluation (shared) before
 * it takes stream positions, so this runs after that evaluation committed and before the next.
 */
export async function forgetPushActions(lock: RoomLock, eventId: string, redactionStream: number): Promise<void> {
  const users = await deletePushActionsOf(lock.tx, eventId);
  for (const userId of users) await recountPushCounts(lock.tx, userId, lock.roomId, redactionStream);
}
