import type { AppDeps } from '../deps.ts';
import { allocateStreamPosition } from '../storage/repos/events.ts';
import { listRoomMemberIds } from '../storage/repos/memberships.ts';

/**
 * Gives a change of these rooms' typing sets a stream position (typing itself is
 * kept in memory, see TypingTracker) and wakes the rooms' joined members.
 */
export async function announceTyping(deps: AppDeps, roomIds: readonly string[]): Promise<void> {
  if (roomIds.length === 0) return;
  const db = deps.database.db;
  const position = await deps.database.transaction((tx) => allocateStreamPosition(tx));
  deps.typing.announce(roomIds, position);
  const audience = new Set<string>();
  for (const roomId of roomIds) for (const u of await listRoomMemberIds(db, roomId, ['join'])) audience.add(u);
  deps.notifier.notify(position, audience, ['room']);
}
