import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readEvent } from '../../../reads/readEvent.ts';
import { readRoomEvents } from '../../../reads/readRoomEvents.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getRoomEvents = defineEndpoint(contracts.getRoomEvents, {
  handler: ({ deps, auth, params, query }) => readRoomEvents(deps, viewerOf(auth), parseRoomIdParam(params.roomId), query),
});

export const getOneRoomEvent = defineEndpoint(contracts.getOneRoomEvent, {
  handler: ({ deps, auth, params }) => readEvent(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventId),
});
