import { sql } from 'kysely';
import type { Queryable, Schema, Tx } from '../schema.ts';
import { precompiled } from '../precompiled.ts';

export type RelationRow = Schema['event_relations'];

/** The rel_types the server aggregates (m.annotation is not bundled since spec v1.7). */
export const BUNDLED_REL_TYPES = ['m.thread', 'm.replace', 'm.reference'] as const;

export async function insertRelations(tx: Tx, rows: readonly RelationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.insertInto('event_relations').values(rows).execute();
}

/** A redacted event relates to nothing any more. */
export async function deleteRelation(tx: Tx, eventId: string): Promise<void> {
  await tx.deleteFrom('event_relations').where('event_id', '=', eventId).execute();
}

/** The thread roots of these events, for those that are in a thread (an m.thread relation). */
export async function listThreadRootsOf(db: Queryable, eventIds: readonly string[]): Promise<Map<string, string>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('event_relations')
    .select(['event_id', 'relates_to'])
    .where('event_id', 'in', [...eventIds])
    .where('rel_type', '=', 'm.thread')
    .execute();
  return new Map(rows.map((r) => [r.event_id, r.relates_to]));
}

/** Whether the sender already annotated the target with this event type and key (and has not redacted it). */
export async function hasAnnotation(db: Queryable, relatesTo: string, type: string, key: string, sender: string): Promise<boolean> {
  const row = await db
    .selectFrom('event_relations')
    .select('event_id')
    .where('relates_to', '=', relatesTo)
    .where('rel_type', '=', 'm.annotation')
    .where('type', '=', type)
    .where('aggregation_key', '=', key)
    .where('sender', '=', sender)
    .executeTakeFirst();
  return row !== undefined;
}

/** One row per (target, rel_type) with relations: for edits and references one row per relation, for threads the group. */
export interface AggregateRow {
  relates_to: string;
  rel_type: string;
  event_id: string | null;
  origin_server_ts: number | string | null;
  /** For m.thread: the newest reply's stream position; else the relation's. */
  stream: number | string;
  /** For m.thread: how many replies; else 1. */
  n: number | string;
  /** For m.thread: 1 when the user sent a reply. */
  mine: number | string;
}

const aggregates = precompiled<AggregateRow>(
  `SELECT "relates_to", "rel_type", "event_id", "origin_server_ts", "stream", 1 AS "n", 0 AS "mine" FROM "event_relations"` +
    ` WHERE "relates_to" IN (?...) AND "rel_type" IN ('m.replace', 'm.reference') AND "honoured" = 1 AND "stream" <= ? AND "sender" NOT IN (?...)` +
    ` UNION ALL SELECT "relates_to", 'm.thread' AS "rel_type", NULL AS "event_id", NULL AS "origin_server_ts", MAX("stream") AS "stream", COUNT(*) AS "n",` +
    ` MAX(CASE WHEN "sender" = ? THEN 1 ELSE 0 END) AS "mine" FROM "event_relations"` +
    ` WHERE "relates_to" IN (?...) AND "rel_type" = 'm.thread' AND "stream" <= ? AND "sender" NOT IN (?...) GROUP BY "relates_to"`,
);

/**
 * Everything bundling needs about the relations of many targets, in one statement: each
 * honoured edit and each reference (there are few), and per thread root the reply count,
 * the newest reply's position and whether `userId` replied. Only relations at or before `upTo`,
 * and none sent by the `ignored` users.
 */
export async function listAggregates(
  db: Queryable,
  targets: readonly string[],
  userId: string,
  upTo: number,
  relTypes: ReadonlySet<string>,
  ignored: ReadonlySet<string> = new Set(),
): Promise<AggregateRow[]> {
  if (targets.length === 0) return [];
  // NOT IN (NULL), what an empty list expands to, would match nothing: '' is no user's ID.
  const senders = ignored.size > 0 ? [...ignored] : [''];
  const rows = await aggregates(db, [targets, upTo, senders, userId, targets, upTo, senders]);
  return rows.filter((r) => relTypes.has(r.rel_type));
}

export interface RelationPageQuery {
  relType?: string;
  eventType?: string;
  /** The page covers (after, upTo], as /messages tokens do. */
  after: number;
  upTo: number;
  dir: 'b' | 'f';
  limit: number;
}

/** Relations of one or more targets in (after, upTo], in stream order (newest first for 'b'). */
export async function listRelationsOf(db: Queryable, relatesTo: readonly string[], q: RelationPageQuery): Promise<RelationRow[]> {
  if (relatesTo.length === 0) return [];
  let query = db.selectFrom('event_relations').selectAll().where('relates_to', 'in', relatesTo).where('stream', '>', q.after).where('stream', '<=', q.upTo);
  if (q.relType !== undefined) query = query.where('rel_type', '=', q.relType);
  if (q.eventType !== undefined) query = query.where('type', '=', q.eventType);
  return query
    .orderBy('stream', q.dir === 'b' ? 'desc' : 'asc')
    .limit(q.limit)
    .execute();
}

/**
 * Thread roots of a room by latest reply (at or before `upTo`), newest first, whose latest
 * reply is before `before`; with `participant`, only threads they started or replied in.
 */
export async function listThreadRoots(
  db: Queryable,
  roomId: string,
  opts: { before: number; upTo: number; limit: number; participant?: string },
): Promise<Array<{ relates_to: string; latest: number }>> {
  const participated =
    opts.participant === undefined
      ? sql``
      : sql` AND (MAX(CASE WHEN r.sender = ${opts.participant} THEN 1 ELSE 0 END) = 1 OR EXISTS (SELECT 1 FROM events e WHERE e.event_id = r.relates_to AND e.sender = ${opts.participant}))`;
  const result = await sql<{ relates_to: string; latest: number | string }>`
    SELECT r.relates_to, MAX(r.stream) AS latest FROM event_relations r
    WHERE r.room_id = ${roomId} AND r.rel_type = 'm.thread' AND r.stream <= ${opts.upTo}
    GROUP BY r.relates_to HAVING MAX(r.stream) < ${opts.before}${participated}
    ORDER BY latest DESC LIMIT ${opts.limit}`.execute(db);
  return result.rows.map((r) => ({ relates_to: r.relates_to, latest: Number(r.latest) }));
}

const SELECT_EVENTS_AT = precompiled<Schema['events']>(
  `SELECT "stream", "event_id", "room_id", "type", "state_key", "sender", "origin_server_ts", "json", "prev_content", "redacted_by", "txn_id", "txn_device_id", "membership" FROM "events" WHERE "stream" IN (?...)`,
);

/** Events by stream position (the primary key): the newest thread replies and edits bundling names. */
export async function listEventsAtStreams(db: Queryable, streams: readonly number[]): Promise<Array<Schema['events']>> {
  if (streams.length === 0) return [];
  return SELECT_EVENTS_AT(db, [streams]);
}
