import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readEventByTimestamp } from '../../../reads/readEventByTimestamp.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getEventByTimestamp = defineEndpoint(contracts.getEventByTimestamp, {
  handler: ({ deps, auth, params, query }) => readEventByTimestamp(deps, viewerOf(auth), parseRoomIdParam(params.roomId), query.ts, query.dir),
});
