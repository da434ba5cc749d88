/**
 * Third-party identifiers and networks (administrative_contact.yaml, third_party_lookup.yaml).
 * Parley binds no email address or phone number and bridges no third-party network yet; these
 * answer as a server without that support (docs/api-coverage.md, docs/errors.md).
 */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { JsonObject } from './schemas.ts';

export const getProtocols = defineContract({
  operationId: 'getProtocols',
  method: 'GET',
  path: '/_matrix/client/v3/thirdparty/protocols',
  r0: true,
  auth: 'required',
  response: JsonObject,
});

export const getAccount3PIDs = defineContract({
  operationId: 'getAccount3PIDs',
  method: 'GET',
  path: '/_matrix/client/v3/account/3pid',
  r0: true,
  auth: 'required',
  response: Type.Object({ threepids: Type.Array(JsonObject) }),
});

/** Refused alike (403 M_THREEPID_DENIED): no validation session can exist, since no token is ever sent. */
const refused = (operationId: string, path: string) => defineContract({ operationId, method: 'POST', path, r0: true, auth: 'required', body: JsonObject, response: JsonObject });

export const post3PIDs = refused('post3PIDs', '/_matrix/client/v3/account/3pid');
export const add3PID = refused('add3PID', '/_matrix/client/v3/account/3pid/add');
export const bind3PID = refused('bind3PID', '/_matrix/client/v3/account/3pid/bind');

const UnbindResult = Type.Object({ id_server_unbind_result: Type.Union([Type.Literal('success'), Type.Literal('no-support')]) });
const ThreepidBody = Type.Object({ medium: Type.String({ maxLength: 16 }), address: Type.String({ maxLength: 512 }), id_server: Type.Optional(Type.String({ maxLength: 255 })) });

export const delete3pidFromAccount = defineContract({
  operationId: 'delete3pidFromAccount',
  method: 'POST',
  path: '/_matrix/client/v3/account/3pid/delete',
  r0: true,
  auth: 'required',
  body: ThreepidBody,
  response: UnbindResult,
});

export const unbind3pidFromAccount = defineContract({
  operationId: 'unbind3pidFromAccount',
  method: 'POST',
  path: '/_matrix/client/v3/account/3pid/unbind',
  r0: true,
  auth: 'required',
  body: ThreepidBody,
  response: UnbindResult,
});

/** Unauthenticated, like the spec's: a token is never sent, so there is nothing to guard. */
const requestToken = (operationId: string, path: string) => defineContract({ operationId, method: 'POST', path, r0: true, auth: 'none', body: JsonObject, response: JsonObject });

export const requestTokenTo3PIDEmail = requestToken('requestTokenTo3PIDEmail', '/_matrix/client/v3/account/3pid/email/requestToken');
export const requestTokenTo3PIDMSISDN = requestToken('requestTokenTo3PIDMSISDN', '/_matrix/client/v3/account/3pid/msisdn/requestToken');
