import { MatrixError } from '../errors/MatrixError.ts';
import { listRoomEvents, listStateAt, parsePdu } from '../storage/repos/events.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { parseToken } from '../sync/syncToken.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

export interface MembersQuery {
  /** A stream token: the member list as it was then. */
  at?: string;
  /** Keep members with this membership ('join', 'invite', 'knock', 'leave', 'ban')... */
  membership?: string;
  /** ...or without this one (the spec makes the two an 'or'). */
  not_membership?: string;
}

/**
 * A room's member events (GET /rooms/{roomId}/members), oldest first. A departed member sees
 * the room as it was when they left, even when asking about a later point. The member list at
 * a point in the past is history: the viewer must be allowed to see the room's last event at
 * that point, by the room's history visibility (as Synapse checks).
 */
export async function readMembers(deps: ReadDeps, viewer: Viewer, roomId: string, query: MembersQuery): Promise<{ chunk: ClientEvent[] }> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const at = Math.min(query.at !== undefined ? parseToken(query.at, 'at') : Number.MAX_SAFE_INTEGER, policy.upTo);
  let state;
  if (at === Number.MAX_SAFE_INTEGER) {
    state = await policy.listState();
  } else {
    const [last] = await listRoomEvents(db, roomId, 0, at, 'b', 1);
    const visible = last !== undefined && (await policy.visibility()).canSee(last);
    if (!visible) throw new MatrixError('M_FORBIDDEN', 'You may not see the members of this room at that point');
    state = await listStateAt(db, roomId, at);
  }
  // The spec makes membership and not_membership an 'or' when both are given.
  const keep = (m: string): boolean => {
    if (query.membership === undefined && query.not_membership === undefined) return true;
    return (query.membership !== undefined && m === query.membership) || (query.not_membership !== undefined && m !== query.not_membership);
  };
  const members = state.filter((r) => r.type === 'm.room.member' && keep(r.membership ?? String(parsePdu(r).content.membership)));
  members.sort((a, b) => Number(a.stream) - Number(b.stream));
  return { chunk: await toClientEvents(db, members, { now: deps.now() }) };
}
