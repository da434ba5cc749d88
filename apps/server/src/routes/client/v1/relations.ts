import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readRelations } from '../../../reads/readRelations.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getRelatingEvents = defineEndpoint(contracts.getRelatingEvents, {
  handler: ({ deps, auth, params, query }) => readRelations(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventId, query),
});

export const getRelatingEventsWithRelType = defineEndpoint(contracts.getRelatingEventsWithRelType, {
  handler: ({ deps, auth, params, query }) => readRelations(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventId, { ...query, relType: params.relType }),
});

export const getRelatingEventsWithRelTypeAndEventType = defineEndpoint(contracts.getRelatingEventsWithRelTypeAndEventType, {
  handler: ({ deps, auth, params, query }) =>
    readRelations(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventId, { ...query, relType: params.relType, eventType: params.eventType }),
});
