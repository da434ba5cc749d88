import type { Queryable } from '../storage/schema.ts';
import { findMembership, listMembershipHistory, type MembershipRow } from '../storage/repos/memberships.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { MatrixError } from '../errors/MatrixError.ts';

export const ROOM_READ_REFUSED = 'You do not have permission to read this room';

export interface RoomReadAccess {
  roomId: string;
  membership: string | undefined;
  /** Highest stream position the user may read: their departure for a former member, else unbounded. */
  upTo: number;
}

/**
 * The one gate for reading a room's events and state. A user who may not read a
 * room gets the same refusal whether or not the room exists. `membership` is the user's
 * membership row in the room when the caller has already read it (search reads them all).
 *
 * 1. A joined member reads the room without bound.
 * 2. Anyone reads a world_readable room without bound.
 * 3. A user who forgot the room reads nothing more of it.
 * 4. A former member (left, kicked or banned after having been joined) reads up to the
 *    moment they stopped being joined.
 * 5. Everyone else is refused: never a member, invited, knocking, a rejected invite or
 *    knock, banned without ever having joined.
 */
export async function accessRoomForRead(db: Queryable, userId: string, roomId: string, membership?: MembershipRow): Promise<RoomReadAccess> {
  const refused = new MatrixError('M_FORBIDDEN', ROOM_READ_REFUSED);
  const m = membership ?? (await findMembership(db, roomId, userId));
  if (m?.membership === 'join') return { roomId, membership: 'join', upTo: Number.MAX_SAFE_INTEGER };
  const hv = await findCurrentStateEvent(db, roomId, 'm.room.history_visibility', '');
  const worldReadable = hv !== undefined && parsePdu(hv).content.history_visibility === 'world_readable';
  if (worldReadable) return { roomId, membership: m?.membership, upTo: Number.MAX_SAFE_INTEGER };
  if (!m || m.forgotten) throw refused;
  if (m.membership !== 'leave' && m.membership !== 'ban') throw refused;
  const departure = departedAt(await listMembershipHistory(db, roomId, userId));
  if (departure === undefined) throw refused;
  return { roomId, membership: m.membership, upTo: departure };
}

/** The stream position of the membership change that ended the user's last join, if they were ever joined. */
export function departedAt(history: ReadonlyArray<{ stream: number; membership: string | null }>): number | undefined {
  let departure: number | undefined;
  let joined = false;
  for (const h of history) {
    if (h.membership === 'join') {
      joined = true;
      departure = undefined;
    } else if (joined) {
      joined = false;
      departure = Number(h.stream);
    }
  }
  return departure;
}
