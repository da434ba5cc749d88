/**
 * GET /_parley/client/v1/config: what the web client needs before sign-in (packages/api
 * clientConfig.ts). Unauthenticated, and it says nothing a visitor could not learn by trying
 * to register: the server name, the configured suggested rooms, the registration mode (never
 * the tokens) and the policies.
 */
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../../http/endpoint.ts';

export const getClientConfig = defineEndpoint(contracts.getClientConfig, {
  handler: async ({ deps }) => ({
    server_name: deps.config.serverName,
    suggested_rooms: deps.config.suggestedRooms,
    registration: { mode: deps.config.registration },
    policies: deps.config.policies.map(({ id, version, name, url }) => ({ id, version, name, url })),
  }),
});
