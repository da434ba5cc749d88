import type { Queryable } from '../storage/schema.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { MatrixError } from '../errors/MatrixError.ts';

export const ROOM_SUMMARY_REFUSED = 'Room not found or is not accessible';

const OPEN_JOIN_RULES = new Set(['public', 'knock', 'knock_restricted']);
const RESTRICTED_JOIN_RULES = new Set(['restricted', 'knock_restricted']);

/**
 * The one gate for a room's summary (GET /room_summary, MSC3266): what a client shows before
 * offering to join. It answers the caller's membership (undefined when anonymous or never in
 * the room); a refusal is 404 M_NOT_FOUND, the same as for a room that does not exist.
 *
 * 1. A joined, invited or knocking user sees the summary.
 * 2. Anyone, even unauthenticated, sees a room whose join rule is public, knock or knock_restricted.
 * 3. Anyone sees a world_readable room.
 * 4. A user joined to a room that a restricted join rule's `allow` names sees the room (they may join it).
 * 5. Everyone else is refused: a private room, a room left or banned from, an unknown room.
 */
export async function accessRoomForSummary(db: Queryable, userId: string | undefined, roomId: string): Promise<{ membership: string | undefined }> {
  const refused = new MatrixError('M_NOT_FOUND', ROOM_SUMMARY_REFUSED);
  const m = userId !== undefined ? await findMembership(db, roomId, userId) : undefined;
  const membership = m?.membership;
  if (membership === 'join' || membership === 'invite' || membership === 'knock') return { membership };
  const jr = await findCurrentStateEvent(db, roomId, 'm.room.join_rules', '');
  const joinRules = jr ? parsePdu(jr).content : {};
  if (typeof joinRules.join_rule === 'string' && OPEN_JOIN_RULES.has(joinRules.join_rule)) return { membership };
  const hv = await findCurrentStateEvent(db, roomId, 'm.room.history_visibility', '');
  if (hv && parsePdu(hv).content.history_visibility === 'world_readable') return { membership };
  if (userId !== undefined && typeof joinRules.join_rule === 'string' && RESTRICTED_JOIN_RULES.has(joinRules.join_rule) && (await inAllowedRoom(db, joinRules.allow, userId))) {
    return { membership };
  }
  throw refused;
}

async function inAllowedRoom(db: Queryable, allow: unknown, userId: string): Promise<boolean> {
  if (!Array.isArray(allow)) return false;
  for (const a of allow.slice(0, 100)) {
    if (!a || typeof a !== 'object') continue;
    const entry = a as Record<string, unknown>;
    if (entry.type !== 'm.room_membership' || typeof entry.room_id !== 'string') continue;
    if ((await findMembership(db, entry.room_id, userId))?.membership === 'join') return true;
  }
  return false;
}
