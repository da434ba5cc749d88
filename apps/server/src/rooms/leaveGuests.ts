import type { SigningKey } from '@parley/protocol/node';
import type { FeedWriter } from '../feed/FeedWriter.ts';
import { roomChangeOf } from '../feed/roomChangeOf.ts';
import type { RoomLock } from '../storage/RoomLock.ts';
import { listJoinedGuestIds } from '../storage/repos/memberships.ts';
import { appendEvent } from './appendEvent.ts';

/**
 * Spec, Guest Access: when m.room.guest_access stops being can_join, the server MUST set the
 * joined guests' membership to leave. Each guest leaves by their own m.room.member event (as
 * Synapse does it), in the transaction that changed guest_access, so no guest outlives it.
 */
export async function leaveGuests(lock: RoomLock, serverName: string, key: SigningKey, now: number, feed: FeedWriter): Promise<void> {
  for (const guest of await listJoinedGuestIds(lock.tx, lock.roomId)) {
    const appended = await appendEvent(lock, serverName, key, { type: 'm.room.member', stateKey: guest, sender: guest, content: { membership: 'leave' }, originServerTs: now });
    feed.emit(roomChangeOf(appended));
  }
}
