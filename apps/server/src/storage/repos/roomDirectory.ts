import type { Queryable } from '../schema.ts';
import { EVENT_COLUMNS, type EventRow } from './events.ts';

export interface PublishedRoom {
  roomId: string;
  joined: number;
}

/** Rooms published in the directory with their joined member counts, most members first (room ID breaks ties). */
export async function listPublishedRooms(db: Queryable): Promise<PublishedRoom[]> {
  const rows = await db
    .selectFrom('rooms')
    .leftJoin('memberships', (j) => j.onRef('memberships.room_id', '=', 'rooms.room_id').on('memberships.membership', '=', 'join'))
    .select(['rooms.room_id', (eb) => eb.fn.count<number>('memberships.user_id').as('joined')])
    .where('rooms.is_public', '=', 1)
    .groupBy('rooms.room_id')
    .execute();
  return rows.map((r) => ({ roomId: r.room_id, joined: Number(r.joined) })).sort((a, b) => b.joined - a.joined || (a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0));
}

/** The current state events of the given types (empty state key) for several rooms in one query. */
export async function listRoomsStateOfTypes(db: Queryable, roomIds: readonly string[], types: readonly string[]): Promise<EventRow[]> {
  if (roomIds.length === 0 || types.length === 0) return [];
  return db
    .selectFrom('current_state as cs')
    .innerJoin('events as e', 'e.event_id', 'cs.event_id')
    .select(EVENT_COLUMNS.map((c) => `e.${c}` as const))
    .where('cs.room_id', 'in', roomIds)
    .where('cs.type', 'in', types)
    .where('cs.state_key', '=', '')
    .execute();
}
