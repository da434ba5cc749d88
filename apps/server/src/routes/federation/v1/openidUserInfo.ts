import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { hashToken } from '../../../security/tokens.ts';
import { findOpenIdTokenUser } from '../../../storage/repos/openidTokens.ts';

/** GET /_matrix/federation/v1/openid/userinfo: who an OpenID token was issued to, while it lasts. */
export const getOpenIdUserInfo = defineEndpoint(contracts.getOpenIdUserInfo, {
  handler: async ({ deps, query }) => {
    const userId = await findOpenIdTokenUser(deps.database.db, hashToken(query.access_token), deps.now());
    if (!userId) throw new MatrixError('M_UNKNOWN_TOKEN', 'Access token unknown or expired');
    return { sub: userId };
  },
});
