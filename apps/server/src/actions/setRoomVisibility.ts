import type { RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findRoom, updateRoomPublic } from '../storage/repos/rooms.ts';
import { accessRoomForModeration } from '../access/accessRoomForModeration.ts';

/**
 * Publishes a room in, or withdraws it from, the server's room directory. The moderation
 * gate comes first, so a caller who may not moderate gets the same 403 whether or not the
 * room exists; only a server admin can learn that a room does not exist (404).
 */
export async function setRoomVisibility(deps: AppDeps, auth: Principal, roomId: RoomId, visibility: 'public' | 'private'): Promise<void> {
  await deps.database.transaction(async (tx) => {
    await accessRoomForModeration(tx, auth, roomId);
    if (!(await findRoom(tx, roomId))) throw new MatrixError('M_NOT_FOUND', 'Room not found');
    await updateRoomPublic(tx, roomId, visibility === 'public');
  });
}
