/** Jumping to a date in a room (room_event_by_timestamp.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { RoomParams } from './schemas.ts';

export const getEventByTimestamp = defineContract({
  operationId: 'getEventByTimestamp',
  method: 'GET',
  path: '/_matrix/client/v1/rooms/{roomId}/timestamp_to_event',
  auth: 'required',
  params: RoomParams,
  query: Type.Object({ ts: Type.Integer({ minimum: 0 }), dir: Type.Union([Type.Literal('f'), Type.Literal('b')]) }),
  response: Type.Object({ event_id: Type.String(), origin_server_ts: Type.Integer() }),
});
