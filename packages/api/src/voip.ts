/** VoIP (voip.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';

/** `{}` when no TURN server is configured. */
export const getTurnServer = defineContract({
  operationId: 'getTurnServer',
  method: 'GET',
  path: '/_matrix/client/v3/voip/turnServer',
  r0: true,
  auth: 'required',
  response: Type.Object({
    username: Type.Optional(Type.String()),
    password: Type.Optional(Type.String()),
    uris: Type.Optional(Type.Array(Type.String())),
    ttl: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
});
