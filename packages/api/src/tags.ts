/** Room tags (tags.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse } from './schemas.ts';

/** Longest tag name, in characters (Synapse's bound too). */
export const MAX_TAG_LENGTH = 255;
/** Most tags one user may put on one room. */
export const MAX_TAGS_PER_ROOM = 100;

const RoomParams = Type.Object({ userId: Type.String({ maxLength: 255 }), roomId: Type.String({ maxLength: 255 }) });
const TagParams = Type.Object({ ...RoomParams.properties, tag: Type.String({ minLength: 1, maxLength: MAX_TAG_LENGTH }) });
const Tag = Type.Object({ order: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })) });

export const getRoomTags = defineContract({
  operationId: 'getRoomTags',
  method: 'GET',
  path: '/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags',
  r0: true,
  auth: 'required',
  params: RoomParams,
  response: Type.Object({ tags: Type.Record(Type.String(), Type.Object({ order: Type.Optional(Type.Number()) })) }),
});

export const setRoomTag = defineContract({
  operationId: 'setRoomTag',
  method: 'PUT',
  path: '/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}',
  r0: true,
  auth: 'required',
  params: TagParams,
  body: Tag,
  response: EmptyResponse,
});

export const deleteRoomTag = defineContract({
  operationId: 'deleteRoomTag',
  method: 'DELETE',
  path: '/_matrix/client/v3/user/{userId}/rooms/{roomId}/tags/{tag}',
  r0: true,
  auth: 'required',
  params: TagParams,
  response: EmptyResponse,
});
