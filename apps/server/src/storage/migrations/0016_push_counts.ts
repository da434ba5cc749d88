import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Unread counts kept, not counted (docs/performance.md, "Push evaluation"): /sync read each
 * room's push actions after the receipts on every response, and the evaluator wrote every row
 * into four indexes ordered by user, so one event dirtied a page per recipient in each.
 *
 * - `push_counts`: per user, room and thread ('main' or the root), the notifying and highlighting
 *   actions after the user's read receipts, and `stream`, the position of the change that last
 *   moved them. The evaluator adds to it, a receipt or a redaction recounts the user's room;
 *   /sync reads a user's rows in one statement and sends the rooms whose `stream` moved.
 * - `event_push_actions` is keyed by (event_id, user_id), so an event's rows sit together (on
 *   SQLite the table is the key, WITHOUT ROWID), and loses its `written_stream` index; the
 *   per-room index takes the thread, so a recount reads only a thread's actions after its receipt.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('push_counts')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('notification_count', 'bigint', (c) => c.notNull())
    .addColumn('highlight_count', 'bigint', (c) => c.notNull())
    .addColumn('stream', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('push_counts_pk', ['user_id', 'room_id', 'thread_id'])
    .modifyEnd(dialect === 'sqlite' ? sql`WITHOUT ROWID` : sql``)
    .execute();
  // The counts as of now: notifying actions after the newest read receipt that covers their thread.
  await sql`
    INSERT INTO push_counts (user_id, room_id, thread_id, notification_count, highlight_count, stream)
    SELECT a.user_id, a.room_id, a.thread_id, SUM(a.notify), SUM(a.highlight), MAX(a.written_stream)
    FROM event_push_actions a
    WHERE a.stream_ordering > COALESCE((
      SELECT MAX(e.stream) FROM receipts r JOIN events e ON e.event_id = r.event_id
      WHERE r.room_id = a.room_id AND r.user_id = a.user_id
        AND r.receipt_type IN ('m.read', 'm.read.private')
        AND (r.thread_id = '' OR r.thread_id = a.thread_id)
    ), 0)
    GROUP BY a.user_id, a.room_id, a.thread_id`.execute(db);

  await db.schema.dropIndex('event_push_actions_by_written').execute();
  if (dialect === 'postgres') {
    await sql`ALTER TABLE event_push_actions DROP CONSTRAINT event_push_actions_pk, ADD CONSTRAINT event_push_actions_pk PRIMARY KEY (event_id, user_id)`.execute(db);
    await db.schema.dropIndex('event_push_actions_by_room').execute();
    await db.schema.createIndex('event_push_actions_by_thread').on('event_push_actions').columns(['user_id', 'room_id', 'thread_id', 'stream_ordering']).execute();
    return;
  }
  await db.schema.dropIndex('event_push_actions_by_user').execute();
  await db.schema.dropIndex('event_push_actions_by_room').execute();
  await sql`ALTER TABLE event_push_actions RENAME TO event_push_actions_old`.execute(db);
  await db.schema
    .createTable('event_push_actions')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('stream_ordering', 'bigint', (c) => c.notNull())
    .addColumn('thread_id', 'text', (c) => c.notNull())
    .addColumn('notify', 'integer', (c) => c.notNull())
    .addColumn('highlight', 'integer', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('ts', 'bigint', (c) => c.notNull())
    .addColumn('written_stream', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_push_actions_pk', ['event_id', 'user_id'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute();
  await sql`INSERT INTO event_push_actions SELECT user_id, room_id, event_id, stream_ordering, thread_id, notify, highlight, actions, ts, written_stream FROM event_push_actions_old`.execute(
    db,
  );
  await db.schema.dropTable('event_push_actions_old').execute();
  await db.schema.createIndex('event_push_actions_by_user').on('event_push_actions').columns(['user_id', 'stream_ordering']).execute();
  await db.schema.createIndex('event_push_actions_by_thread').on('event_push_actions').columns(['user_id', 'room_id', 'thread_id', 'stream_ordering']).execute();
}
