import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { createRoom as createRoomAction } from '../../../actions/createRoom.ts';
import { checkInviteRateLimit } from '../../../http/checkInviteRateLimit.ts';
import { checkNoFloats } from '../../../http/floatSyntax.ts';

export const createRoom = defineEndpoint(contracts.createRoom, {
  rateLimit: 'createRoom',
  handler: async ({ deps, auth, body }) => {
    checkNoFloats(body);
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
