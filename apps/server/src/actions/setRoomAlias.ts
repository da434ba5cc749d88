import type { RoomAlias, RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { countRoomAliasesBy, insertRoomAlias } from '../storage/repos/roomAliases.ts';

/** Aliases one user may give one room: the room's alias list (GET /rooms/{roomId}/aliases) stays bounded by its members. */
export const MAX_ALIASES_PER_USER_AND_ROOM = 50;

/**
 * Maps a local alias to a room the caller is joined to; 409 M_UNKNOWN when the alias is taken,
 * 403 M_FORBIDDEN past MAX_ALIASES_PER_USER_AND_ROOM.
 */
export async function setRoomAlias(deps: AppDeps, auth: Principal, alias: RoomAlias, roomId: RoomId): Promise<void> {
  await deps.database.transaction(async (tx) => {
    const m = await findMembership(tx, roomId, auth.userId);
    if (m?.membership !== 'join') throw new MatrixError('M_FORBIDDEN', 'You must be joined to the room to give it an alias');
    if ((await countRoomAliasesBy(tx, roomId, auth.userId)) >= MAX_ALIASES_PER_USER_AND_ROOM) {
      throw new MatrixError('M_FORBIDDEN', `You have given this room ${MAX_ALIASES_PER_USER_AND_ROOM} aliases: delete one first`);
    }
    const inserted = await insertRoomAlias(tx, { alias, room_id: roomId, creator: auth.userId });
    if (!inserted) throw new MatrixError('M_UNKNOWN', `Room alias ${alias} already exists`, {}, 409);
  });
}
