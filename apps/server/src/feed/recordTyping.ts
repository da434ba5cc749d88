import type { TypingTracker } from '../sync/TypingTracker.ts';
import type { FeedSubscriber } from './FeedSubscriber.ts';

/**
 * Gives the typing tracker the position of each committed typing change. Registered
 * before the notifier, so a woken /sync (and, through the Redis bridge, another node,
 * which hears the typing before the wake-up) already sees the new typing set.
 */
export function recordTyping(typing: TypingTracker): FeedSubscriber {
  return {
    name: 'typing',
    deliver({ position, changes }) {
      const roomIds: string[] = [];
      for (const c of changes) if (c.kind === 'typing') roomIds.push(c.roomId);
      if (roomIds.length > 0) typing.announce(roomIds, position);
    },
  };
}
