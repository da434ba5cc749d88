/** Room aliases and the public room directory (directory.yaml, list_public_rooms.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse, RoomParams } from './schemas.ts';

const AliasParams = Type.Object({ roomAlias: Type.String() });
const Visibility = Type.Union([Type.Literal('public'), Type.Literal('private')]);

/** definitions/public_rooms_response.yaml */
const PublicRoomsResponse = Type.Object({
  chunk: Type.Array(
    Type.Object({
      room_id: Type.String(),
      num_joined_members: Type.Integer(),
      world_readable: Type.Boolean(),
      guest_can_join: Type.Boolean(),
      name: Type.Optional(Type.String()),
      topic: Type.Optional(Type.String()),
      canonical_alias: Type.Optional(Type.String()),
      avatar_url: Type.Optional(Type.String()),
      join_rule: Type.Optional(Type.String()),
      room_type: Type.Optional(Type.String()),
    }),
  ),
  next_batch: Type.Optional(Type.String()),
  prev_batch: Type.Optional(Type.String()),
  total_room_count_estimate: Type.Optional(Type.Integer()),
});

export const getRoomIdByAlias = defineContract({
  operationId: 'getRoomIdByAlias',
  method: 'GET',
  path: '/_matrix/client/v3/directory/room/{roomAlias}',
  r0: true,
  auth: 'none',
  params: AliasParams,
  response: Type.Object({ room_id: Type.String(), servers: Type.Array(Type.String()) }),
});

export const setRoomAlias = defineContract({
  operationId: 'setRoomAlias',
  method: 'PUT',
  path: '/_matrix/client/v3/directory/room/{roomAlias}',
  r0: true,
  auth: 'required',
  params: AliasParams,
  body: Type.Object({ room_id: Type.String() }),
  response: EmptyResponse,
});

export const deleteRoomAlias = defineContract({
  operationId: 'deleteRoomAlias',
  method: 'DELETE',
  path: '/_matrix/client/v3/directory/room/{roomAlias}',
  r0: true,
  auth: 'required',
  params: AliasParams,
  response: EmptyResponse,
});

export const getLocalAliases = defineContract({
  operationId: 'getLocalAliases',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/aliases',
  auth: 'required',
  params: RoomParams,
  response: Type.Object({ aliases: Type.Array(Type.String()) }),
});

export const getPublicRooms = defineContract({
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
  response: PublicRoomsResponse,
});

export const queryPublicRooms = defineContract({
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
  response: PublicRoomsResponse,
});

export const getRoomVisibilityOnDirectory = defineContract({
  operationId: 'getRoomVisibilityOnDirectory',
  method: 'GET',
  path: '/_matrix/client/v3/directory/list/room/{roomId}',
  r0: true,
  auth: 'none',
  params: RoomParams,
  response: Type.Object({ visibility: Visibility }),
});

export const setRoomVisibilityOnDirectory = defineContract({
  operationId: 'setRoomVisibilityOnDirectory',
  method: 'PUT',
  path: '/_matrix/client/v3/directory/list/room/{roomId}',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Type.Object({ visibility: Type.Optional(Visibility) }),
  response: EmptyResponse,
});
