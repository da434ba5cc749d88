/** OpenID tokens (client-server openid.yaml) and their check (server-server openid.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { JsonObject } from './schemas.ts';

export const requestOpenIdToken = defineContract({
  operationId: 'requestOpenIdToken',
  method: 'POST',
  path: '/_matrix/client/v3/user/{userId}/openid/request_token',
  r0: true,
  auth: 'required',
  params: Type.Object({ userId: Type.String({ maxLength: 255 }) }),
  body: JsonObject,
  response: Type.Object({ access_token: Type.String(), token_type: Type.Literal('Bearer'), matrix_server_name: Type.String(), expires_in: Type.Integer({ minimum: 0 }) }),
});

/** Federation API: the token is the only credential (no Authorization header). */
export const getOpenIdUserInfo = defineContract({
  operationId: 'getOpenIdUserInfo',
  method: 'GET',
  path: '/_matrix/federation/v1/openid/userinfo',
  auth: 'none',
  query: Type.Object({ access_token: Type.String({ maxLength: 512 }) }),
  response: Type.Object({ sub: Type.String() }),
});
