/** Presence (presence.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse } from './schemas.ts';

/** Longest status message kept, in characters (the spec sets none; Parley bounds it). */
export const MAX_STATUS_MSG_LENGTH = 1024;

const PresenceState = Type.Union([Type.Literal('online'), Type.Literal('offline'), Type.Literal('unavailable')]);
const Params = Type.Object({ userId: Type.String({ maxLength: 255 }) });

export const setPresence = defineContract({
  operationId: 'setPresence',
  method: 'PUT',
  path: '/_matrix/client/v3/presence/{userId}/status',
  r0: true,
  auth: 'required',
  params: Params,
  body: Type.Object({ presence: PresenceState, status_msg: Type.Optional(Type.Union([Type.String({ maxLength: MAX_STATUS_MSG_LENGTH }), Type.Null()])) }),
  response: EmptyResponse,
});

export const getPresence = defineContract({
  operationId: 'getPresence',
  method: 'GET',
  path: '/_matrix/client/v3/presence/{userId}/status',
  r0: true,
  auth: 'required',
  params: Params,
  response: Type.Object({
    presence: PresenceState,
    last_active_ago: Type.Optional(Type.Integer({ minimum: 0 })),
    status_msg: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    currently_active: Type.Optional(Type.Boolean()),
  }),
});
