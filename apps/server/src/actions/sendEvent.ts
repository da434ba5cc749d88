import type { EventId, RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { appendEvent } from '../rooms/appendEvent.ts';
import { roomChangeOf } from '../feed/roomChangeOf.ts';
import { writeToRoom } from '../rooms/writeToRoom.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findEventTxn, insertEventTxn, type EventTxnKey, type EventTxnPath } from '../storage/repos/eventTxns.ts';
import { findUnchangedState } from '../rooms/findUnchangedState.ts';
import { leaveGuests } from '../rooms/leaveGuests.ts';

export interface SendEventInput {
  roomId: RoomId;
  type: string;
  stateKey?: string;
  content: Record<string, unknown>;
  txnId?: string;
  redacts?: string;
}

/** The idempotency key of a send: the device, the request path (room and event type, or room and redacted event) and the txnId. */
function txnKey(auth: Principal, input: SendEventInput & { txnId: string }): EventTxnKey {
  const path: EventTxnPath =
    input.redacts !== undefined ? { endpoint: 'redact', roomId: input.roomId, redacts: input.redacts } : { endpoint: 'send', roomId: input.roomId, eventType: input.type };
  return { userId: auth.userId, deviceId: auth.deviceId, txnId: input.txnId, path };
}

/**
 * Sends a message or state event. With a txnId the send is idempotent per device
 * and request path: a repeat returns the first event's ID (a unique index decides
 * races); the same txnId in another room, for another event type or redaction
 * target is a new request. A state event identical to the current one, from the same sender,
 * appends nothing and answers with the current event's ID (rooms/findUnchangedState.ts).
 */
export async function sendEvent(deps: AppDeps, auth: Principal, input: SendEventInput): Promise<EventId> {
  const key = input.txnId !== undefined ? txnKey(auth, { ...input, txnId: input.txnId }) : undefined;
  if (key) {
    const existing = await findEventTxn(deps.database.db, key);
    if (existing) return existing as EventId;
  }
  try {
    return await writeToRoom(deps, input.roomId, async (lock, feed) => {
      const unchanged = input.stateKey !== undefined ? await findUnchangedState(lock, auth.userId, input.type, input.stateKey, input.content) : undefined;
      if (unchanged !== undefined) return unchanged as EventId;
      const appended = await appendEvent(lock, deps.config.serverName, deps.signingKey, {
        type: input.type,
        ...(input.stateKey !== undefined ? { stateKey: input.stateKey } : {}),
        sender: auth.userId,
        content: input.type === 'm.room.redaction' && lock.roomVersion === '11' && input.redacts ? { ...input.content, redacts: input.redacts } : input.content,
        ...(input.redacts !== undefined ? { redacts: input.redacts } : {}),
        originServerTs: deps.now(),
        ...(input.txnId !== undefined ? { txn: { deviceId: auth.deviceId, txnId: input.txnId } } : {}),
      });
      if (key) await insertEventTxn(lock.tx, key, appended.eventId, deps.now());
      feed.emit(roomChangeOf(appended));
      if (input.type === 'm.room.guest_access' && input.stateKey === '' && input.content.guest_access !== 'can_join') {
        await leaveGuests(lock, deps.config.serverName, deps.signingKey, deps.now(), feed);
      }
      return appended.eventId;
    });
  } catch (err) {
    if (key && !(err instanceof MatrixError)) {
      // A concurrent request with the same txnId and path won the unique index: answer with its event.
      const existing = await findEventTxn(deps.database.db, key);
      if (existing) return existing as EventId;
    }
    throw err;
  }
}
