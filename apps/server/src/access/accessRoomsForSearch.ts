import type { Queryable } from '../storage/schema.ts';
import { listUserMemberships } from '../storage/repos/memberships.ts';
import type { SearchRoom } from '../storage/repos/search.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { accessRoomForRead } from './accessRoomForRead.ts';

/**
 * The gate for server-side search: the rooms the user has been in (and not forgotten)
 * that accessRoomForRead lets them read, each with how far: joined rooms without
 * bound, a departed member's rooms up to their leave (or without bound when world
 * readable). Per-event history visibility is still the caller's (Visibility).
 * Joined rooms cost nothing beyond the one membership query.
 */
export async function accessRoomsForSearch(db: Queryable, userId: string): Promise<SearchRoom[]> {
  const rooms: SearchRoom[] = [];
  for (const m of await listUserMemberships(db, userId)) {
    if (m.membership === 'join') {
      rooms.push({ roomId: m.room_id, upTo: Number.MAX_SAFE_INTEGER });
      continue;
    }
    try {
      const access = await accessRoomForRead(db, userId, m.room_id, m);
      rooms.push({ roomId: m.room_id, upTo: access.upTo });
    } catch (err) {
      if (!(err instanceof MatrixError && err.errcode === 'M_FORBIDDEN')) throw err;
    }
  }
  return rooms;
}
