import type { Queryable } from '../storage/schema.ts';
import { deleteToDeviceDelivered, listToDeviceMessages, type QueuedToDevice } from '../storage/repos/toDevice.ts';
import { deviceKey, type SyncCache } from './SyncCache.ts';
import type { SyncToken } from './syncToken.ts';

/** To-device messages per /sync response, as Synapse sends; the client pages through the rest with its next syncs. */
export const TO_DEVICE_PAGE = 100;

/** What a sync sends of the device's to-device queue. */
export interface ToDevicePage {
  /** Oldest first, at most TO_DEVICE_PAGE. */
  messages: QueuedToDevice[];
  /** The ID of the last message sent when more are waiting (the next token says how far the queue was delivered), else null. */
  next: number | null;
}

/**
 * The one write GET /sync performs, done by the sync session before it builds a response:
 * a since token is the client's proof that it received the to-device messages the response
 * before it carried, so they are deleted now (the spec's at-least-once delivery: a response
 * lost on the way is sent again, since its token was never used). Returns the page of the
 * queue this sync sends. Costs one read, and a delete only when there is something to delete
 * (never a write per sync); no read at all while SyncCache knows the queue is empty.
 *
 * One read serves both: the messages delivered but not yet deleted are at most the previous
 * page, so a window of two pages and one more holds them, a page, and the proof that more are waiting.
 */
export async function acknowledgeToDevice(
  db: Queryable,
  device: { userId: string; deviceId: string },
  since: SyncToken | null,
  upTo: number,
  cache?: SyncCache,
): Promise<ToDevicePage> {
  const { userId, deviceId } = device;
  const key = deviceKey(userId, deviceId);
  // Read unless the device had none left when last read and none arrived since: delivered messages
  // are deleted by the first sync past them, even when nothing new arrived.
  if (cache?.toDeviceEmpty.peek(userId, key) === true) return { messages: [], next: null };
  const window = 2 * TO_DEVICE_PAGE + 1;
  const delivered = (m: QueuedToDevice): boolean => since !== null && (since.toDevice === null ? Number(m.stream) <= since.position : m.id <= since.toDevice);
  let rows = await listToDeviceMessages(db, userId, deviceId, upTo, window);
  let full = rows.length === window;
  if (since !== null && rows.some(delivered)) {
    await deleteToDeviceDelivered(db, userId, deviceId, since);
    rows = rows.filter((m) => !delivered(m));
    // Only a queue delivered before paging existed can hold more delivered messages than the window.
    if (rows.length === 0 && full) {
      rows = await listToDeviceMessages(db, userId, deviceId, upTo, window);
      full = rows.length === window;
    }
  }
  const messages = rows.slice(0, TO_DEVICE_PAGE);
  const more = full || rows.length > messages.length;
  // Everything up to upTo was read, so upTo is the stamp; a message after it notifies 'to_device' later.
  cache?.toDeviceEmpty.set(key, upTo, messages.length === 0);
  return { messages, next: more ? messages[messages.length - 1]!.id : null };
}
