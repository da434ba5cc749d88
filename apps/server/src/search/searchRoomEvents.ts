import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { accessRoomsForSearch } from '../access/accessRoomsForSearch.ts';
import { listStateAt, parsePdu } from '../storage/repos/events.ts';
import {
  listSearchMatchKeys,
  listSearchMatches,
  planSearch,
  specRank,
  type SearchCursor,
  type SearchMatchKey,
  type SearchMatchQuery,
  type SearchRoom,
} from '../storage/repos/search.ts';
import { scanSearchMatches, type SearchScan } from './scanSearchMatches.ts';
import { checkSyncFilter, matchesFilter, type EventFilterJson } from '../sync/EventFilter.ts';
import { toClientEvents } from '../sync/formatEvent.ts';
import { bundleAggregations } from '../reads/bundleAggregations.ts';
import { loadIgnoredUsers } from '../reads/loadIgnoredUsers.ts';
import { Visibility } from '../sync/Visibility.ts';
import { tokenizeSearchTerm } from './tokenizeSearchTerm.ts';
import { formatSearchBatchToken, parseSearchBatchToken, type SearchGroupScope } from './searchBatchToken.ts';
import { loadSearchContext } from './loadSearchContext.ts';

export type SearchKey = 'content.body' | 'content.name' | 'content.topic';
export type GroupKey = 'room_id' | 'sender';

/** The `room_events` criteria, as the route's schema admits them. */
export interface RoomEventsCriteria {
  search_term: string;
  keys?: SearchKey[];
  filter?: Record<string, unknown>;
  order_by?: 'recent' | 'rank';
  event_context?: { before_limit?: number; after_limit?: number; include_profile?: boolean };
  include_state?: boolean;
  groupings?: { group_by?: Array<{ key?: GroupKey }> };
}

const TYPE_OF_KEY: Record<SearchKey, string> = { 'content.body': 'm.room.message', 'content.name': 'm.room.name', 'content.topic': 'm.room.topic' };
const DEFAULT_LIMIT = 10;
const MAX_LIMIT = 100;
const MAX_CONTEXT = 20;
/** Rows a page reads at most before answering with what it has (and a next_batch). */
const PAGE_SCAN_BUDGET = 5000;
/** `count` is exact up to this many results the user may see; past it, it says this many. */
export const COUNT_CAP = 1000;
const COUNT_SCAN_BUDGET = 20000;

function narrowRooms(rooms: SearchRoom[], filter: EventFilterJson | undefined, group: SearchGroupScope | undefined): SearchRoom[] {
  return rooms.filter(
    (r) => (!filter?.rooms || filter.rooms.includes(r.roomId)) && !filter?.not_rooms?.includes(r.roomId) && (group?.key !== 'room_id' || group.value === r.roomId),
  );
}

function narrowSenders(filter: EventFilterJson | undefined, group: SearchGroupScope | undefined): string[] | undefined {
  if (group?.key !== 'sender') return filter?.senders;
  return !filter?.senders || filter.senders.includes(group.value) ? [group.value] : [];
}

/**
 * POST /search, category room_events: matches of the term's words in the rooms the
 * user has been in, as far as /messages would show them (accessRoomsForSearch, then
 * Visibility per event), newest first or most relevant first, with a next_batch
 * token that pins the first page's stream position so later pages neither repeat nor skip.
 */
