import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Transaction IDs of /sendToDevice requests, kept after the messages are delivered
 * and deleted, so a retried request is still recognised.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('to_device_txns')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('txn_id', 'text', (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('to_device_txns_pk', ['user_id', 'device_id', 'txn_id'])
    .execute();
}
