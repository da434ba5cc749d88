import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { forbidden } from '../../../errors/MatrixError.ts';
import { createOpenIdToken } from '../../../actions/createOpenIdToken.ts';

export const requestOpenIdToken = defineEndpoint(contracts.requestOpenIdToken, {
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot request an OpenID token for another user');
    const { token, expiresInMs } = await createOpenIdToken(deps, auth.userId);
    return { access_token: token, token_type: 'Bearer' as const, matrix_server_name: deps.config.serverName, expires_in: Math.floor(expiresInMs / 1000) };
  },
});
