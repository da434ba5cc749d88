import type { RoomAlias } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { AuthContext } from '../http/AuthContext.ts';
import { MatrixError } from '../http/MatrixError.ts';
import { deleteRoomAlias as deleteAliasRow, findRoomAlias } from '../storage/repos/roomAliases.ts';
import { accessRoomForModeration } from '../access/accessRoomForModeration.ts';

/** Removes an alias: its creator, a room moderator or a server admin may. */
export async function deleteRoomAlias(deps: AppDeps, auth: AuthContext, alias: RoomAlias): Promise<void> {
  await deps.database.transaction(async (tx) => {
    const row = await findRoomAlias(tx, alias);
    if (!row) throw new MatrixError('M_NOT_FOUND', `Room alias ${alias} not found`);
    if (row.creator !== auth.userId) await accessRoomForModeration(tx, auth, row.room_id);
    await deleteAliasRow(tx, alias);
  });
}
