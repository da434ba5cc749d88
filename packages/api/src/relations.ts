/** Relations and threads (relations.yaml, threads_list.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { RoomEvent } from './schemas.ts';

/** The most events one /relations or /threads page returns. */
export const MAX_RELATIONS_LIMIT = 100;

const RelationsQuery = Type.Object({
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 0 })),
  dir: Type.Optional(Type.Union([Type.Literal('b'), Type.Literal('f')])),
  recurse: Type.Optional(Type.Boolean()),
});

const RelationsResponse = Type.Object({
  chunk: Type.Array(RoomEvent),
  next_batch: Type.Optional(Type.String()),
  prev_batch: Type.Optional(Type.String()),
  recursion_depth: Type.Optional(Type.Integer({ minimum: 0 })),
});

export const getRelatingEvents = defineContract({
  operationId: 'getRelatingEvents',
  method: 'GET',
  path: '/_matrix/client/v1/rooms/{roomId}/relations/{eventId}',
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String() }),
  query: RelationsQuery,
  response: RelationsResponse,
});

export const getRelatingEventsWithRelType = defineContract({
  operationId: 'getRelatingEventsWithRelType',
  method: 'GET',
  path: '/_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType}',
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String(), relType: Type.String() }),
  query: RelationsQuery,
  response: RelationsResponse,
});

export const getRelatingEventsWithRelTypeAndEventType = defineContract({
  operationId: 'getRelatingEventsWithRelTypeAndEventType',
  method: 'GET',
  path: '/_matrix/client/v1/rooms/{roomId}/relations/{eventId}/{relType}/{eventType}',
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String(), relType: Type.String(), eventType: Type.String() }),
  query: RelationsQuery,
  response: RelationsResponse,
});

export const getThreadRoots = defineContract({
  operationId: 'getThreadRoots',
  method: 'GET',
  path: '/_matrix/client/v1/rooms/{roomId}/threads',
  auth: 'required',
  params: Type.Object({ roomId: Type.String() }),
  query: Type.Object({
    include: Type.Optional(Type.Union([Type.Literal('all'), Type.Literal('participated')])),
    limit: Type.Optional(Type.Integer({ minimum: 1 })),
    from: Type.Optional(Type.String()),
  }),
  response: Type.Object({ chunk: Type.Array(RoomEvent), next_batch: Type.Optional(Type.String()) }),
});
