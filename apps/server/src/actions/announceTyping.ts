import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';

/**
 * Gives a change of these rooms' typing sets a stream position (typing itself is
 * kept in memory, see TypingTracker): the feed records it in the tracker
 * (feed/recordTyping.ts) and wakes the rooms' joined members.
 */
export async function announceTyping(deps: AppDeps, roomIds: readonly string[]): Promise<void> {
  if (roomIds.length === 0) return;
  await commitChanges(deps, async (_tx, feed) => {
    for (const roomId of roomIds) feed.emit({ kind: 'typing', roomId });
  });
}
