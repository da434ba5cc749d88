import type { Queryable, Tx } from '../schema.ts';

/** The request path a room transaction ID is scoped to, besides the device. */
export type EventTxnPath = { endpoint: 'send'; roomId: string; eventType: string } | { endpoint: 'redact'; roomId: string; redacts: string };

export interface EventTxnKey {
  userId: string;
  deviceId: string;
  txnId: string;
  path: EventTxnPath;
}

function pathColumns(path: EventTxnPath): { endpoint: string; room_id: string; target: string } {
  return { endpoint: path.endpoint, room_id: path.roomId, target: path.endpoint === 'send' ? path.eventType : path.redacts };
}

/** The event a request with this device, path and txnId produced; rows from before paths were kept match any path. */
export async function findEventTxn(db: Queryable, key: EventTxnKey): Promise<string | undefined> {
  const cols = pathColumns(key.path);
  const row = await db
    .selectFrom('event_txns')
    .select('event_id')
    .where('user_id', '=', key.userId)
    .where('device_id', '=', key.deviceId)
    .where('txn_id', '=', key.txnId)
    .where((eb) => eb.or([eb.and([eb('endpoint', '=', cols.endpoint), eb('room_id', '=', cols.room_id), eb('target', '=', cols.target)]), eb('endpoint', '=', '')]))
    .orderBy('endpoint', 'desc')
    .executeTakeFirst();
  return row?.event_id;
}

/** Records the event a request produced; the primary key rejects a concurrent duplicate. */
export async function insertEventTxn(tx: Tx, key: EventTxnKey, eventId: string, now: number): Promise<void> {
  await insertEventTxns(tx, [{ key, eventId }], now);
}

const TXN_ROWS_PER_INSERT = 500;

/** Records many requests' events at once (a batch append). */
export async function insertEventTxns(tx: Tx, records: ReadonlyArray<{ key: EventTxnKey; eventId: string }>, now: number): Promise<void> {
  const rows = records.map(({ key, eventId }) => ({
    user_id: key.userId,
    device_id: key.deviceId,
    txn_id: key.txnId,
    ...pathColumns(key.path),
    event_id: eventId,
    created_ts: now,
  }));
  for (let i = 0; i < rows.length; i += TXN_ROWS_PER_INSERT) {
    await tx
      .insertInto('event_txns')
      .values(rows.slice(i, i + TXN_ROWS_PER_INSERT))
      .execute();
  }
}
