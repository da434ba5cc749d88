/** Room upgrades (room_upgrades.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { RoomParams } from './schemas.ts';

export const upgradeRoom = defineContract({
  operationId: 'upgradeRoom',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/upgrade',
  r0: true,
  auth: 'required',
  params: RoomParams,
  /** `additional_creators` is for room version 12 and later, which Parley does not support: accepted and ignored, as the spec says. */
  body: Type.Object({ new_version: Type.String({ maxLength: 64 }), additional_creators: Type.Optional(Type.Array(Type.String())) }),
  response: Type.Object({ replacement_room: Type.String() }),
});
