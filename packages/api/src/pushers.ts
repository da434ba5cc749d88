/** Pushers (pusher.yaml): stored per user; delivering pushes is a later step. */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse, JsonObject } from './schemas.ts';

/** The spec's bounds: app_id at most 64 characters, pushkey at most 512 bytes. */
export const MAX_APP_ID_LENGTH = 64;
export const MAX_PUSHKEY_BYTES = 512;

const Pusher = Type.Object({
  pushkey: Type.String(),
  kind: Type.String(),
  app_id: Type.String(),
  app_display_name: Type.String(),
  device_display_name: Type.String(),
  profile_tag: Type.Optional(Type.String()),
  lang: Type.String(),
  data: JsonObject,
});

export const getPushers = defineContract({
  operationId: 'getPushers',
  method: 'GET',
  path: '/_matrix/client/v3/pushers',
  r0: true,
  auth: 'required',
  response: Type.Object({ pushers: Type.Array(Pusher) }),
});

/** The body is checked by the route (which fields are required depends on `kind`), to answer M_MISSING_PARAM / M_INVALID_PARAM as the spec does. */
export const postPusher = defineContract({
  operationId: 'postPusher',
  method: 'POST',
  path: '/_matrix/client/v3/pushers/set',
  r0: true,
  auth: 'required',
  body: JsonObject,
  response: EmptyResponse,
});
