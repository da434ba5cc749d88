import type { Queryable, Schema, Tx } from '../schema.ts';

export type ToDeviceRow = Schema['to_device'];

export async function insertToDeviceMessages(tx: Tx, rows: ReadonlyArray<Omit<ToDeviceRow, 'id'>>): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('to_device')
    .values([...rows])
    .execute();
}

/** Messages queued for a device up to a stream position, oldest first. */
export async function listToDeviceMessages(
  db: Queryable,
  userId: string,
  deviceId: string,
  upTo: number,
): Promise<Array<Pick<ToDeviceRow, 'sender' | 'type' | 'content' | 'stream'>>> {
  return db
    .selectFrom('to_device')
    .select(['sender', 'type', 'content', 'stream'])
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .where('stream', '<=', upTo)
    .orderBy('stream', 'asc')
    .orderBy('id', 'asc')
    .execute();
}

/** Forgets the messages a device has acknowledged by syncing past them. */
export async function deleteToDeviceUpTo(db: Queryable, userId: string, deviceId: string, upTo: number): Promise<void> {
  await db.deleteFrom('to_device').where('user_id', '=', userId).where('device_id', '=', deviceId).where('stream', '<=', upTo).execute();
}

/** Whether this device already sent a to-device request with this event type and txnId (rows from before 0006 match any type). */
export async function findToDeviceTxn(db: Queryable, userId: string, deviceId: string, eventType: string, txnId: string): Promise<boolean> {
  const row = await db
    .selectFrom('to_device_txns')
    .select('txn_id')
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .where('txn_id', '=', txnId)
    .where('event_type', 'in', [eventType, ''])
    .executeTakeFirst();
  return row !== undefined;
}

/** Records a transaction ID for its event type; the primary key rejects a concurrent duplicate. */
export async function insertToDeviceTxn(tx: Tx, userId: string, deviceId: string, eventType: string, txnId: string, now: number): Promise<void> {
  await tx.insertInto('to_device_txns').values({ user_id: userId, device_id: deviceId, txn_id: txnId, event_type: eventType, created_ts: now }).execute();
}
