import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readContext } from '../../../reads/readContext.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getEventContext = defineEndpoint(contracts.getEventContext, {
  handler: ({ deps, auth, params, query }) => readContext(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventId, query),
});
