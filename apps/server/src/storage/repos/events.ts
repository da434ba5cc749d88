import { sql } from 'kysely';
import type { Pdu } from '@parley/protocol';
import type { Queryable, Schema, Tx } from '../schema.ts';
import { precompiled } from '../precompiled.ts';

export type EventRow = Schema['events'];

export const EVENT_COLUMNS = [
  'stream',
  'event_id',
  'room_id',
  'type',
  'state_key',
  'sender',
  'origin_server_ts',
  'json',
  'prev_content',
  'redacted_by',
  'txn_id',
  'txn_device_id',
  'membership',
] as const;

/** Takes the next position in the one global stream. Serialises committers on the counter row, so positions commit in order. */
export async function allocateStreamPosition(tx: Tx): Promise<number> {
  return allocateStreamPositions(tx, 1);
}

/** Takes the next `count` positions in one step; returns the first (the others follow it). */
export async function allocateStreamPositions(tx: Tx, count: number): Promise<number> {
  const row = await tx
    .updateTable('stream_position')
    .set((eb) => ({ position: eb('position', '+', count) }))
    .where('id', '=', 1)
    .returning('position')
    .executeTakeFirstOrThrow();
  return Number(row.position) - count + 1;
}

export async function getStreamPosition(db: Queryable): Promise<number> {
  const row = await db.selectFrom('stream_position').select('position').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.position);
}

/** Rows per INSERT: 13 columns each stays far below SQLite's and PostgreSQL's bound-parameter limits. */
const EVENT_ROWS_PER_INSERT = 500;

export async function insertEvents(tx: Tx, rows: readonly EventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += EVENT_ROWS_PER_INSERT) {
    await tx
      .insertInto('events')
      .values(rows.slice(i, i + EVENT_ROWS_PER_INSERT))
      .execute();
  }
}

export async function findEvent(db: Queryable, eventId: string): Promise<EventRow | undefined> {
  return db.selectFrom('events').select(EVENT_COLUMNS).where('event_id', '=', eventId).executeTakeFirst();
}

export async function listEventsByIds(db: Queryable, eventIds: readonly string[]): Promise<EventRow[]> {
  if (eventIds.length === 0) return [];
  return eventsByIds(db, [eventIds]);
}

/** Events of a room in (after, upTo], newest first when dir is 'b', oldest first when 'f'. */
const SELECT_EVENTS = `SELECT ${EVENT_COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "events"`;
// Every send (auth and prev events), the push evaluator and relations read events by ID.
const eventsByIds = precompiled<EventRow>(`${SELECT_EVENTS} WHERE "event_id" IN (?...)`);
const roomEventsBackwards = precompiled<EventRow>(`${SELECT_EVENTS} WHERE "room_id" = ? AND "stream" > ? AND "stream" <= ? ORDER BY "stream" DESC LIMIT ?`);
const roomEventsForwards = precompiled<EventRow>(`${SELECT_EVENTS} WHERE "room_id" = ? AND "stream" > ? AND "stream" <= ? ORDER BY "stream" ASC LIMIT ?`);

/** A room's events in (after, upTo], newest first ('b') or oldest first ('f'). Precompiled: every woken /sync reads it. */
export async function listRoomEvents(db: Queryable, roomId: string, after: number, upTo: number, dir: 'b' | 'f', limit: number): Promise<EventRow[]> {
  return (dir === 'b' ? roomEventsBackwards : roomEventsForwards)(db, [roomId, after, upTo, limit]);
}

const roomsWithEvents = precompiled<{ room_id: string }>(`SELECT DISTINCT "room_id" FROM "events" WHERE "room_id" IN (?...) AND "stream" > ? AND "stream" <= ?`);

/** Which of the rooms have events in (after, upTo]: one query for all of a user's rooms. */
export async function listRoomsWithEventsBetween(db: Queryable, roomIds: readonly string[], after: number, upTo: number): Promise<string[]> {
  if (roomIds.length === 0) return [];
  return (await roomsWithEvents(db, [roomIds, after, upTo])).map((r) => r.room_id);
}

/** The room's state at a stream position: for each (type, state_key) the latest state event at or before it. */
export async function listStateAt(db: Queryable, roomId: string, position: number): Promise<EventRow[]> {
  const latest = await db
    .selectFrom('current_state')
    .select((eb) => eb.fn.max('stream').as('max'))
    .where('room_id', '=', roomId)
    .executeTakeFirst();
  if (latest && latest.max !== null && Number(latest.max) <= position) return listCurrentState(db, roomId);
  return db
    .selectFrom('events as e')
    .select(EVENT_COLUMNS.map((c) => `e.${c}` as const))
    .where('e.room_id', '=', roomId)
    .where('e.state_key', 'is not', null)
    .where('e.stream', '<=', position)
    .where('e.stream', '=', (eb) =>
      eb
        .selectFrom('events as e2')
        .select((eb2) => eb2.fn.max('e2.stream').as('m'))
        .whereRef('e2.room_id', '=', 'e.room_id')
        .whereRef('e2.type', '=', 'e.type')
        .whereRef('e2.state_key', '=', 'e.state_key')
        .where('e2.stream', '<=', position),
    )
    .execute();
}

export async function listCurrentState(db: Queryable, roomId: string): Promise<EventRow[]> {
  return db
    .selectFrom('current_state as cs')
    .innerJoin('events as e', 'e.event_id', 'cs.event_id')
    .select(EVENT_COLUMNS.map((c) => `e.${c}` as const))
    .where('cs.room_id', '=', roomId)
    .execute();
}

