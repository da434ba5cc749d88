/** Spaces (space_hierarchy.yaml): walking a space's tree of rooms. */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { JsonObject, RoomDescription, RoomParams, StrippedStateEvent } from './schemas.ts';

/** The largest `limit` a hierarchy page may ask for (and the default). */
export const MAX_HIERARCHY_LIMIT = 50;
/** The deepest `max_depth` a hierarchy walk goes (and the default). */
export const MAX_HIERARCHY_DEPTH = 10;

/** StrippedChildStateEvent: an m.space.child event, stripped, with its origin_server_ts. */
const StrippedChildStateEvent = Type.Object({ ...StrippedStateEvent.properties, origin_server_ts: Type.Integer(), content: JsonObject });

/** definitions/room_summary.yaml plus SpaceHierarchyRoomsChunk. */
const HierarchyRoom = Type.Object({ ...RoomDescription.properties, children_state: Type.Array(StrippedChildStateEvent) });

export const getSpaceHierarchy = defineContract({
  operationId: 'getSpaceHierarchy',
  method: 'GET',
  path: '/_matrix/client/v1/rooms/{roomId}/hierarchy',
  auth: 'required',
  params: RoomParams,
  query: Type.Object({
    suggested_only: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
    max_depth: Type.Optional(Type.Integer({ minimum: 0 })),
    from: Type.Optional(Type.String({ maxLength: 1024 })),
  }),
  response: Type.Object({ rooms: Type.Array(HierarchyRoom), next_batch: Type.Optional(Type.String()) }),
});
