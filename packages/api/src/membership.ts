/** Joining, leaving, inviting, kicking, banning (joining.yaml, leaving.yaml, inviting.yaml, kicking.yaml, banning.yaml, knocking.yaml, list_joined_rooms.yaml). */
import { Type, type TSchema } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse, RoomIdResponse, RoomParams } from './schemas.ts';

const Reason = { reason: Type.Optional(Type.String({ maxLength: 2048 })) };
const TargetBody = Type.Object({ user_id: Type.String(), ...Reason });
const RoomIdOrAliasParams = Type.Object({ roomIdOrAlias: Type.String() });

export const joinRoom = defineContract({
  operationId: 'joinRoom',
  method: 'POST',
  path: '/_matrix/client/v3/join/{roomIdOrAlias}',
  r0: true,
  auth: 'required',
  params: RoomIdOrAliasParams,
  body: Type.Object({ ...Reason, third_party_signed: Type.Optional(Type.Unknown()) }),
  response: RoomIdResponse,
});

export const joinRoomById = defineContract({
  operationId: 'joinRoomById',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/join',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Type.Object({ ...Reason, third_party_signed: Type.Optional(Type.Unknown()) }),
  response: RoomIdResponse,
});

export const knockRoom = defineContract({
  operationId: 'knockRoom',
  method: 'POST',
  path: '/_matrix/client/v3/knock/{roomIdOrAlias}',
  auth: 'required',
  params: RoomIdOrAliasParams,
  body: Type.Object({ ...Reason }),
  response: RoomIdResponse,
});

export const leaveRoom = defineContract({
  operationId: 'leaveRoom',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/leave',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Type.Object({ ...Reason }),
  response: EmptyResponse,
});

export const forgetRoom = defineContract({
  operationId: 'forgetRoom',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/forget',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Type.Object({}),
  response: EmptyResponse,
});

/** invite, kick, ban, unban: a target user in the body; the invite body also takes id_server. */
function targetedContract(operationId: string, segment: string, body: TSchema = TargetBody, r0 = true) {
  return defineContract<'required', typeof RoomParams, undefined, TSchema, typeof EmptyResponse>({
    operationId,
    method: 'POST',
    path: `/_matrix/client/v3/rooms/{roomId}/${segment}`,
    r0,
    auth: 'required',
    params: RoomParams,
    body,
    response: EmptyResponse,
  });
}

export type TargetedContract = ReturnType<typeof targetedContract>;

export const inviteUser = targetedContract('inviteUser', 'invite', Type.Object({ user_id: Type.String(), ...Reason, id_server: Type.Optional(Type.String()) }));
export const kick = targetedContract('kick', 'kick');
export const ban = targetedContract('ban', 'ban');
export const unban = targetedContract('unban', 'unban');

export const getJoinedRooms = defineContract({
  operationId: 'getJoinedRooms',
  method: 'GET',
  path: '/_matrix/client/v3/joined_rooms',
  r0: true,
  auth: 'required',
  response: Type.Object({ joined_rooms: Type.Array(Type.String()) }),
});
