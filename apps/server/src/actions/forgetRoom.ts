import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findMembership, markForgotten } from '../storage/repos/memberships.ts';

/**
 * Forgets a room the user has left: it drops out of their memberships. That is a
 * membership change at a stream position, announced to the user's own syncs only,
 * so their cached membership list (SyncCache) is read again.
 */
export async function forgetRoom(deps: AppDeps, userId: string, roomId: string): Promise<void> {
  await commitChanges(deps, async (tx, feed) => {
    const m = await findMembership(tx, roomId, userId);
    if (m && (m.membership === 'join' || m.membership === 'invite' || m.membership === 'knock')) {
      throw new MatrixError('M_UNKNOWN', 'You must leave the room before forgetting it', {}, 400);
    }
    if (!m || m.forgotten) return;
    await markForgotten(tx, roomId, userId);
    feed.emit({ kind: 'room_forgotten', roomId, userId });
  });
}
