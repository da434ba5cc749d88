/** Cross-signing (cross_signing.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse, JsonObject } from './schemas.ts';

/** definitions/cross_signing_key.yaml */
const CrossSigningKey = Type.Object({
  user_id: Type.String(),
  usage: Type.Array(Type.String(), { maxItems: 8 }),
  keys: Type.Record(Type.String(), Type.String()),
  signatures: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.String()))),
});

export const uploadCrossSigningKeys = defineContract({
  operationId: 'uploadCrossSigningKeys',
  method: 'POST',
  path: '/_matrix/client/v3/keys/device_signing/upload',
  auth: 'required',
  body: Type.Object({
    master_key: Type.Optional(CrossSigningKey),
    self_signing_key: Type.Optional(CrossSigningKey),
    user_signing_key: Type.Optional(CrossSigningKey),
    auth: Type.Optional(Type.Unknown()),
  }),
  response: EmptyResponse,
});

export const uploadCrossSigningSignatures = defineContract({
  operationId: 'uploadCrossSigningSignatures',
  method: 'POST',
  path: '/_matrix/client/v3/keys/signatures/upload',
  auth: 'required',
  body: Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown())),
  response: Type.Object({ failures: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), JsonObject))) }),
});

/** The unstable paths Element (matrix-react-sdk) and older clients still call; Synapse serves them too. */
export const uploadCrossSigningKeysUnstable = defineContract({
  ...uploadCrossSigningKeys,
  operationId: 'uploadCrossSigningKeysUnstable',
  path: '/_matrix/client/unstable/keys/device_signing/upload',
});
export const uploadCrossSigningSignaturesUnstable = defineContract({
  ...uploadCrossSigningSignatures,
  operationId: 'uploadCrossSigningSignaturesUnstable',
  path: '/_matrix/client/unstable/keys/signatures/upload',
});
