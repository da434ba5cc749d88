import { Type } from '@sinclair/typebox';
import { parseRoomAlias, parseRoomId, serverNameOf, type RoomAlias, type RoomId } from '@parley/protocol';
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

const AliasParams = Type.Object({ roomAlias: Type.String() });
const RoomParams = Type.Object({ roomId: Type.String() });

function aliasParam(value: string): RoomAlias {
  const alias = parseRoomAlias(value);
  if (!alias) throw new MatrixError('M_INVALID_PARAM', 'Room alias invalid');
  return alias;
}

/** We do not federate: only our own directory can be listed. */
function checkDirectoryServer(server: string | undefined, ours: string): void {
  if (server !== undefined && server !== ours) throw new MatrixError('M_INVALID_PARAM', "Only this server's room directory can be listed");
}

export const getRoomIdByAlias = defineEndpoint({
  operationId: 'getRoomIdByAlias',
  method: 'GET',
  path: '/_matrix/client/v3/directory/room/{roomAlias}',
  r0: true,
  auth: 'none',
  params: AliasParams,
  handler: async ({ deps, params }) => {
    const alias = aliasParam(params.roomAlias);
    const row = await findRoomAlias(deps.database.db, alias);
    if (!row) throw new MatrixError('M_NOT_FOUND', `Room alias ${alias} not found`);
    return { room_id: row.room_id, servers: [deps.config.serverName] };
  },
});

export const setRoomAliasEndpoint = defineEndpoint({
  operationId: 'setRoomAlias',
  method: 'PUT',
  path: '/_matrix/client/v3/directory/room/{roomAlias}',
  r0: true,
  auth: 'required',
  params: AliasParams,
  body: Type.Object({ room_id: Type.String() }),
  handler: async ({ deps, auth, params, body }) => {
    const alias = aliasParam(params.roomAlias);
    if (serverNameOf(alias) !== deps.config.serverName) throw new MatrixError('M_INVALID_PARAM', 'Room alias must be on this server');
    const roomId = parseRoomId(body.room_id);
    if (!roomId) throw new MatrixError('M_INVALID_PARAM', 'Invalid room ID');
    await setRoomAlias(deps, auth, alias, roomId as RoomId);
    return {};
  },
});

export const deleteRoomAliasEndpoint = defineEndpoint({
  operationId: 'deleteRoomAlias',
  method: 'DELETE',
  path: '/_matrix/client/v3/directory/room/{roomAlias}',
  r0: true,
  auth: 'required',
  params: AliasParams,
  handler: async ({ deps, auth, params }) => {
    await deleteRoomAlias(deps, auth, aliasParam(params.roomAlias));
    return {};
  },
});

export const getLocalAliases = defineEndpoint({
  operationId: 'getLocalAliases',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/aliases',
  auth: 'required',
  params: RoomParams,
  handler: async ({ deps, auth, params }) => {
    const roomId = parseRoomIdParam(params.roomId);
    await accessRoomAsMember(deps.database.db, auth.userId, roomId, true);
    return { aliases: await listRoomAliases(deps.database.db, roomId) };
  },
});

export const getPublicRooms = defineEndpoint({
  operationId: 'getPublicRooms',
  method: 'GET',
  path: '/_matrix/client/v3/publicRooms',
  r0: true,
  auth: 'optional',
  query: Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 0 })),
    since: Type.Optional(Type.String()),
    server: Type.Optional(Type.String()),
  }),
  handler: async ({ deps, query }) => {
    checkDirectoryServer(query.server, deps.config.serverName);
    return publicRoomsPage(deps.database.db, {
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.since !== undefined ? { since: query.since } : {}),
    });
  },
});

export const queryPublicRooms = defineEndpoint({
  operationId: 'queryPublicRooms',
  method: 'POST',
  path: '/_matrix/client/v3/publicRooms',
  r0: true,
  auth: 'required',
  query: Type.Object({ server: Type.Optional(Type.String()) }),
  body: Type.Object({
    limit: Type.Optional(Type.Integer({ minimum: 0 })),
    since: Type.Optional(Type.String()),
    filter: Type.Optional(
      Type.Object({
        generic_search_term: Type.Optional(Type.String({ maxLength: 1024 })),
        room_types: Type.Optional(Type.Array(Type.Union([Type.String({ maxLength: 255 }), Type.Null()]), { maxItems: 100 })),
      }),
    ),
    include_all_networks: Type.Optional(Type.Boolean()),
    third_party_instance_id: Type.Optional(Type.String()),
  }),
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

export const getRoomVisibilityOnDirectory = defineEndpoint({
  operationId: 'getRoomVisibilityOnDirectory',
  method: 'GET',
  path: '/_matrix/client/v3/directory/list/room/{roomId}',
  r0: true,
  auth: 'none',
  params: RoomParams,
  handler: async ({ deps, params }) => {
    // Anyone may ask, so an unknown room answers like an unpublished one: no existence oracle.
    const room = await findRoom(deps.database.db, parseRoomIdParam(params.roomId));
    return { visibility: room?.is_public === 1 ? 'public' : 'private' };
  },
});

export const setRoomVisibilityOnDirectory = defineEndpoint({
  operationId: 'setRoomVisibilityOnDirectory',
  method: 'PUT',
  path: '/_matrix/client/v3/directory/list/room/{roomId}',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Type.Object({ visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])) }),
  handler: async ({ deps, auth, params, body }) => {
    await setRoomVisibility(deps, auth, parseRoomIdParam(params.roomId), body.visibility ?? 'public');
    return {};
  },
});
