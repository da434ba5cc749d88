import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { accessRoomForRead } from '../../../access/accessRoomForRead.ts';
import { accessRoomAsMember } from '../../../access/accessRoomAsMember.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { listCurrentState, listRoomEvents, listStateAt, parsePdu } from '../../../storage/repos/events.ts';
import type { Queryable } from '../../../storage/schema.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { Visibility } from '../../../sync/Visibility.ts';
import { toClientEvents } from '../../../sync/formatEvent.ts';
import { parseToken } from '../../../sync/syncToken.ts';

/**
 * The member list at a point in the past is history: the user must be allowed to see the
 * room's last event at that point, by the room's history visibility (as Synapse checks).
 */
async function checkMembersVisibleAt(db: Queryable, userId: string, roomId: string, at: number): Promise<void> {
  const [last] = await listRoomEvents(db, roomId, 0, at, 'b', 1);
  const visible = last !== undefined && (await Visibility.load(db, userId, [roomId])).canSee(last);
  if (!visible) throw new MatrixError('M_FORBIDDEN', 'You may not see the members of this room at that point');
}

export const getMembersByRoom = defineEndpoint(contracts.getMembersByRoom, {
  handler: async ({ deps, auth, params, query }) => {
    const db = deps.database.db;
    const roomId = parseRoomIdParam(params.roomId);
    const access = await accessRoomForRead(db, auth.userId, roomId);
    // A departed member sees the room as it was when they left, even when asking about a later point.
    const at = Math.min(query.at !== undefined ? parseToken(query.at, 'at') : Number.MAX_SAFE_INTEGER, access.upTo);
    if (at !== Number.MAX_SAFE_INTEGER) await checkMembersVisibleAt(db, auth.userId, roomId, at);
    const state = at === Number.MAX_SAFE_INTEGER ? await listCurrentState(db, roomId) : await listStateAt(db, roomId, at);
    // The spec makes membership and not_membership an 'or' when both are given.
    const keep = (m: string): boolean => {
      if (query.membership === undefined && query.not_membership === undefined) return true;
      return (query.membership !== undefined && m === query.membership) || (query.not_membership !== undefined && m !== query.not_membership);
    };
    const members = state.filter((r) => r.type === 'm.room.member' && keep(r.membership ?? String(parsePdu(r).content.membership)));
    members.sort((a, b) => Number(a.stream) - Number(b.stream));
    return { chunk: await toClientEvents(db, members, { now: deps.now() }) };
  },
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
