import { userPowerLevel, actionPowerLevel } from '@parley/protocol';
import type { Queryable } from '../storage/schema.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { findMembership, listRoomMemberIds } from '../storage/repos/memberships.ts';

/**
 * For a restricted room: if the user is joined to a room the join rules allow,
 * returns a joined member who can invite (the spec's join_authorised_via_users_server);
 * otherwise null, and the auth rules will refuse the join.
 */
export async function chooseRestrictedJoinAuthoriser(db: Queryable, roomId: string, userId: string): Promise<string | null> {
  const jr = await findCurrentStateEvent(db, roomId, 'm.room.join_rules', '');
  const allow = jr ? parsePdu(jr).content.allow : undefined;
  if (!Array.isArray(allow)) return null;
  let satisfied = false;
  for (const a of allow) {
    if (a && typeof a === 'object' && (a as Record<string, unknown>).type === 'm.room_membership') {
      const other = (a as Record<string, unknown>).room_id;
      if (typeof other === 'string' && (await findMembership(db, other, userId))?.membership === 'join') {
        satisfied = true;
        break;
      }
    }
  }
  if (!satisfied) return null;
  const plRow = await findCurrentStateEvent(db, roomId, 'm.room.power_levels', '');
  const createRow = await findCurrentStateEvent(db, roomId, 'm.room.create', '');
  const pl = plRow ? parsePdu(plRow).content : undefined;
  const create = createRow ? parsePdu(createRow) : undefined;
  const inviteLevel = actionPowerLevel('invite', pl);
  const members = await listRoomMemberIds(db, roomId, ['join']);
  return members.find((m) => userPowerLevel(m, pl, create) >= inviteLevel) ?? null;
}
