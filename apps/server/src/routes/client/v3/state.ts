import { contracts, type StateGetContract, type StatePutContract } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { checkInviteRateLimit } from '../../../http/checkInviteRateLimit.ts';
import { sendEvent } from '../../../actions/sendEvent.ts';
import { accessRoomForRead } from '../../../access/accessRoomForRead.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { listCurrentState, listStateAt, parsePdu } from '../../../storage/repos/events.ts';
import { toClientEvents } from '../../../sync/formatEvent.ts';
import { checkEventType } from './send.ts';
import type { AppDeps } from '../../../deps.ts';
import type { Principal } from '../../../identity/Principal.ts';

async function readableState(deps: AppDeps, auth: Principal, roomIdParam: string) {
  const roomId = parseRoomIdParam(roomIdParam);
  const access = await accessRoomForRead(deps.database.db, auth.userId, roomId);
  const rows = access.upTo === Number.MAX_SAFE_INTEGER ? await listCurrentState(deps.database.db, roomId) : await listStateAt(deps.database.db, roomId, access.upTo);
  return { roomId, rows };
}

export const getRoomState = defineEndpoint(contracts.getRoomState, {
  handler: async ({ deps, auth, params }) => {
    const { rows } = await readableState(deps, auth, params.roomId);
    return toClientEvents(deps.database.db, rows, { now: deps.now(), userId: auth.userId, deviceId: auth.deviceId });
  },
});

function getStateEventEndpoint(contract: StateGetContract) {
  return defineEndpoint(contract, {
    handler: async ({ deps, auth, params, query }) => {
      const { rows } = await readableState(deps, auth, params.roomId);
      const stateKey = params.stateKey ?? '';
      const row = rows.find((r) => r.type === params.eventType && r.state_key === stateKey);
      if (!row) throw new MatrixError('M_NOT_FOUND', 'Event not found');
      if (query.format === 'event') return (await toClientEvents(deps.database.db, [row], { now: deps.now() }))[0];
      return parsePdu(row).content;
    },
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
