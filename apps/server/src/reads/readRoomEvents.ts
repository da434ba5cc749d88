import { listStateAt, type EventRow } from '../storage/repos/events.ts';
import { matchesFilter } from '../sync/EventFilter.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { scanRoomEvents } from '../sync/scanRoomEvents.ts';
import { formatToken, parseOptionalToken } from '../sync/syncToken.ts';
import { bundleAggregations } from './bundleAggregations.ts';
import { parseEventFilter } from './parseEventFilter.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/** A page request as /messages takes it: tokens and the filter are still the client's strings. */
export interface RoomEventsQuery {
  dir: 'b' | 'f';
  from?: string;
  to?: string;
  limit?: number;
  filter?: string;
}

export interface RoomEventsPage {
  chunk: ClientEvent[];
  start: string;
  end?: string;
  /** With lazy_load_members: the member events of the chunk's senders. */
  state?: ClientEvent[];
}

/**
 * A page of a room's events (GET /rooms/{roomId}/messages): the events in the direction asked
 * that the viewer may see and the filter keeps, never past the viewer's bound or the current
 * stream position. `end` is left out once the range is exhausted.
 */
export async function readRoomEvents(deps: ReadDeps, viewer: Viewer, roomId: string, query: RoomEventsQuery): Promise<RoomEventsPage> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const filter = parseEventFilter(query.filter);
  const limit = Math.min(query.limit ?? 10, 1000);
  const current = deps.notifier.currentPosition;
  const ceiling = Math.min(current, policy.upTo);
  const dir = query.dir;
  const from = parseOptionalToken(query.from, 'from') ?? (dir === 'b' ? current : 0);
  const to = parseOptionalToken(query.to, 'to');
  const visibility = await policy.visibility();
  const keep = (r: EventRow): boolean => visibility.canSee(r) && matchesFilter(filter, r);
  const scan =
    dir === 'b'
      ? await scanRoomEvents(db, roomId, to ?? 0, Math.min(from, ceiling), 'b', limit, keep)
      : await scanRoomEvents(db, roomId, from, Math.min(to ?? ceiling, ceiling), 'f', limit, keep);
  const chunk = scan.rows;
  const format = policy.format(deps.now());
  const events = await toClientEvents(db, chunk, format);
  await bundleAggregations(db, events, { userId: viewer.userId, upTo: ceiling, format, ignored: await policy.ignored() });
  const response: RoomEventsPage = { chunk: events, start: query.from ?? formatToken(dir === 'b' ? current : 0) };
  if (!(scan.exhausted && chunk.length < limit) && chunk.length > 0) response.end = formatToken(scan.cursor);
  if (filter?.lazy_load_members && chunk.length > 0) {
    const senders = new Set(chunk.map((r) => r.sender));
    const oldest = Math.min(...chunk.map((r) => Number(r.stream)));
    const state = await listStateAt(db, roomId, oldest);
    response.state = await toClientEvents(
      db,
      state.filter((r) => r.type === 'm.room.member' && senders.has(r.state_key ?? '')),
      { now: deps.now() },
    );
  }
  return response;
}
