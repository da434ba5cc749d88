import { sql } from 'kysely';
import type { Dialect, Queryable, Schema, Tx } from '../schema.ts';
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
 * Recounts a user's counts in one room after a receipt moved or a notifying event was redacted.
 * Only a thread that has a count can lose some (receipts only move forward), so only those are
 * read, each from its own index range: the actions after the newest receipt covering the thread
 * (unthreaded, or the thread's own; `main` for the main timeline), as many as are unread. A
 * thread whose count changed gets `stream`, so /sync sends the room's new counts.
 */
export async function recountPushCounts(tx: Tx, userId: string, roomId: string, stream: number): Promise<void> {
  const counted = (await countsInRoom(tx, [userId, roomId])).filter((c) => Number(c.notification_count) > 0 || Number(c.highlight_count) > 0);
  if (counted.length === 0) return;
  const read = new Map((await readPositionsOf(tx, [roomId, userId])).map((r) => [r.thread_id, Number(r.stream)]));
  const unthreaded = read.get('') ?? 0;
  for (const c of counted) {
    const after = Math.max(unthreaded, read.get(c.thread_id) ?? 0);
    const [now] = await unreadInThread(tx, [userId, roomId, c.thread_id, after]);
    const notifications = Number(now?.notification_count ?? 0);
    const highlights = Number(now?.highlight_count ?? 0);
    if (notifications === Number(c.notification_count) && highlights === Number(c.highlight_count)) continue;
    await tx
      .updateTable('push_counts')
      .set({ notification_count: notifications, highlight_count: highlights, stream })
      .where('user_id', '=', userId)
      .where('room_id', '=', roomId)
      .where('thread_id', '=', c.thread_id)
      .execute();
  }
}

const countsInRoom = precompiled<{ thread_id: string; notification_count: number | string; highlight_count: number | string }>(
  `SELECT "thread_id", "notification_count", "highlight_count" FROM "push_counts" WHERE "user_id" = ? AND "room_id" = ?`,
);
const readPositionsOf = precompiled<{ thread_id: string; stream: number | string }>(
  `SELECT r."thread_id", MAX(e."stream") AS "stream" FROM "receipts" r JOIN "events" e ON e."event_id" = r."event_id"` +
    ` WHERE r."room_id" = ? AND r."user_id" = ? AND r."receipt_type" IN ('m.read', 'm.read.private') GROUP BY r."thread_id"`,
);
const unreadInThread = precompiled<{ notification_count: number | string | null; highlight_count: number | string | null }>(
  `SELECT SUM("notify") AS "notification_count", SUM("highlight") AS "highlight_count" FROM "event_push_actions"` +
    ` WHERE "user_id" = ? AND "room_id" = ? AND "thread_id" = ? AND "stream_ordering" > ?`,
);

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
