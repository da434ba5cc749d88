/** End-to-end encryption keys, to-device messages, key backup (keys.yaml, to_device.yaml, key_backup.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse, JsonObject } from './schemas.ts';

/** definitions/device_keys.yaml */
const DeviceKeys = Type.Object({
  user_id: Type.String(),
  device_id: Type.String(),
  algorithms: Type.Array(Type.String()),
  keys: Type.Record(Type.String(), Type.String()),
  signatures: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
});

const KeyMap = Type.Record(Type.String(), Type.Union([Type.String(), Type.Object({})]));

export const uploadKeys = defineContract({
  operationId: 'uploadKeys',
  method: 'POST',
  path: '/_matrix/client/v3/keys/upload',
  r0: true,
  auth: 'required',
  body: Type.Object({
    device_keys: Type.Optional(DeviceKeys),
    one_time_keys: Type.Optional(KeyMap),
    fallback_keys: Type.Optional(Type.Record(Type.String(), Type.Object({}))),
    'org.matrix.msc2732.fallback_keys': Type.Optional(Type.Record(Type.String(), Type.Object({}))),
  }),
  response: Type.Object({ one_time_key_counts: Type.Record(Type.String(), Type.Integer()) }),
});

export const queryKeys = defineContract({
  operationId: 'queryKeys',
  method: 'POST',
  path: '/_matrix/client/v3/keys/query',
  r0: true,
  auth: 'required',
  body: Type.Object({
    device_keys: Type.Record(Type.String(), Type.Array(Type.String())),
    timeout: Type.Optional(Type.Integer()),
  }),
  response: Type.Object({
    device_keys: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), DeviceKeys))),
    failures: Type.Optional(Type.Record(Type.String(), JsonObject)),
    master_keys: Type.Optional(Type.Record(Type.String(), JsonObject)),
    self_signing_keys: Type.Optional(Type.Record(Type.String(), JsonObject)),
    user_signing_keys: Type.Optional(Type.Record(Type.String(), JsonObject)),
  }),
});

export const claimKeys = defineContract({
  operationId: 'claimKeys',
  method: 'POST',
  path: '/_matrix/client/v3/keys/claim',
  r0: true,
  auth: 'required',
  body: Type.Object({
    one_time_keys: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
    timeout: Type.Optional(Type.Integer()),
  }),
  response: Type.Object({
    one_time_keys: Type.Record(Type.String(), Type.Record(Type.String(), KeyMap)),
    failures: Type.Optional(Type.Record(Type.String(), JsonObject)),
  }),
});

export const getKeysChanges = defineContract({
  operationId: 'getKeysChanges',
  method: 'GET',
  path: '/_matrix/client/v3/keys/changes',
  r0: true,
  auth: 'required',
  query: Type.Object({ from: Type.String(), to: Type.String() }),
  response: Type.Object({ changed: Type.Optional(Type.Array(Type.String())), left: Type.Optional(Type.Array(Type.String())) }),
});

export const sendToDevice = defineContract({
  operationId: 'sendToDevice',
  method: 'PUT',
  path: '/_matrix/client/v3/sendToDevice/{eventType}/{txnId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ eventType: Type.String(), txnId: Type.String({ minLength: 1, maxLength: 255 }) }),
  body: Type.Object({
    messages: Type.Record(Type.String(), Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
  }),
  response: EmptyResponse,
});