/** Latest state event per (type, state_key) changed in (after, upTo]. */
export async function listStateChanges(db: Queryable, roomId: string, after: number, upTo: number): Promise<EventRow[]> {
  const rows = await db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('room_id', '=', roomId)
    .where('state_key', 'is not', null)
    .where('stream', '>', after)
    .where('stream', '<=', upTo)
    .orderBy('stream', 'asc')
    .execute();
  const byKey = new Map<string, EventRow>();
  for (const r of rows) byKey.set(`${r.type}\u0000${r.state_key}`, r);
  return [...byKey.values()];
}

export async function findCurrentStateEvent(db: Queryable, roomId: string, type: string, stateKey: string): Promise<EventRow | undefined> {
  return db
    .selectFrom('current_state as cs')
    .innerJoin('events as e', 'e.event_id', 'cs.event_id')
    .select(EVENT_COLUMNS.map((c) => `e.${c}` as const))
    .where('cs.room_id', '=', roomId)
    .where('cs.type', '=', type)
    .where('cs.state_key', '=', stateKey)
    .executeTakeFirst();
}

/**
 * The given users' member events in force at `position`, in one query when current state
 * is not newer for any of them; otherwise the room's state at `position` (callers pick
 * the member events they asked for).
 */
export async function listMemberEventsAt(db: Queryable, roomId: string, position: number, userIds: readonly string[]): Promise<EventRow[]> {
  const current = await listCurrentStateEvents(
    db,
    roomId,
    userIds.map((u) => ['m.room.member', u] as const),
  );
  if (current.every((r) => Number(r.stream) <= position)) return current;
  return listStateAt(db, roomId, position);
}

/** Current state events for several (type, state_key) pairs in one query. */
export async function listCurrentStateEvents(db: Queryable, roomId: string, keys: ReadonlyArray<readonly [string, string]>): Promise<EventRow[]> {
  if (keys.length === 0) return [];
  return (
    db
      .selectFrom('current_state as cs')
      .innerJoin('events as e', 'e.event_id', 'cs.event_id')
      .select(EVENT_COLUMNS.map((c) => `e.${c}` as const))
      // room_id inside every branch: each is then a primary-key lookup (SQLite's multi-index OR), where
      // room_id outside the OR scanned the room's whole current state, every member included.
      .where((eb) => eb.or(keys.map(([t, k]) => eb.and([eb('cs.room_id', '=', roomId), eb('cs.type', '=', t), eb('cs.state_key', '=', k)]))))
      .execute()
  );
}

/** The current state events of one type, every state key (a space's m.space.child events): a prefix of current_state's key. */
export async function listCurrentStateOfType(db: Queryable, roomId: string, type: string, limit: number): Promise<EventRow[]> {
  return db
    .selectFrom('current_state as cs')
    .innerJoin('events as e', 'e.event_id', 'cs.event_id')
    .select(EVENT_COLUMNS.map((c) => `e.${c}` as const))
    .where('cs.room_id', '=', roomId)
    .where('cs.type', '=', type)
    .orderBy('cs.state_key')
    .limit(limit)
    .execute();
}

/**
 * A room's events nearest `ts` within stream positions up to `upTo`: the first at or after `ts`
 * ('f'), or the last at or before it ('b'), by origin_server_ts then stream (events_room_ts).
 */
export async function listEventsNearTimestamp(db: Queryable, roomId: string, ts: number, dir: 'b' | 'f', upTo: number, limit: number): Promise<EventRow[]> {
  const order = dir === 'f' ? 'asc' : 'desc';
  return db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .where('room_id', '=', roomId)
    .where('origin_server_ts', dir === 'f' ? '>=' : '<=', ts)
    .where('stream', '<=', upTo)
    .orderBy('origin_server_ts', order)
    .orderBy('stream', order)
    .limit(limit)
    .execute();
}

export async function upsertCurrentState(tx: Tx, roomId: string, type: string, stateKey: string, eventId: string, stream: number): Promise<void> {
  await tx
    .insertInto('current_state')
    .values({ room_id: roomId, type, state_key: stateKey, event_id: eventId, stream })
    .onConflict((oc) => oc.columns(['room_id', 'type', 'state_key']).doUpdateSet({ event_id: eventId, stream }))
    .execute();
}

export async function updateEventRedacted(tx: Tx, eventId: string, redactedJson: string, redactedBy: string): Promise<void> {
  await tx.updateTable('events').set({ json: redactedJson, redacted_by: redactedBy }).where('event_id', '=', eventId).execute();
}

/** Membership and history-visibility events for the given rooms, oldest first: the inputs of the visibility rules. */
export async function listVisibilityHistory(
  db: Queryable,
  userId: string,
  roomIds: readonly string[],
): Promise<Array<Pick<EventRow, 'room_id' | 'stream' | 'type' | 'state_key' | 'json' | 'membership'>>> {
  if (roomIds.length === 0) return [];
  return visibilityHistory(db, [roomIds, 'm.room.member', userId, roomIds, 'm.room.history_visibility', '']);
}

// Two index searches on (room_id, type, state_key, stream): an OR of both would scan every event of the rooms.
const VISIBILITY_BRANCH = `SELECT "room_id", "stream", "type", "state_key", "json", "membership" FROM "events" WHERE "room_id" IN (?...) AND "type" = ? AND "state_key" = ?`;
const visibilityHistory = precompiled<Pick<EventRow, 'room_id' | 'stream' | 'type' | 'state_key' | 'json' | 'membership'>>(
  `${VISIBILITY_BRANCH} UNION ALL ${VISIBILITY_BRANCH} ORDER BY "stream" ASC`,
);

export function parsePdu(row: Pick<EventRow, 'json'>): Pdu {
  return JSON.parse(row.json) as Pdu;
}

export { sql };
