import type { SigningKey } from '@parley/protocol/node';
import type { RoomLock } from '../storage/RoomLock.ts';
import { appendEvents } from './appendEvents.ts';
import type { AppendedEvent, EventDraft } from './EventDraft.ts';

export { MAX_EVENT_BYTES, type AppendedEvent, type EventDraft } from './EventDraft.ts';

/**
 * Builds, authorises and stores one event at the next stream position (appendEvents with
 * a batch of one). The caller holds the room lock and commits; nothing is announced here.
 */
export async function appendEvent(lock: RoomLock, serverName: string, key: SigningKey, draft: EventDraft): Promise<AppendedEvent> {
  const [appended] = await appendEvents(lock, { serverName, key }, [draft]);
  return appended!;
}
