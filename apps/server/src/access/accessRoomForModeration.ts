import { eventPowerLevel, userPowerLevel, type RoomVersion } from '@parley/protocol';
import type { Queryable } from '../storage/schema.ts';
import type { Principal } from '../identity/Principal.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { findRoom } from '../storage/repos/rooms.ts';
import { MatrixError } from '../errors/MatrixError.ts';

/**
 * The gate for directory moderation (publishing a room, removing others' aliases):
 * a server admin, or a joined member whose power level would let them change the
 * room's m.room.canonical_alias (Synapse's "room moderator").
 */
export async function accessRoomForModeration(db: Queryable, auth: Principal, roomId: string): Promise<void> {
  if (auth.isAdmin) return;
  const refused = new MatrixError('M_FORBIDDEN', 'You must be a room moderator to do that');
  const m = await findMembership(db, roomId, auth.userId);
  if (m?.membership !== 'join') throw refused;
  const room = await findRoom(db, roomId);
  const pl = await findCurrentStateEvent(db, roomId, 'm.room.power_levels', '');
  const create = await findCurrentStateEvent(db, roomId, 'm.room.create', '');
  const plContent = pl ? parsePdu(pl).content : undefined;
  const level = userPowerLevel(auth.userId, plContent, create ? parsePdu(create) : undefined, room?.room_version as RoomVersion | undefined);
  if (level < eventPowerLevel('m.room.canonical_alias', true, plContent)) throw refused;
}
