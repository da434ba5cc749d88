/**
 * The notifier key a room's peekers wait on (GET /events?room_id=): the notifier wakes it
 * with every timeline change of the room. It cannot collide with a user ID, which starts with `@`.
 */
export function peekKey(roomId: string): string {
  return `peek:${roomId}`;
}
