import { parseRoomAlias, parseRoomId, parseUserId, type RoomId } from '@parley/protocol';
import { contracts, type TargetedContract } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { checkInviteRateLimit } from '../../../http/checkInviteRateLimit.ts';
import { changeMembership, type MembershipChange } from '../../../actions/changeMembership.ts';
import { forgetRoom as forgetRoomAction } from '../../../actions/forgetRoom.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { listUserMemberships } from '../../../storage/repos/memberships.ts';
import { findRoomAlias } from '../../../storage/repos/roomAliases.ts';
import type { AppDeps } from '../../../deps.ts';

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

export const joinRoomByIdOrAlias = defineEndpoint(contracts.joinRoom, {
  rateLimit: 'join',
  handler: async ({ deps, auth, params, body }) => {
    const roomId = await resolveRoom(deps, params.roomIdOrAlias);
    await changeMembership(deps, auth, { roomId, change: 'join', target: auth.userId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return { room_id: roomId };
  },
});

export const joinRoomById = defineEndpoint(contracts.joinRoomById, {
  rateLimit: 'join',
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    await changeMembership(deps, auth, { roomId, change: 'join', target: auth.userId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return { room_id: roomId };
  },
});

export const knockRoom = defineEndpoint(contracts.knockRoom, {
  rateLimit: 'join',
  handler: async ({ deps, auth, params, body }) => {
    const roomId = await resolveRoom(deps, params.roomIdOrAlias);
    await changeMembership(deps, auth, { roomId, change: 'knock', target: auth.userId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return { room_id: roomId };
  },
});

export const leaveRoom = defineEndpoint(contracts.leaveRoom, {
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    await changeMembership(deps, auth, { roomId, change: 'leave', target: auth.userId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return {};
  },
});

export const forgetRoom = defineEndpoint(contracts.forgetRoom, {
  handler: async ({ deps, auth, params }) => {
    await forgetRoomAction(deps, auth.userId, parseRoomIdParam(params.roomId));
    return {};
  },
});

function targetedEndpoint(contract: TargetedContract, change: MembershipChange) {
  return defineEndpoint(contract, {
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

export const inviteUser = targetedEndpoint(contracts.inviteUser, 'invite');
export const kick = targetedEndpoint(contracts.kick, 'kick');
export const ban = targetedEndpoint(contracts.ban, 'ban');
export const unban = targetedEndpoint(contracts.unban, 'unban');

export const getJoinedRooms = defineEndpoint(contracts.getJoinedRooms, {
  handler: async ({ deps, auth }) => ({
    joined_rooms: (await listUserMemberships(deps.database.db, auth.userId)).filter((m) => m.membership === 'join').map((m) => m.room_id),
  }),
});
