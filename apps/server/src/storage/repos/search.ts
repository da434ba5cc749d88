import { sql, type RawBuilder } from 'kysely';
import type { Dialect, Queryable } from '../schema.ts';
import { EVENT_COLUMNS, type EventRow } from './events.ts';

/** A room the search may read, up to a stream position (its leave for a departed member). */
export interface SearchRoom {
  roomId: string;
  upTo: number;
}

/** Conditions every match meets, applied in SQL. Tokens are already safe words (see tokenizeSearchTerm). */
export interface SearchMatchQuery {
  tokens: readonly string[];
  rooms: readonly SearchRoom[];
  /** Event types to consider (from the request's keys); undefined for all indexed types. */
  types?: readonly string[];
  senders?: readonly string[];
  notSenders?: readonly string[];
  /** Only events at or below this stream position (the first page's position, so pages agree). */
  ceiling: number;
  /** PostgreSQL's plan for newest-first reads, chosen once per search (planSearch); 'walk' when absent. */
  recentPlan?: PgRecentPlan;
}

/**
 * Where a page starts: strictly after this key in the order's direction. In rank order
 * PostgreSQL continues after (rank, stream): ts_rank depends only on the event. SQLite's
 * bm25 also depends on the whole index (row count, average length), so a write between
 * pages shifts every rank a little and a key would no longer match: SQLite skips
 * `offset` rows of the order instead.
 */
export type SearchCursor = { order: 'recent'; stream: number } | { order: 'rank'; rank: number; stream: number; offset: number };

export type SearchMatch = EventRow & {
  /** The engine's relevance as stored in a cursor: SQLite bm25 (lower is better), PostgreSQL ts_rank (higher is better). */
  rank: number;
};

/** The spec's rank (higher is closer) from the engine's. */
export function specRank(dialect: Dialect, rank: number): number {
  return dialect === 'sqlite' ? -rank : rank;
}

/** FTS5 query: each token a quoted string ("" escapes "), ANDed. */
function fts5Query(q: SearchMatchQuery): string {
  return q.tokens.map((t) => `"${t.replace(/"/g, '""')}"`).join(' AND ');
}

/**
 * tsquery text: each token a quoted lexeme ('' and \\ escaped), ANDed. No prefix
 * matching: the planner cannot estimate a prefix's selectivity and would then walk
 * the stream index through every event for a rare word.
 */
function tsQuery(q: SearchMatchQuery): string {
  return q.tokens.map((t) => `'${t.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`).join(' & ');
}

function roomCondition(rooms: readonly SearchRoom[]): RawBuilder<unknown> {
  const unbounded = rooms.filter((r) => r.upTo >= Number.MAX_SAFE_INTEGER).map((r) => r.roomId);
  const bounded = rooms.filter((r) => r.upTo < Number.MAX_SAFE_INTEGER);
  const parts: RawBuilder<unknown>[] = [];
  if (unbounded.length > 0) parts.push(sql`e.room_id IN (${sql.join(unbounded)})`);
  for (const r of bounded) parts.push(sql`(e.room_id = ${r.roomId} AND e.stream <= ${r.upTo})`);
  return sql`(${sql.join(parts, sql` OR `)})`;
}

function commonConditions(q: SearchMatchQuery): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [roomCondition(q.rooms), sql`e.redacted_by IS NULL`];
  if (q.types) parts.push(sql`e.type IN (${sql.join(q.types)})`);
  if (q.senders) parts.push(sql`e.sender IN (${sql.join(q.senders)})`);
  if (q.notSenders && q.notSenders.length > 0) parts.push(sql`e.sender NOT IN (${sql.join(q.notSenders)})`);
  return sql.join(parts, sql` AND `);
}

/** What the visibility rules and filters need of a match, without its JSON. */
export type SearchMatchKey = Pick<EventRow, 'stream' | 'room_id' | 'type' | 'state_key' | 'sender'> & { rank: number };
const KEY_COLUMNS = sql.raw('e.stream, e.room_id, e.type, e.state_key, e.sender');

function emptyQuery(q: SearchMatchQuery): boolean {
  return q.tokens.length === 0 || q.rooms.length === 0 || (q.types !== undefined && q.types.length === 0) || (q.senders !== undefined && q.senders.length === 0);
}

/**
 * The keys of up to `limit` matches after `cursor`, in the cursor's order: newest first
 * ('recent'), or most relevant first with newer first among equals ('rank').
 *
 * SQLite drives the join from the FTS5 table (CROSS JOIN fixes the loop order) whose
 * rowid is events.stream, so newest first reads the doclist backwards and stops at
 * `limit`. PostgreSQL newest first has two plans (see planSearch): 'walk' leaves the
 * choice to the planner, which for a word it knows to be common walks the stream index
 * backwards with the tsvector as a filter and stops at `limit`; 'index' reads every
 * match through the GIN index in a MATERIALIZED CTE (which the planner cannot turn into
 * that walk) and sorts them, for words with few matches.
 * Rank order scores every match on both engines (O(matches)).
 */
