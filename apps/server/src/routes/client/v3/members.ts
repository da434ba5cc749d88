import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { accessRoomAsMember } from '../../../access/accessRoomAsMember.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { listCurrentState, parsePdu } from '../../../storage/repos/events.ts';
import { readMembers } from '../../../reads/readMembers.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const getMembersByRoom = defineEndpoint(contracts.getMembersByRoom, {
  handler: ({ deps, auth, params, query }) => readMembers(deps, viewerOf(auth), parseRoomIdParam(params.roomId), query),
});

export const getJoinedMembersByRoom = defineEndpoint(contracts.getJoinedMembersByRoom, {
  handler: async ({ deps, auth, params }) => {
    const db = deps.database.db;
    const roomId = parseRoomIdParam(params.roomId);
    await accessRoomAsMember(db, auth.userId, roomId, false);
    const joined: Record<string, { display_name?: string; avatar_url?: string }> = {};
    for (const r of await listCurrentState(db, roomId)) {
      if (r.type !== 'm.room.member' || r.membership !== 'join' || r.state_key === null) continue;
      const content = parsePdu(r).content;
      joined[r.state_key] = {
        ...(typeof content.displayname === 'string' ? { display_name: content.displayname } : {}),
        ...(typeof content.avatar_url === 'string' ? { avatar_url: content.avatar_url } : {}),
      };
    }
    return { joined };
  },
});
