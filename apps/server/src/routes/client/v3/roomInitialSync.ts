import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readRoomInitialSync } from '../../../reads/readRoomInitialSync.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const roomInitialSync = defineEndpoint(contracts.roomInitialSync, {
  handler: ({ deps, auth, params, query }) => readRoomInitialSync(deps, viewerOf(auth), parseRoomIdParam(params.roomId), query.limit),
});
