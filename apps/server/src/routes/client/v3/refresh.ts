import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { refreshSession } from '../../../actions/refreshSession.ts';

export const refresh = defineEndpoint({
  operationId: 'refresh',
  method: 'POST',
  path: '/_matrix/client/v3/refresh',
  auth: 'none',
  body: Type.Object({ refresh_token: Type.String({ maxLength: 512 }) }),
  handler: async ({ deps, body }) => refreshSession(deps, body.refresh_token),
});
