import type { Queryable, Schema, Tx } from '../schema.ts';

export type ToDeviceRow = Schema['to_device'];
export interface QueuedToDevice {
  id: number;
  sender: string;
  type: string;
  content: string;
  stream: number | string;
}

export async function insertToDeviceMessages(tx: Tx, rows: ReadonlyArray<Omit<ToDeviceRow, 'id'>>): Promise<void> {
  // In slices: one statement may bind only so many parameters (SQLite 32,766, PostgreSQL 65,535).
  for (let i = 0; i < rows.length; i += 1000) {
    await tx
      .insertInto('to_device')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/** Up to `limit` messages queued for a device up to a stream position, oldest first. */
export async function listToDeviceMessages(db: Queryable, userId: string, deviceId: string, upTo: number, limit: number): Promise<QueuedToDevice[]> {
  return db
    .selectFrom('to_device')
    .select(['id', 'sender', 'type', 'content', 'stream'])
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .where('stream', '<=', upTo)
    .orderBy('stream', 'asc')
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
}

/**
 * Forgets the messages a device has acknowledged by syncing past them: those up to a stream
 * position, or (after a partial page) those up to a message ID. IDs grow with stream positions,
 * as a message's row is inserted after its position was taken under the stream counter's lock.
 */
export async function deleteToDeviceDelivered(db: Queryable, userId: string, deviceId: string, delivered: { position: number; toDevice: number | null }): Promise<void> {
  let q = db.deleteFrom('to_device').where('user_id', '=', userId).where('device_id', '=', deviceId);
  q = delivered.toDevice === null ? q.where('stream', '<=', delivered.position) : q.where('id', '<=', delivered.toDevice);
  await q.execute();
}

/** How many messages, and how many characters of content, `sender` has queued for each of `userId`'s devices. */
export async function countPendingToDeviceBySender(db: Queryable, userId: string, sender: string): Promise<Map<string, { messages: number; bytes: number }>> {
  const rows = await db
    .selectFrom('to_device')
    .select((eb) => ['device_id', eb.fn.countAll<number | string>().as('messages'), eb.fn.sum<number | string | null>(eb.fn('length', ['content'])).as('bytes')])
    .where('user_id', '=', userId)
    .where('sender', '=', sender)
    .groupBy('device_id')
    .execute();
  return new Map(rows.map((r) => [r.device_id, { messages: Number(r.messages), bytes: Number(r.bytes ?? 0) }]));
}

/** Whether this device already sent a to-device request with this event type and txnId (rows from before 0005 match any type). */
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
