import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { refreshSession } from '../../../actions/refreshSession.ts';

export const refresh = defineEndpoint(contracts.refresh, {
  handler: async ({ deps, body }) => refreshSession(deps, body.refresh_token),
});
