import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { createRoom as createRoomAction } from '../../../actions/createRoom.ts';
import { checkInviteRateLimit } from '../../../http/checkInviteRateLimit.ts';

const StateEvent = Type.Object({
  type: Type.String({ maxLength: 255 }),
  state_key: Type.Optional(Type.String({ maxLength: 255 })),
  content: Type.Record(Type.String(), Type.Unknown()),
});

export const createRoom = defineEndpoint({
  operationId: 'createRoom',
  method: 'POST',
  path: '/_matrix/client/v3/createRoom',
  r0: true,
  auth: 'required',
  rateLimit: 'createRoom',
  body: Type.Object({
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
    room_alias_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: 1024 })),
    topic: Type.Optional(Type.String({ maxLength: 16384 })),
    invite: Type.Optional(Type.Array(Type.String(), { maxItems: 500 })),
    invite_3pid: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 0 })),
    room_version: Type.Optional(Type.String()),
    creation_content: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    initial_state: Type.Optional(Type.Array(StateEvent, { maxItems: 100 })),
    preset: Type.Optional(Type.Union([Type.Literal('private_chat'), Type.Literal('public_chat'), Type.Literal('trusted_private_chat')])),
    is_direct: Type.Optional(Type.Boolean()),
    power_level_content_override: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
  handler: async ({ deps, auth, body }) => {
    // Invites in `invite`, and any written as member events in `initial_state`.
    const stateInvites = (body.initial_state ?? [])
      .filter((e) => e.type === 'm.room.member' && e.content.membership === 'invite' && e.state_key !== undefined)
      .map((e) => e.state_key!);
    checkInviteRateLimit(deps, auth, [...new Set([...(body.invite ?? []), ...stateInvites])]);
    const { roomId, alias } = await createRoomAction(deps, auth, {
      ...(body.visibility !== undefined ? { visibility: body.visibility } : {}),
      ...(body.room_alias_name !== undefined ? { roomAliasName: body.room_alias_name } : {}),
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.topic !== undefined ? { topic: body.topic } : {}),
      ...(body.invite !== undefined ? { invite: body.invite } : {}),
      ...(body.preset !== undefined ? { preset: body.preset } : {}),
      ...(body.is_direct !== undefined ? { isDirect: body.is_direct } : {}),
      ...(body.initial_state !== undefined ? { initialState: body.initial_state } : {}),
      ...(body.creation_content !== undefined ? { creationContent: body.creation_content } : {}),
      ...(body.power_level_content_override !== undefined ? { powerLevelContentOverride: body.power_level_content_override } : {}),
      ...(body.room_version !== undefined ? { roomVersion: body.room_version } : {}),
    });
    return { room_id: roomId, ...(alias ? { room_alias: alias } : {}) };
  },
});
