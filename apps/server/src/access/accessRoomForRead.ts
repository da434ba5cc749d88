import type { Queryable } from '../storage/schema.ts';
import { findMembership, type MembershipRow } from '../storage/repos/memberships.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { MatrixError } from '../http/MatrixError.ts';

export const ROOM_READ_REFUSED = 'You do not have permission to read this room';

export interface RoomReadAccess {
  roomId: string;
  membership: string | undefined;
  /** Highest stream position the user may read: their leave for a departed member, else unbounded. */
  upTo: number;
}

/**
 * The one gate for reading a room's events and state. A user who may not read a
 * room gets the same refusal whether or not the room exists. `membership` is the user's
 * membership row in the room when the caller has already read it (search reads them all).
 */
export async function accessRoomForRead(db: Queryable, userId: string, roomId: string, membership?: MembershipRow): Promise<RoomReadAccess> {
  const m = membership ?? (await findMembership(db, roomId, userId));
  if (m?.membership === 'join') return { roomId, membership: 'join', upTo: Number.MAX_SAFE_INTEGER };
  const hv = await findCurrentStateEvent(db, roomId, 'm.room.history_visibility', '');
  const worldReadable = hv !== undefined && parsePdu(hv).content.history_visibility === 'world_readable';
  if (worldReadable) return { roomId, membership: m?.membership, upTo: Number.MAX_SAFE_INTEGER };
  if (m && (m.membership === 'leave' || m.membership === 'ban')) return { roomId, membership: m.membership, upTo: Number(m.stream) };
  throw new MatrixError('M_FORBIDDEN', ROOM_READ_REFUSED);
}
