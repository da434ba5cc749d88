import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readEvent } from '../../../reads/readEvent.ts';
import { readRoomEvents } from '../../../reads/readRoomEvents.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getRoomEvents = defineEndpoint({
  operationId: 'getRoomEvents',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/messages',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String() }),
  query: Type.Object({
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    dir: Type.Union([Type.Literal('b'), Type.Literal('f')]),
    limit: Type.Optional(Type.Integer({ minimum: 0 })),
    filter: Type.Optional(Type.String()),
  }),
  handler: ({ deps, auth, params, query }) => readRoomEvents(deps, viewerOf(auth), parseRoomIdParam(params.roomId), query),
});

export const getOneRoomEvent = defineEndpoint({
  operationId: 'getOneRoomEvent',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/event/{eventId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String() }),
  handler: ({ deps, auth, params }) => readEvent(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventId),
});
