import { contracts, type StateGetContract, type StatePutContract } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { checkInviteRateLimit } from '../../../http/checkInviteRateLimit.ts';
import { sendEvent } from '../../../actions/sendEvent.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { checkNoFloats } from '../../../http/floatSyntax.ts';
import { readStateAt } from '../../../reads/readStateAt.ts';
import { readStateEvent } from '../../../reads/readStateEvent.ts';
import { viewerOf } from '../../../reads/Viewer.ts';
import { checkEventType } from './send.ts';

export const getRoomState = defineEndpoint(contracts.getRoomState, {
  handler: ({ deps, auth, params }) => readStateAt(deps, viewerOf(auth), parseRoomIdParam(params.roomId)),
});

function getStateEventEndpoint(contract: StateGetContract) {
  return defineEndpoint(contract, {
    handler: ({ deps, auth, params, query }) => readStateEvent(deps, viewerOf(auth), parseRoomIdParam(params.roomId), params.eventType, params.stateKey ?? '', query.format),
  });
}

function putStateEventEndpoint(contract: StatePutContract) {
  return defineEndpoint(contract, {
    rateLimit: 'send',
    handler: async ({ deps, auth, params, body }) => {
      const roomId = parseRoomIdParam(params.roomId);
      const type = checkEventType(params.eventType);
      const stateKey = params.stateKey ?? '';
      if (stateKey.length > 255) throw new MatrixError('M_INVALID_PARAM', 'State key is too long');
      checkNoFloats(body);
      // An invite written as a state event is an invite all the same.
      if (type === 'm.room.member' && body.membership === 'invite' && stateKey !== auth.userId) checkInviteRateLimit(deps, auth, [stateKey]);
      const eventId = await sendEvent(deps, auth, { roomId, type, stateKey, content: body });
      return { event_id: eventId };
    },
  });
}

export const getRoomStateWithKey = getStateEventEndpoint(contracts.getRoomStateWithKey);
export const getRoomStateEmptyKey = getStateEventEndpoint(contracts.getRoomStateEmptyKey);
export const getRoomStateEmptyKeySlash = getStateEventEndpoint(contracts.getRoomStateEmptyKeySlash);
export const setRoomStateWithKey = putStateEventEndpoint(contracts.setRoomStateWithKey);
export const setRoomStateEmptyKey = putStateEventEndpoint(contracts.setRoomStateEmptyKey);
export const setRoomStateEmptyKeySlash = putStateEventEndpoint(contracts.setRoomStateEmptyKeySlash);
