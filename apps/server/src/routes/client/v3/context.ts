import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readContext } from '../../../reads/readContext.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getEventContext = defineEndpoint({
  operationId: 'getEventContext',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/context/{eventId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String() }),
  query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 0 })), filter: Type.Optional(Type.String()) }),
  handler: ({ deps, auth, params, query }) => readContext(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventId, query),
});
