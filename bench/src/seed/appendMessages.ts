import type { AppDeps } from '../../../apps/server/src/deps.ts';
import type { Principal } from '../../../apps/server/src/identity/Principal.ts';
import { appendEvents } from '../../../apps/server/src/rooms/appendEvents.ts';
import type { RoomLock } from '../../../apps/server/src/storage/RoomLock.ts';
import { insertEventTxns } from '../../../apps/server/src/storage/repos/eventTxns.ts';

export interface MessageDraft {
  content: Record<string, unknown>;
  txnId: string;
}

/**
 * Appends many message events by one sender to a locked room with the server's own batch
 * append (rooms/appendEvents.ts: build, authorise, persist), then records their txn IDs as
 * sendEvent does. The rows are the ones sendEvent with a txnId writes; the batch saves the
 * per-event state read and writes many rows per INSERT.
 * Returns the highest stream position written.
 */
export async function appendMessages(deps: AppDeps, lock: RoomLock, auth: Principal, drafts: readonly MessageDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  const type = 'm.room.message';
  const appended = await appendEvents(
    lock,
    { serverName: deps.config.serverName, key: deps.signingKey },
    drafts.map((d) => ({ type, sender: auth.userId, content: d.content, originServerTs: deps.now(), txn: { deviceId: auth.deviceId, txnId: d.txnId } })),
  );
  await insertEventTxns(
    lock.tx,
    appended.map((a, i) => ({
      key: { userId: auth.userId, deviceId: auth.deviceId, txnId: drafts[i]!.txnId, path: { endpoint: 'send', roomId: lock.roomId, eventType: type } },
      eventId: a.eventId,
    })),
    deps.now(),
  );
  return appended[appended.length - 1]!.stream;
}
