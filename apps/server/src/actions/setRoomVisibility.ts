import type { RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { AuthContext } from '../http/AuthContext.ts';
import { MatrixError } from '../http/MatrixError.ts';
import { findRoom, updateRoomPublic } from '../storage/repos/rooms.ts';
import { accessRoomForModeration } from '../access/accessRoomForModeration.ts';

/** Publishes a room in, or withdraws it from, the server's room directory. */
export async function setRoomVisibility(deps: AppDeps, auth: AuthContext, roomId: RoomId, visibility: 'public' | 'private'): Promise<void> {
  await deps.database.transaction(async (tx) => {
    if (!(await findRoom(tx, roomId))) throw new MatrixError('M_NOT_FOUND', 'Room not found');
    await accessRoomForModeration(tx, auth, roomId);
    await updateRoomPublic(tx, roomId, visibility === 'public');
  });
}
