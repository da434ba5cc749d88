import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * GET /rooms/{roomId}/timestamp_to_event looks for a room's event nearest a time: an index on
 * (room_id, origin_server_ts, stream) makes that one index seek in either direction, where the
 * room's events would otherwise be scanned.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.createIndex('events_room_ts').on('events').columns(['room_id', 'origin_server_ts', 'stream']).execute();
}
