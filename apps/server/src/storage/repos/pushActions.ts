import { sql } from 'kysely';
import type { Dialect, Queryable, Schema, Tx } from '../schema.ts';
import { precompiledInsert } from '../precompiled.ts';

export type PushActionRow = Schema['event_push_actions'];

/** The evaluation cursor, row-locked on PostgreSQL so one node at a time evaluates (SQLite serialises writers). */
export async function lockPushEvaluationPosition(tx: Tx, dialect: Dialect): Promise<number> {
  if (dialect === 'postgres') {
    const r = await sql<{ position: string | number }>`SELECT position FROM push_evaluation_position WHERE id = 1 FOR UPDATE`.execute(tx);
    return Number(r.rows[0]?.position ?? 0);
  }
  const row = await tx.selectFrom('push_evaluation_position').select('position').where('id', '=', 1).executeTakeFirst();
  return Number(row?.position ?? 0);
}

export async function findPushEvaluationPosition(db: Queryable): Promise<number> {
  const row = await db.selectFrom('push_evaluation_position').select('position').where('id', '=', 1).executeTakeFirst();
  return Number(row?.position ?? 0);
}

export async function updatePushEvaluationPosition(tx: Tx, position: number): Promise<void> {
  await tx.updateTable('push_evaluation_position').set({ position }).where('id', '=', 1).execute();
}

const insertActions = precompiledInsert<PushActionRow>(
  'event_push_actions',
  ['user_id', 'room_id', 'event_id', 'stream_ordering', 'thread_id', 'notify', 'highlight', 'actions', 'ts', 'written_stream'],
  'ON CONFLICT ("event_id", "user_id") DO NOTHING',
);

/** Writes events' rows; a row already there (the same event and user) is kept. */
export async function insertPushActions(tx: Tx, rows: readonly PushActionRow[]): Promise<void> {
  await insertActions(tx, rows);
}

/** Deletes an event's push actions (it was redacted); returns the users they were for. */
export async function deletePushActionsOf(tx: Tx, eventId: string): Promise<string[]> {
  const rows = await tx.deleteFrom('event_push_actions').where('event_id', '=', eventId).returning('user_id').execute();
  return rows.map((r) => r.user_id);
}

/** A page of the user's push actions, newest first, before `before` (a stream position). */
export async function listPushActionsPage(db: Queryable, userId: string, before: number | null, limit: number, onlyHighlight: boolean): Promise<PushActionRow[]> {
  let q = db.selectFrom('event_push_actions').selectAll().where('user_id', '=', userId);
  if (before !== null) q = q.where('stream_ordering', '<', before);
  if (onlyHighlight) q = q.where('highlight', '=', 1);
  const rows = await q.orderBy('stream_ordering', 'desc').limit(limit).execute();
  return rows.map((r) => ({ ...r, stream_ordering: Number(r.stream_ordering), ts: Number(r.ts), written_stream: Number(r.written_stream) }));
}

/** The user's read receipts (m.read, m.read.private) in these rooms, with their events' stream positions. */
export async function listReadReceiptPositions(db: Queryable, userId: string, roomIds: readonly string[]): Promise<Array<{ room_id: string; thread_id: string; stream: number }>> {
  if (roomIds.length === 0) return [];
  const rows = await db
    .selectFrom('receipts as r')
    .innerJoin('events as e', 'e.event_id', 'r.event_id')
    .select(['r.room_id', 'r.thread_id', 'e.stream'])
    .where('r.user_id', '=', userId)
    .where('r.room_id', 'in', roomIds)
    .where('r.receipt_type', 'in', ['m.read', 'm.read.private'])
    .execute();
  return rows.map((r) => ({ room_id: r.room_id, thread_id: r.thread_id, stream: Number(r.stream) }));
}
