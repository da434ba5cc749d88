import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Push rules and what they decided (docs/architecture.md, "Push evaluation and unread counts"):
 * - `event_push_actions`: one row per (user, event) whose push rules gave actions that notify
 *   (or highlight); `stream_ordering` is the event's stream position, `thread_id` is 'main' or the
 *   thread root, `actions` the rule's actions as JSON. Unread counts and GET /notifications read it.
 * - `push_rules`: a user's own rules (`rule_json` holds conditions/pattern/actions) and, for the
 *   server's default rules, only what the user changed (`enabled`, `actions`; `rule_json` null).
 *   `ordinal` orders a user's rules within a kind (ascending: evaluated first).
 * - `push_evaluation_position`: one row, the stream position up to which events have been
 *   evaluated; every node's evaluator takes it under a row lock, so each event is evaluated once.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
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
    // The stream position of the commit that wrote the row (after the event's own): /sync's range for moved counts.
    .addColumn('written_stream', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_push_actions_pk', ['user_id', 'event_id'])
    .execute();
  // GET /notifications pages a user's rows by stream position.
  await db.schema.createIndex('event_push_actions_by_user').on('event_push_actions').columns(['user_id', 'stream_ordering']).execute();
  await db.schema.createIndex('event_push_actions_by_written').on('event_push_actions').columns(['user_id', 'written_stream']).execute();
  // Unread counts: a user's rows in one room after their receipt.
  await db.schema.createIndex('event_push_actions_by_room').on('event_push_actions').columns(['user_id', 'room_id', 'stream_ordering']).execute();
  await db.schema
    .createTable('push_rules')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('ordinal', 'bigint', (c) => c.notNull())
    .addColumn('rule_json', 'text')
    .addColumn('enabled', 'integer')
    .addColumn('actions', 'text')
    .addPrimaryKeyConstraint('push_rules_pk', ['user_id', 'kind', 'rule_id'])
    .execute();
  await db.schema
    .createTable('push_evaluation_position')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .execute();
  // Events before the upgrade are not evaluated: start at the current stream position.
  await sql`INSERT INTO push_evaluation_position (id, position) SELECT 1, position FROM stream_position WHERE id = 1`.execute(db);
}
