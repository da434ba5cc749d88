import { Type } from '@sinclair/typebox';
import { parseRoomAlias, parseRoomId, parseUserId, type RoomId } from '@parley/protocol';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { checkInviteRateLimit } from '../../../http/checkInviteRateLimit.ts';
import { changeMembership, type MembershipChange } from '../../../actions/changeMembership.ts';
import { forgetRoom as forgetRoomAction } from '../../../actions/forgetRoom.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { listUserMemberships } from '../../../storage/repos/memberships.ts';
import { findRoomAlias } from '../../../storage/repos/roomAliases.ts';
import type { AppDeps } from '../../../deps.ts';

const RoomParams = Type.Object({ roomId: Type.String() });
const Reason = { reason: Type.Optional(Type.String({ maxLength: 2048 })) };
const TargetBody = Type.Object({ user_id: Type.String(), ...Reason });

async function resolveRoom(deps: AppDeps, roomIdOrAlias: string): Promise<RoomId> {
  if (roomIdOrAlias.startsWith('#')) {
    if (!parseRoomAlias(roomIdOrAlias)) throw new MatrixError('M_INVALID_PARAM', 'Invalid room alias');
    const row = await findRoomAlias(deps.database.db, roomIdOrAlias);
    if (!row) throw new MatrixError('M_NOT_FOUND', 'Room alias not found');
    return row.room_id as RoomId;
  }
  const id = parseRoomId(roomIdOrAlias);
  if (!id) throw new MatrixError('M_INVALID_PARAM', 'Invalid room ID or alias');
  return id;
}

function targetParam(userId: string): string {
  if (!parseUserId(userId)) throw new MatrixError('M_INVALID_PARAM', 'Invalid user ID');
  return userId;
}

export const joinRoomByIdOrAlias = defineEndpoint({
  operationId: 'joinRoom',
  method: 'POST',
  path: '/_matrix/client/v3/join/{roomIdOrAlias}',
  r0: true,
  auth: 'required',
  rateLimit: 'join',
  params: Type.Object({ roomIdOrAlias: Type.String() }),
  body: Type.Object({ ...Reason, third_party_signed: Type.Optional(Type.Unknown()) }),
  handler: async ({ deps, auth, params, body }) => {
    const roomId = await resolveRoom(deps, params.roomIdOrAlias);
    await changeMembership(deps, auth, { roomId, change: 'join', target: auth.userId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return { room_id: roomId };
  },
});

export const joinRoomById = defineEndpoint({
  operationId: 'joinRoomById',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/join',
  r0: true,
  auth: 'required',
  rateLimit: 'join',
  params: RoomParams,
  body: Type.Object({ ...Reason, third_party_signed: Type.Optional(Type.Unknown()) }),
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    await changeMembership(deps, auth, { roomId, change: 'join', target: auth.userId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return { room_id: roomId };
  },
});

export const knockRoom = defineEndpoint({
  operationId: 'knockRoom',
  method: 'POST',
  path: '/_matrix/client/v3/knock/{roomIdOrAlias}',
  auth: 'required',
  rateLimit: 'join',
  params: Type.Object({ roomIdOrAlias: Type.String() }),
  body: Type.Object({ ...Reason }),
  handler: async ({ deps, auth, params, body }) => {
    const roomId = await resolveRoom(deps, params.roomIdOrAlias);
    await changeMembership(deps, auth, { roomId, change: 'knock', target: auth.userId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return { room_id: roomId };
  },
});

export const leaveRoom = defineEndpoint({
  operationId: 'leaveRoom',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/leave',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Type.Object({ ...Reason }),
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    await changeMembership(deps, auth, { roomId, change: 'leave', target: auth.userId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return {};
  },
});

export const forgetRoom = defineEndpoint({
  operationId: 'forgetRoom',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/forget',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Type.Object({}),
  handler: async ({ deps, auth, params }) => {
    await forgetRoomAction(deps, auth.userId, parseRoomIdParam(params.roomId));
    return {};
  },
});

function targetedEndpoint(operationId: string, segment: string, change: MembershipChange, r0 = true) {
  return defineEndpoint({
    operationId,
    method: 'POST',
    path: `/_matrix/client/v3/rooms/{roomId}/${segment}`,
    r0,
    auth: 'required',
    params: RoomParams,
    body: change === 'invite' ? Type.Object({ user_id: Type.String(), ...Reason, id_server: Type.Optional(Type.String()) }) : TargetBody,
    handler: async ({ deps, auth, params, body }) => {
      const roomId = parseRoomIdParam(params.roomId);
      const b = body as { user_id: string; reason?: string };
      const target = targetParam(b.user_id);
      if (change === 'invite') checkInviteRateLimit(deps, auth, [target]);
      await changeMembership(deps, auth, { roomId, change, target, ...(b.reason !== undefined ? { reason: b.reason } : {}) });
      return {};
    },
  });
}

export const inviteUser = targetedEndpoint('inviteUser', 'invite', 'invite');
export const kick = targetedEndpoint('kick', 'kick', 'kick');
export const ban = targetedEndpoint('ban', 'ban', 'ban');
export const unban = targetedEndpoint('unban', 'unban', 'unban');

export const getJoinedRooms = defineEndpoint({
  operationId: 'getJoinedRooms',
  method: 'GET',
  path: '/_matrix/client/v3/joined_rooms',
  r0: true,
  auth: 'required',
  handler: async ({ deps, auth }) => ({
    joined_rooms: (await listUserMemberships(deps.database.db, auth.userId)).filter((m) => m.membership === 'join').map((m) => m.room_id),
  }),
});
