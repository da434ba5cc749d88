import type { Queryable, Schema, Tx } from '../schema.ts';

export type ReceiptRow = Schema['receipts'];

export async function findReceipt(db: Queryable, roomId: string, userId: string, receiptType: string, threadId: string): Promise<ReceiptRow | undefined> {
  return db
    .selectFrom('receipts')
    .selectAll()
    .where('room_id', '=', roomId)
    .where('user_id', '=', userId)
    .where('receipt_type', '=', receiptType)
    .where('thread_id', '=', threadId)
    .executeTakeFirst();
}

/** One receipt per (room, user, type, thread): a new one replaces the old. */
export async function upsertReceipt(tx: Tx, row: ReceiptRow): Promise<void> {
  await tx
    .insertInto('receipts')
    .values(row)
    .onConflict((oc) => oc.columns(['room_id', 'user_id', 'receipt_type', 'thread_id']).doUpdateSet({ event_id: row.event_id, ts: row.ts, stream: row.stream }))
    .execute();
}

/** Receipts of the rooms that moved in (after, upTo]. */
export async function listReceiptsBetween(db: Queryable, roomIds: readonly string[], after: number, upTo: number): Promise<ReceiptRow[]> {
  if (roomIds.length === 0) return [];
  return db.selectFrom('receipts').selectAll().where('room_id', 'in', roomIds).where('stream', '>', after).where('stream', '<=', upTo).execute();
}

/** The event ID of the user's m.fully_read marker in a room (kept as room account data). */
export async function findFullyReadMarker(db: Queryable, userId: string, roomId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('account_data')
    .select('content')
    .where('user_id', '=', userId)
    .where('room_id', '=', roomId)
    .where('type', '=', 'm.fully_read')
    .executeTakeFirst();
  if (!row) return undefined;
  const content = JSON.parse(row.content) as { event_id?: unknown };
  return typeof content.event_id === 'string' ? content.event_id : undefined;
}

export async function upsertFullyReadMarker(tx: Tx, userId: string, roomId: string, eventId: string, stream: number): Promise<void> {
  const content = JSON.stringify({ event_id: eventId });
  await tx
    .insertInto('account_data')
    .values({ user_id: userId, room_id: roomId, type: 'm.fully_read', content, stream })
    .onConflict((oc) => oc.columns(['user_id', 'room_id', 'type']).doUpdateSet({ content, stream }))
    .execute();
}
