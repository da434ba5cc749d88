import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readSpaceHierarchy } from '../../../reads/readSpaceHierarchy.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getSpaceHierarchy = defineEndpoint(contracts.getSpaceHierarchy, {
  handler: ({ deps, auth, params, query }) => readSpaceHierarchy(deps, viewerOf(auth), parseRoomIdParam(params.roomId), query),
});
