import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readThreads } from '../../../reads/readThreads.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getThreadRoots = defineEndpoint(contracts.getThreadRoots, {
  handler: ({ deps, auth, params, query }) => readThreads(deps, viewerOf(auth), parseRoomIdParam(params.roomId), query),
});
