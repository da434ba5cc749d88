import { parseRoomAlias, parseRoomId, serverNameOf, type RoomAlias, type RoomId } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { accessRoomAsMember } from '../../../access/accessRoomAsMember.ts';
import { findRoomAlias, listRoomAliases } from '../../../storage/repos/roomAliases.ts';
import { findRoom } from '../../../storage/repos/rooms.ts';
import { setRoomAlias } from '../../../actions/setRoomAlias.ts';
import { deleteRoomAlias } from '../../../actions/deleteRoomAlias.ts';
import { setRoomVisibility } from '../../../actions/setRoomVisibility.ts';
import { publicRoomsPage } from '../../../rooms/publicRoomsPage.ts';

function aliasParam(value: string): RoomAlias {
  const alias = parseRoomAlias(value);
  if (!alias) throw new MatrixError('M_INVALID_PARAM', 'Room alias invalid');
  return alias;
}

/** We do not federate: only our own directory can be listed. */
function checkDirectoryServer(server: string | undefined, ours: string): void {
  if (server !== undefined && server !== ours) throw new MatrixError('M_INVALID_PARAM', "Only this server's room directory can be listed");
}

export const getRoomIdByAlias = defineEndpoint(contracts.getRoomIdByAlias, {
  handler: async ({ deps, params }) => {
    const alias = aliasParam(params.roomAlias);
    const row = await findRoomAlias(deps.database.db, alias);
    if (!row) throw new MatrixError('M_NOT_FOUND', `Room alias ${alias} not found`);
    return { room_id: row.room_id, servers: [deps.config.serverName] };
  },
});

export const setRoomAliasEndpoint = defineEndpoint(contracts.setRoomAlias, {
  handler: async ({ deps, auth, params, body }) => {
    const alias = aliasParam(params.roomAlias);
    if (serverNameOf(alias) !== deps.config.serverName) throw new MatrixError('M_INVALID_PARAM', 'Room alias must be on this server');
    const roomId = parseRoomId(body.room_id);
    if (!roomId) throw new MatrixError('M_INVALID_PARAM', 'Invalid room ID');
    await setRoomAlias(deps, auth, alias, roomId as RoomId);
    return {};
  },
});

export const deleteRoomAliasEndpoint = defineEndpoint(contracts.deleteRoomAlias, {
  handler: async ({ deps, auth, params }) => {
    await deleteRoomAlias(deps, auth, aliasParam(params.roomAlias));
    return {};
  },
});

export const getLocalAliases = defineEndpoint(contracts.getLocalAliases, {
  handler: async ({ deps, auth, params }) => {
    const roomId = parseRoomIdParam(params.roomId);
    await accessRoomAsMember(deps.database.db, auth.userId, roomId, true);
    return { aliases: await listRoomAliases(deps.database.db, roomId) };
  },
});

export const getPublicRooms = defineEndpoint(contracts.getPublicRooms, {
  handler: async ({ deps, query }) => {
    checkDirectoryServer(query.server, deps.config.serverName);
    return publicRoomsPage(deps.database.db, {
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.since !== undefined ? { since: query.since } : {}),
    });
  },
});

export const queryPublicRooms = defineEndpoint(contracts.queryPublicRooms, {
  handler: async ({ deps, query, body }) => {
    checkDirectoryServer(query.server, deps.config.serverName);
    return publicRoomsPage(deps.database.db, {
      ...(body.limit !== undefined ? { limit: body.limit } : {}),
      ...(body.since !== undefined ? { since: body.since } : {}),
      ...(body.filter?.generic_search_term !== undefined ? { genericSearchTerm: body.filter.generic_search_term } : {}),
      ...(body.filter?.room_types !== undefined ? { roomTypes: body.filter.room_types } : {}),
    });
  },
});

export const getRoomVisibilityOnDirectory = defineEndpoint(contracts.getRoomVisibilityOnDirectory, {
  handler: async ({ deps, params }) => {
    // Anyone may ask, so an unknown room answers like an unpublished one: no existence oracle.
    const room = await findRoom(deps.database.db, parseRoomIdParam(params.roomId));
    return { visibility: room?.is_public === 1 ? 'public' : 'private' };
  },
});

export const setRoomVisibilityOnDirectory = defineEndpoint(contracts.setRoomVisibilityOnDirectory, {
  handler: async ({ deps, auth, params, body }) => {
    await setRoomVisibility(deps, auth, parseRoomIdParam(params.roomId), body.visibility ?? 'public');
    return {};
  },
});
