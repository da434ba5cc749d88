import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Delivery state of HTTP pushers (push/PusherDelivery.ts):
 * - `pusher_cursors`: per pusher, the stream_ordering of the last push action its gateway
 *   acknowledged (`last_stream`), the unread count it was last told (`badge`), and its failure
 *   state (`failures`, `failing_since`, `retry_at`) so back-off survives a restart. A row belongs
 *   to the pusher created at `pusher_created_ts`: a pusher deleted and set again starts afresh.
 * - `pusher_leases`: which node delivers a user's notifications until `expires_ts`, so two
 *   nodes never push the same user's notifications at once.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('pusher_cursors')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('pushkey', 'text', (c) => c.notNull())
    .addColumn('pusher_created_ts', 'bigint', (c) => c.notNull())
    .addColumn('last_stream', 'bigint', (c) => c.notNull())
    .addColumn('badge', 'bigint')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failing_since', 'bigint')
    .addColumn('retry_at', 'bigint')
    .addPrimaryKeyConstraint('pusher_cursors_pkey', ['user_id', 'app_id', 'pushkey'])
    .execute();
  await db.schema
    .createTable('pusher_leases')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('node', 'text', (c) => c.notNull())
    .addColumn('expires_ts', 'bigint', (c) => c.notNull())
    .execute();
}
