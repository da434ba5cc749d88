import { sql } from 'kysely';
import type { Dialect, Queryable, Schema, Tx } from '../schema.ts';
import { listUnreadCounts } from './pushActions.ts';
import { precompiled, precompiledInsert } from '../precompiled.ts';

export type PushCountRow = Schema['push_counts'];

const countsOfUser = precompiled<PushCountRow>(
  `SELECT "user_id", "room_id", "thread_id", "notification_count", "highlight_count", "stream" FROM "push_counts" WHERE "user_id" = ?`,
);

/** A user's kept unread counts in every room and thread they have any (/sync reads them once per response). */
export async function listPushCounts(db: Queryable, userId: string): Promise<PushCountRow[]> {
  const rows = await countsOfUser(db, [userId]);
  return rows.map((x) => ({ ...x, notification_count: Number(x.notification_count), highlight_count: Number(x.highlight_count), stream: Number(x.stream) }));
}

const addCounts = precompiledInsert<PushCountRow>(
  'push_counts',
  ['user_id', 'room_id', 'thread_id', 'notification_count', 'highlight_count', 'stream'],
  'ON CONFLICT ("user_id", "room_id", "thread_id") DO UPDATE SET "notification_count" = "push_counts"."notification_count" + excluded."notification_count", ' +
    '"highlight_count" = "push_counts"."highlight_count" + excluded."highlight_count", "stream" = excluded."stream"',
);

/** Adds to the counts (one statement for many users, rooms and threads); `stream` is the position of the change. */
export async function addPushCounts(tx: Tx, rows: readonly PushCountRow[]): Promise<void> {
  await addCounts(tx, rows);
}

/**
 * Recounts a user's counts in one room from their push actions after their receipts (after a
 * receipt moved or a notifying event was redacted): every thread's row is rewritten, those now
 * at zero included, each with `stream` so /sync sends the room's new counts.
 */
export async function recountPushCounts(tx: Tx, userId: string, roomId: string, stream: number): Promise<void> {
  const counts = await listUnreadCounts(tx, userId, [roomId], Number.MAX_SAFE_INTEGER);
  await tx.updateTable('push_counts').set({ notification_count: 0, highlight_count: 0, stream }).where('user_id', '=', userId).where('room_id', '=', roomId).execute();
  if (counts.length === 0) return;
  await tx
    .insertInto('push_counts')
    .values(counts.map((c) => ({ user_id: userId, room_id: roomId, thread_id: c.thread_id, notification_count: c.notification_count, highlight_count: c.highlight_count, stream })))
    .onConflict((oc) =>
      oc.columns(['user_id', 'room_id', 'thread_id']).doUpdateSet({
        notification_count: sql`excluded.notification_count`,
        highlight_count: sql`excluded.highlight_count`,
      }),
    )
    .execute();
}

/**
 * Waits for a push evaluation under way to commit and holds the next back until this transaction
 * ends (PostgreSQL; SQLite has one writer): a recount then sees every action the evaluator wrote,
 * and the evaluator sees this transaction's receipt or redaction before adding to the counts.
 */
export async function holdPushEvaluation(tx: Tx, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') await sql`SELECT 1 FROM push_evaluation_position WHERE id = 1 FOR SHARE`.execute(tx);
}

/** The read receipt positions (m.read and m.read.private, per thread, '' unthreaded) of a room's users. */
export async function listRoomReadPositions(tx: Tx, roomId: string): Promise<Array<{ user_id: string; thread_id: string; stream: number }>> {
  const r = await sql<{ user_id: string; thread_id: string; stream: number | string }>`
    SELECT r.user_id, r.thread_id, MAX(e.stream) AS stream
    FROM receipts r JOIN events e ON e.event_id = r.event_id
    WHERE r.room_id = ${roomId} AND r.receipt_type IN ('m.read', 'm.read.private')
    GROUP BY r.user_id, r.thread_id`.execute(tx);
  return r.rows.map((x) => ({ user_id: x.user_id, thread_id: x.thread_id, stream: Number(x.stream) }));
}
