import type { Queryable } from '../storage/schema.ts';
import { accessRoomForRead, ROOM_READ_REFUSED } from './accessRoomForRead.ts';
import { MatrixError } from '../errors/MatrixError.ts';

/**
 * For data only current participants may read (joined members, local aliases):
 * a joined member, or anyone when `allowWorldReadable` and the room is world_readable.
 * Refuses with the same body as accessRoomForRead, so a private room looks like a missing one.
 */
export async function accessRoomAsMember(db: Queryable, userId: string, roomId: string, allowWorldReadable: boolean): Promise<void> {
  const access = await accessRoomForRead(db, userId, roomId);
  if (access.membership === 'join') return;
  if (allowWorldReadable && access.upTo === Number.MAX_SAFE_INTEGER) return;
  throw new MatrixError('M_FORBIDDEN', ROOM_READ_REFUSED);
}
