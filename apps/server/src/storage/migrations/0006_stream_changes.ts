import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * The change feed's outbox (feed/ChangeFeed.ts): one row per committed write
 * transaction, keyed by the highest stream position it took, holding its typed
 * changes as a JSON array. Subscribers that must not miss a change resume from a
 * position by reading the rows after it; old rows are pruned (docs/adr/0002-change-feed.md).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('stream_changes')
    .addColumn('position', 'bigint', (c) => c.primaryKey())
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .execute();
}
