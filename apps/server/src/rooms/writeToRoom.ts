import type { RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import type { FeedWriter } from '../feed/FeedWriter.ts';
import { lockRoom, type RoomLock } from '../storage/RoomLock.ts';
import { MatrixError } from '../errors/MatrixError.ts';

/** The refusal for writes by non-members: the same whether or not the room exists. */
export const ROOM_WRITE_REFUSED = 'You are not allowed to do that in this room';

/**
 * Runs `fn` in a transaction (commitChanges) holding the room's lock. The write records what it
 * appended (`feed.emit(roomChangeOf(appended))`); after commit the feed wakes each
 * change's audience (the room's joined members, plus e.g. a kicked user). A write that
 * records nothing (e.g. joining a room one is already in) wakes nobody.
 */
export async function writeToRoom<T>(deps: AppDeps, roomId: RoomId, fn: (lock: RoomLock, feed: FeedWriter) => Promise<T>): Promise<T> {
  return commitChanges(deps, async (tx, feed) => {
    const lock = await lockRoom(tx, deps.database.dialect, roomId);
    if (!lock) throw new MatrixError('M_FORBIDDEN', ROOM_WRITE_REFUSED);
    return fn(lock, feed);
  });
}