export async function searchRoomEvents(deps: AppDeps, auth: Principal, criteria: RoomEventsCriteria, nextBatch: string | undefined): Promise<Record<string, unknown>> {
  const db = deps.database.db;
  const dialect = deps.database.dialect;
  const order = criteria.order_by ?? 'rank';
  const token = nextBatch !== undefined ? parseSearchBatchToken(nextBatch) : undefined;
  if (token && token.cursor.order !== order) throw new MatrixError('M_INVALID_PARAM', 'next_batch was issued for another order_by');
  const filter = criteria.filter !== undefined ? checkSyncFilter({ room: { timeline: criteria.filter } }).room?.timeline : undefined;
  const limit = Math.min(filter?.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  const tokens = tokenizeSearchTerm(criteria.search_term);
  const keys = criteria.keys && criteria.keys.length > 0 ? [...new Set(criteria.keys)] : undefined;
  const group = token?.group;
  const rooms = narrowRooms(await accessRoomsForSearch(db, auth.userId), filter, group);
  const senders = narrowSenders(filter, group);
  const q: SearchMatchQuery = await planSearch(db, dialect, {
    tokens,
    rooms,
    ...(keys && keys.length < 3 ? { types: keys.map((k) => TYPE_OF_KEY[k]) } : {}),
    ...(senders ? { senders } : {}),
    ...(filter?.not_senders ? { notSenders: filter.not_senders } : {}),
    ceiling: token?.ceiling ?? deps.notifier.currentPosition,
  });
  const ignored = await loadIgnoredUsers(db, auth.userId);
  const visibility = await Visibility.load(
    db,
    auth.userId,
    rooms.map((r) => r.roomId),
    ignored,
  );
  const keep = (r: SearchMatchKey & { json?: string }): boolean =>
    visibility.canSee(r) &&
    matchesFilter(
      filter,
      filter?.contains_url !== undefined && r.json !== undefined ? { type: r.type, sender: r.sender, room_id: r.room_id, content: parsePdu({ json: r.json }).content } : r,
    );
  const readEvents = (cursor: SearchCursor | undefined, n: number) => listSearchMatches(db, dialect, q, order, cursor, n);
  // contains_url needs the content: then counting reads whole events too.
  const readForCount = (cursor: SearchCursor | undefined, n: number) =>
    filter?.contains_url !== undefined ? listSearchMatches(db, dialect, q, 'recent', cursor, n) : listSearchMatchKeys(db, dialect, q, 'recent', cursor, n);

  // One past the page tells whether another page exists.
  const page =
    limit > 0 ? await scanSearchMatches(readEvents, order, token?.cursor, limit + 1, PAGE_SCAN_BUDGET, keep) : { kept: [], keptCursors: [], cursor: undefined, exhausted: true };
  const rows = page.kept.slice(0, limit);
  const more = page.kept.length > limit || !page.exhausted;
  const nextCursor = page.kept.length > limit ? page.keptCursors[limit - 1] : page.cursor;

  const count = await countMatches(readForCount, order, token === undefined && limit > 0 ? page : undefined, keep);
  const fmt = { now: deps.now(), userId: auth.userId, deviceId: auth.deviceId };
  const events = await toClientEvents(db, rows, fmt);
  const upToOf = new Map(rooms.map((r) => [r.roomId, Math.min(r.upTo, deps.notifier.currentPosition)]));
  // Bundled aggregations: one batch per reading bound (all of a member's rooms share one).
  for (const upTo of new Set(rows.map((r) => upToOf.get(r.room_id) ?? 0))) {
    await bundleAggregations(
      db,
      events.filter((_, i) => (upToOf.get(rows[i]!.room_id) ?? 0) === upTo),
      { userId: auth.userId, upTo, format: fmt, ignored },
    );
  }
  const ctxOpts = criteria.event_context;
  const results = [];
  for (const [i, row] of rows.entries()) {
    const result: Record<string, unknown> = { result: events[i] };
    if (order === 'rank') result.rank = specRank(dialect, row.rank);
    if (ctxOpts) {
      const opts = {
        beforeLimit: Math.min(ctxOpts.before_limit ?? 5, MAX_CONTEXT),
        afterLimit: Math.min(ctxOpts.after_limit ?? 5, MAX_CONTEXT),
        includeProfile: ctxOpts.include_profile ?? false,
      };
      result.context = await loadSearchContext(db, row, upToOf.get(row.room_id) ?? 0, visibility, opts, fmt);
    }
    results.push(result);
  }

  const out: Record<string, unknown> = { results, count, highlights: tokens };
  const tokenFor = (scope: SearchGroupScope | undefined): string | undefined =>
    more && nextCursor ? formatSearchBatchToken({ ceiling: q.ceiling, cursor: nextCursor, ...(scope ? { group: scope } : {}) }) : undefined;
  const next = tokenFor(group);
  if (next !== undefined) out.next_batch = next;
  if (criteria.include_state) {
    const state: Record<string, unknown> = {};
    for (const roomId of new Set(rows.map((r) => r.room_id))) {
      const upTo = upToOf.get(roomId) ?? 0;
      const stateRows = await listStateAt(db, roomId, upTo);
      state[roomId] = await toClientEvents(db, stateRows, { now: fmt.now });
    }
    out.state = state;
  }
  const groupKeys = [...new Set((criteria.groupings?.group_by ?? []).flatMap((g) => (g.key ? [g.key] : [])))];
  if (groupKeys.length > 0) {
    const groups: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const key of groupKeys) {
      const byValue: Record<string, { results: string[]; order: number; next_batch?: string }> = {};
      for (const row of rows) {
        const value = key === 'room_id' ? row.room_id : row.sender;
        let g = byValue[value];
        if (!g) {
          g = byValue[value] = { results: [], order: Object.keys(byValue).length + 1 };
          const t = tokenFor({ key, value });
          if (t !== undefined) g.next_batch = t;
        }
        g.results.push(row.event_id);
      }
      groups[key] = byValue;
    }
    out.groups = groups;
  }
  return out;
}

/**
 * How many matches the user may see, exact up to COUNT_CAP. A first page read newest
 * first is reused: the count continues where the page stopped. The count never
 * depends on events the user may not see.
 */
async function countMatches<R extends SearchMatchKey>(
  read: (cursor: SearchCursor | undefined, limit: number) => Promise<R[]>,
  order: 'recent' | 'rank',
  firstPage: SearchScan<SearchMatchKey> | undefined,
  keep: (r: R) => boolean,
): Promise<number> {
  if (firstPage && (firstPage.exhausted || order === 'recent')) {
    if (firstPage.exhausted || firstPage.kept.length >= COUNT_CAP) return Math.min(firstPage.kept.length, COUNT_CAP);
    const rest = await scanSearchMatches(read, 'recent', firstPage.cursor, COUNT_CAP - firstPage.kept.length, COUNT_SCAN_BUDGET, keep);
    return firstPage.kept.length + rest.kept.length;
  }
  return (await scanSearchMatches(read, 'recent', undefined, COUNT_CAP, COUNT_SCAN_BUDGET, keep)).kept.length;
}
