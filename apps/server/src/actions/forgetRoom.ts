import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { allocateStreamPosition } from '../storage/repos/events.ts';
import { findMembership, markForgotten } from '../storage/repos/memberships.ts';

/**
 * Forgets a room the user has left: it drops out of their memberships. That is a
 * membership change at a stream position, announced to the user's own syncs only,
 * so their cached membership list (SyncCache) is read again.
 */
export async function forgetRoom(deps: AppDeps, userId: string, roomId: string): Promise<void> {
  const stream = await deps.database.transaction(async (tx) => {
    const m = await findMembership(tx, roomId, userId);
    if (m && (m.membership === 'join' || m.membership === 'invite' || m.membership === 'knock')) {
      throw new MatrixError('M_UNKNOWN', 'You must leave the room before forgetting it', {}, 400);
    }
    if (!m || m.forgotten) return null;
    await markForgotten(tx, roomId, userId);
    return allocateStreamPosition(tx);
  });
  if (stream !== null) deps.notifier.notify(stream, [userId], ['membership']);
}
