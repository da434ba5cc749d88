import type { RoomAlias, RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { AuthContext } from '../http/AuthContext.ts';
import { MatrixError } from '../http/MatrixError.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { insertRoomAlias } from '../storage/repos/roomAliases.ts';

/** Maps a local alias to a room the caller is joined to; 409 M_UNKNOWN when the alias is taken. */
export async function setRoomAlias(deps: AppDeps, auth: AuthContext, alias: RoomAlias, roomId: RoomId): Promise<void> {
  await deps.database.transaction(async (tx) => {
    const m = await findMembership(tx, roomId, auth.userId);
    if (m?.membership !== 'join') throw new MatrixError('M_FORBIDDEN', 'You must be joined to the room to give it an alias');
    const inserted = await insertRoomAlias(tx, { alias, room_id: roomId, creator: auth.userId });
    if (!inserted) throw new MatrixError('M_UNKNOWN', `Room alias ${alias} already exists`, {}, 409);
  });
}
