import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { checkInviteRateLimit } from '../../../http/checkInviteRateLimit.ts';
import { sendEvent } from '../../../actions/sendEvent.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { readStateAt } from '../../../reads/readStateAt.ts';
import { readStateEvent } from '../../../reads/readStateEvent.ts';
import { viewerOf } from '../../../reads/Viewer.ts';
import { checkEventType } from './send.ts';

export const getRoomState = defineEndpoint({
  operationId: 'getRoomState',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/state',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String() }),
  handler: ({ deps, auth, params }) => readStateAt(deps, viewerOf(auth), parseRoomIdParam(params.roomId)),
});

function getStateEventEndpoint(path: string, operationId: string) {
  return defineEndpoint({
    operationId,
    method: 'GET',
    path,
    r0: true,
    auth: 'required',
    params: Type.Object({ roomId: Type.String(), eventType: Type.String(), stateKey: Type.Optional(Type.String()) }),
    query: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('content'), Type.Literal('event')])) }),
    handler: ({ deps, auth, params, query }) => readStateEvent(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventType, params.stateKey ?? '', query.format),
  });
}

function putStateEventEndpoint(path: string, operationId: string) {
  return defineEndpoint({
    operationId,
    method: 'PUT',
    path,
    r0: true,
    auth: 'required',
    rateLimit: 'send',
    params: Type.Object({ roomId: Type.String(), eventType: Type.String(), stateKey: Type.Optional(Type.String()) }),
    body: Type.Record(Type.String(), Type.Unknown()),
    handler: async ({ deps, auth, params, body }) => {
      const roomId = parseRoomIdParam(params.roomId);
      const type = checkEventType(params.eventType);
      const stateKey = params.stateKey ?? '';
      if (stateKey.length > 255) throw new MatrixError('M_INVALID_PARAM', 'State key is too long');
      // An invite written as a state event is an invite all the same.
      if (type === 'm.room.member' && body.membership === 'invite' && stateKey !== auth.userId) checkInviteRateLimit(deps, auth, [stateKey]);
      const eventId = await sendEvent(deps, auth, { roomId, type, stateKey, content: body });
      return { event_id: eventId };
    },
  });
}

export const getRoomStateWithKey = getStateEventEndpoint('/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}', 'getRoomStateWithKey');
export const getRoomStateEmptyKey = getStateEventEndpoint('/_matrix/client/v3/rooms/{roomId}/state/{eventType}', 'getRoomStateWithKey');
export const getRoomStateEmptyKeySlash = getStateEventEndpoint('/_matrix/client/v3/rooms/{roomId}/state/{eventType}/', 'getRoomStateWithKey');
export const setRoomStateWithKey = putStateEventEndpoint('/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}', 'setRoomStateWithKey');
export const setRoomStateEmptyKey = putStateEventEndpoint('/_matrix/client/v3/rooms/{roomId}/state/{eventType}', 'setRoomStateWithKey');
export const setRoomStateEmptyKeySlash = putStateEventEndpoint('/_matrix/client/v3/rooms/{roomId}/state/{eventType}/', 'setRoomStateWithKey');