function matchKeys(dialect: Dialect, q: SearchMatchQuery, order: 'recent' | 'rank', cursor: SearchCursor | undefined, limit: number): RawBuilder<SearchMatchKey> {
  const where = commonConditions(q);
  if (dialect === 'sqlite') {
    const after = cursor?.order === 'recent' ? sql`AND s.rowid < ${cursor.stream}` : sql``;
    const offset = cursor?.order === 'rank' ? sql`OFFSET ${cursor.offset}` : sql``;
    const rank = order === 'rank' ? sql`s.rank` : sql`0`;
    const orderBy = order === 'rank' ? sql`s.rank, s.rowid DESC` : sql`s.rowid DESC`;
    return sql<SearchMatchKey>`
      SELECT ${KEY_COLUMNS}, ${rank} AS rank
      FROM event_search s CROSS JOIN events e ON e.stream = s.rowid
      WHERE event_search MATCH ${fts5Query(q)} AND s.rowid <= ${q.ceiling} ${after} AND ${where}
      ORDER BY ${orderBy} LIMIT ${limit} ${offset}`;
  }
  const tsq = sql`to_tsquery('simple'::regconfig, ${tsQuery(q)})`;
  const rankExpr = sql`ts_rank(e.search_tsv, ${tsq})`;
  const after =
    cursor === undefined
      ? sql``
      : cursor.order === 'recent'
        ? sql`AND e.stream < ${cursor.stream}`
        : sql`AND (${rankExpr} < ${cursor.rank}::real OR (${rankExpr} = ${cursor.rank}::real AND e.stream < ${cursor.stream}))`;
  const rank = order === 'rank' ? rankExpr : sql`0`;
  const matches = sql`SELECT ${KEY_COLUMNS}, ${rank} AS rank FROM events e WHERE e.search_tsv @@ ${tsq} AND e.stream <= ${q.ceiling} ${after} AND ${where}`;
  if (order === 'recent' && q.recentPlan === 'index') {
    return sql<SearchMatchKey>`
      WITH m AS MATERIALIZED (${matches})
      SELECT * FROM m ORDER BY m.stream DESC LIMIT ${limit}`;
  }
  const orderBy = order === 'rank' ? sql`rank DESC, e.stream DESC` : sql`e.stream DESC`;
  return sql<SearchMatchKey>`${matches} ORDER BY ${orderBy} LIMIT ${limit}`;
}

/**
 * How PostgreSQL reads matches newest first. Its estimate of a word's matches comes from
 * the most common lexemes ANALYZE saw in search_tsv; for any other word it assumes
 * 0.5% of the rows, and then walking the stream index backwards looks like it finds a
 * page after a few thousand rows, when a rare word makes it filter every event (the
 * whole table for a word that is not there). So unless every word is one of those
 * common lexemes, a probe counts the word's real matches through the GIN index, up to
 * INDEX_PLAN_MAX_MATCHES + 1 (a bitmap scan: cheap when matches are few): at most that
 * many take the 'index' plan, which costs O(matches) however old they are. Otherwise the
 * planner chooses ('walk'), as it does well for words it has statistics on.
 */
export type PgRecentPlan = 'walk' | 'index';

/** Beyond this many matches of the words, reading them all costs more than walking to a page. */
export const INDEX_PLAN_MAX_MATCHES = 2000;

async function choosePgRecentPlan(db: Queryable, q: SearchMatchQuery): Promise<PgRecentPlan> {
  if (emptyQuery(q)) return 'walk';
  const res = await sql<{ n: string | null }>`
    SELECT CASE
      WHEN (SELECT bool_and(t = ANY (s.most_common_elems::text::text[]))
            FROM pg_stats s, unnest(${sql.val(q.tokens)}::text[]) AS t
            WHERE s.schemaname = current_schema() AND s.tablename = 'events' AND s.attname = 'search_tsv')
      THEN NULL
      ELSE (SELECT count(*) FROM (
              SELECT 1 FROM events e WHERE e.search_tsv @@ to_tsquery('simple'::regconfig, ${tsQuery(q)}) LIMIT ${INDEX_PLAN_MAX_MATCHES + 1}) p)
    END AS n`.execute(db);
  const n = res.rows[0]?.n;
  return n !== null && n !== undefined && Number(n) <= INDEX_PLAN_MAX_MATCHES ? 'index' : 'walk';
}

/**
 * The query with its PostgreSQL newest-first plan chosen (one probe per search, shared by
 * its page and count reads, which both read newest first for the count). SQLite has one plan.
 */
export async function planSearch(db: Queryable, dialect: Dialect, q: SearchMatchQuery): Promise<SearchMatchQuery> {
  return dialect === 'postgres' ? { ...q, recentPlan: await choosePgRecentPlan(db, q) } : q;
}

/** The keys of matches (see matchKeys): enough to count and filter without reading event JSON. */
export async function listSearchMatchKeys(
  db: Queryable,
  dialect: Dialect,
  q: SearchMatchQuery,
  order: 'recent' | 'rank',
  cursor: SearchCursor | undefined,
  limit: number,
): Promise<SearchMatchKey[]> {
  if (emptyQuery(q)) return [];
  const res = await matchKeys(dialect, q, order, cursor, limit).execute(db);
  return res.rows.map((r) => ({ ...r, stream: Number(r.stream), rank: Number(r.rank) }));
}

/** Whole matching events (see matchKeys), read only for the rows the order keeps. */
export async function listSearchMatches(
  db: Queryable,
  dialect: Dialect,
  q: SearchMatchQuery,
  order: 'recent' | 'rank',
  cursor: SearchCursor | undefined,
  limit: number,
): Promise<SearchMatch[]> {
  if (emptyQuery(q)) return [];
  const cols = sql.raw(EVENT_COLUMNS.map((c) => `e.${c}`).join(', '));
  const orderBy = order === 'rank' ? (dialect === 'sqlite' ? sql`m.rank, m.stream DESC` : sql`m.rank DESC, m.stream DESC`) : sql`m.stream DESC`;
  const res = await sql<SearchMatch>`
    SELECT ${cols}, m.rank AS rank
    FROM (${matchKeys(dialect, q, order, cursor, limit)}) m JOIN events e ON e.stream = m.stream
    ORDER BY ${orderBy}`.execute(db);
  return res.rows.map((r) => ({ ...r, stream: Number(r.stream), origin_server_ts: Number(r.origin_server_ts), rank: Number(r.rank) }));
}
