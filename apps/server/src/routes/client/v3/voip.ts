import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { turnCredentials } from '../../../security/turnCredentials.ts';

export const getTurnServer = defineEndpoint(contracts.getTurnServer, {
  handler: async ({ deps, auth }) => turnCredentials(deps.config.turn, auth.userId, deps.now()),
});
