import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { readUserDirectory } from '../../../reads/readUserDirectory.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const searchUserDirectory = defineEndpoint(contracts.searchUserDirectory, {
  handler: ({ deps, auth, body }) => readUserDirectory(deps, viewerOf(auth), body),
});
