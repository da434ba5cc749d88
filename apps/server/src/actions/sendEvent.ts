import type { EventId, RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { AuthContext } from '../http/AuthContext.ts';
import { appendEvent } from '../rooms/appendEvent.ts';
import { writeToRoom } from '../rooms/writeToRoom.ts';
import { MatrixError } from '../http/MatrixError.ts';

export interface SendEventInput {
  roomId: RoomId;
  type: string;
  stateKey?: string;
  content: Record<string, unknown>;
  txnId?: string;
  redacts?: string;
}

/** Looks up a transaction ID already used by this device. */
export async function findTxnEvent(deps: AppDeps, auth: AuthContext, txnId: string): Promise<string | undefined> {
  const row = await deps.database.db
    .selectFrom('event_txns')
    .select('event_id')
    .where('user_id', '=', auth.userId)
    .where('device_id', '=', auth.deviceId)
    .where('txn_id', '=', txnId)
    .executeTakeFirst();
  return row?.event_id;
}

/**
 * Sends a message or state event. With a txnId the send is idempotent per
 * device: a repeat returns the first event's ID (a unique index decides races).
 */
export async function sendEvent(deps: AppDeps, auth: AuthContext, input: SendEventInput): Promise<EventId> {
  if (input.txnId !== undefined) {
    const existing = await findTxnEvent(deps, auth, input.txnId);
    if (existing) return existing as EventId;
  }
  try {
    return await writeToRoom(deps, input.roomId, async (lock) => {
      const appended = await appendEvent(lock, deps.config.serverName, deps.signingKey, {
        type: input.type,
        ...(input.stateKey !== undefined ? { stateKey: input.stateKey } : {}),
        sender: auth.userId,
        content: input.type === 'm.room.redaction' && lock.roomVersion === '11' && input.redacts ? { ...input.content, redacts: input.redacts } : input.content,
        ...(input.redacts !== undefined ? { redacts: input.redacts } : {}),
        originServerTs: deps.now(),
        ...(input.txnId !== undefined ? { txn: { deviceId: auth.deviceId, txnId: input.txnId } } : {}),
      });
      if (input.txnId !== undefined) {
        await lock.tx
          .insertInto('event_txns')
          .values({ user_id: auth.userId, device_id: auth.deviceId, txn_id: input.txnId, event_id: appended.eventId, created_ts: deps.now() })
          .execute();
      }
      const alsoNotify = input.type === 'm.room.member' && input.stateKey ? [input.stateKey] : [];
      // Only membership events move device lists; other events touch the room alone.
      return { result: appended.eventId, stream: appended.stream, alsoNotify, kinds: input.type === 'm.room.member' ? (['room', 'membership'] as const) : (['room'] as const) };
    });
  } catch (err) {
    if (input.txnId !== undefined && !(err instanceof MatrixError)) {
      // A concurrent request with the same txnId won the unique index: answer with its event.
      const existing = await findTxnEvent(deps, auth, input.txnId);
      if (existing) return existing as EventId;
    }
    throw err;
  }
}
