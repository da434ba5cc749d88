import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';

/** Whether the room's m.room.guest_access is can_join (spec, Guest Access: the only rooms a guest may join). */
export async function guestsMayJoin(db: Queryable, roomId: string): Promise<boolean> {
  const event = await findCurrentStateEvent(db, roomId, 'm.room.guest_access', '');
  return event !== undefined && parsePdu(event).content.guest_access === 'can_join';
}
