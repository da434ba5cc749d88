import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * `event_relations`: one row per stored event whose content has an `m.relates_to` with a
 * `rel_type` and an `event_id` (annotations, edits, threads, references), written in the
 * transaction that stores the event (rooms/indexRelations.ts) and deleted when the relating
 * event is redacted (a redacted event relates to nothing). `honoured` is 0 for a replacement
 * the spec says to ignore (another sender, another type, a state event, an edit of an edit),
 * so aggregations skip it while /relations still lists it. `aggregation_key` is an
 * annotation's key. Rows are read by target (bundled aggregations, /relations) and by room
 * and rel_type (the thread list).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('event_relations')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('relates_to', 'text', (c) => c.notNull())
    .addColumn('rel_type', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('aggregation_key', 'text')
    .addColumn('origin_server_ts', 'bigint', (c) => c.notNull())
    .addColumn('stream', 'bigint', (c) => c.notNull())
    .addColumn('honoured', 'integer', (c) => c.notNull())
    .execute();
  // Bundling and /relations: a target's relations of one kind in stream order.
  await db.schema.createIndex('event_relations_target').on('event_relations').columns(['relates_to', 'rel_type', 'stream']).execute();
  // The thread list: a room's thread replies, grouped by root.
  await db.schema.createIndex('event_relations_room').on('event_relations').columns(['room_id', 'rel_type', 'relates_to', 'stream']).execute();
}
