import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * The rooms whose joined members anyone on the server may find in the user directory
 * (Synapse's rule: join_rule public or history_visibility world_readable), one row per
 * room, kept by rooms/appendEvent.ts in the transaction that changes either state event.
 * Existing rooms are filled in here from their current state.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('user_directory_public_rooms')
    .addColumn('room_id', 'text', (c) => c.primaryKey())
    .execute();
  const k = db as unknown as Kysely<{
    current_state: { room_id: string; type: string; state_key: string; event_id: string };
    events: { event_id: string; json: string };
    user_directory_public_rooms: { room_id: string };
  }>;
  const rows = await k
    .selectFrom('current_state')
    .innerJoin('events', 'events.event_id', 'current_state.event_id')
    .select(['current_state.room_id', 'current_state.type', 'events.json'])
    .where('current_state.type', 'in', ['m.room.join_rules', 'm.room.history_visibility'])
    .where('current_state.state_key', '=', '')
    .execute();
  const open = new Set<string>();
  for (const r of rows) {
    const content = (JSON.parse(r.json) as { content?: Record<string, unknown> }).content ?? {};
    if (r.type === 'm.room.join_rules' ? content.join_rule === 'public' : content.history_visibility === 'world_readable') open.add(r.room_id);
  }
  for (const roomId of open) await k.insertInto('user_directory_public_rooms').values({ room_id: roomId }).execute();
}
