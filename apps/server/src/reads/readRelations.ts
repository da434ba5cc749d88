import { MAX_RELATIONS_LIMIT } from '@parley/api';
import { MatrixError } from '../errors/MatrixError.ts';
import { listEventsByIds } from '../storage/repos/events.ts';
import { listRelationsOf } from '../storage/repos/relations.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { formatToken, parseOptionalToken } from '../sync/syncToken.ts';
import { bundleAggregations } from './bundleAggregations.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/** How deep `recurse=true` follows relations of relations (the spec asks for at least 3, as Synapse does). */
export const RELATIONS_RECURSION_DEPTH = 3;
/** Relating events read per level while recursing: a bound on the work one request does. */
const RECURSION_FANOUT = 1000;

export interface RelationsQuery {
  relType?: string;
  eventType?: string;
  from?: string;
  to?: string;
  limit?: number;
  dir?: 'b' | 'f';
  recurse?: boolean;
}

export interface RelationsPage {
  chunk: ClientEvent[];
  next_batch?: string;
  prev_batch?: string;
  recursion_depth?: number;
}

/** Opens the room for reading; relations.yaml answers an unreadable room like a missing event (404). */
async function openForRelations(deps: ReadDeps, viewer: Viewer, roomId: string): Promise<RoomReadPolicy> {
  try {
    return await RoomReadPolicy.open(deps.database.db, viewer, roomId);
  } catch (err) {
    if (err instanceof MatrixError && err.errcode === 'M_FORBIDDEN') throw new MatrixError('M_NOT_FOUND', 'Event not found');
    throw err;
  }
}

/**
 * The events relating to one event (GET /rooms/{roomId}/relations/{eventId}[/{relType}[/{eventType}]]),
 * newest first by default, paginated with /messages-style tokens (`from`, `to`, `next_batch`),
 * only those the viewer may see, each with its bundled aggregations. With `recurse`, events
 * relating to those events too, RELATIONS_RECURSION_DEPTH levels deep, the filters applied at
 * every level. 404 when the parent is missing or the viewer may not see it.
 */
export async function readRelations(deps: ReadDeps, viewer: Viewer, roomId: string, eventId: string, query: RelationsQuery): Promise<RelationsPage> {
  const db = deps.database.db;
  const policy = await openForRelations(deps, viewer, roomId);
  await policy.getEvent(eventId);
  const dir = query.dir ?? 'b';
  const limit = Math.min(query.limit ?? 5, MAX_RELATIONS_LIMIT);
  const ceiling = Math.min(deps.notifier.currentPosition, policy.upTo);
  const from = parseOptionalToken(query.from, 'from');
  const to = parseOptionalToken(query.to, 'to');
  const after = dir === 'b' ? (to ?? 0) : (from ?? 0);
  const upTo = Math.min(dir === 'b' ? (from ?? ceiling) : (to ?? ceiling), ceiling);
  const filters = { ...(query.relType !== undefined ? { relType: query.relType } : {}), ...(query.eventType !== undefined ? { eventType: query.eventType } : {}) };

  let targets = [eventId];
  let depth = 1;
  if (query.recurse === true) {
    // Breadth first, one query per level: level d holds the events relating to level d - 1 (the event is level 0).
    let level = [eventId];
    for (let d = 1; d <= RELATIONS_RECURSION_DEPTH; d++) {
      const next = (await listRelationsOf(db, level, { ...filters, after: 0, upTo: ceiling, dir: 'f', limit: RECURSION_FANOUT })).map((r) => r.event_id);
      if (next.length === 0) break;
      depth = d;
      if (d === RELATIONS_RECURSION_DEPTH) break;
      targets = [...new Set([...targets, ...next])];
      level = next;
    }
  }

  const rows = limit === 0 ? [] : await listRelationsOf(db, targets, { ...filters, after, upTo, dir, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const visibility = await policy.visibility();
  const byId = new Map(
    (
      await listEventsByIds(
        db,
        page.map((r) => r.event_id),
      )
    ).map((e) => [e.event_id, e]),
  );
  const events = page.flatMap((r) => {
    const e = byId.get(r.event_id);
    return e && visibility.canSee(e) ? [e] : [];
  });
  const format = policy.format(deps.now());
  const chunk = await toClientEvents(db, events, format);
  await bundleAggregations(db, chunk, { userId: viewer.userId, upTo: ceiling, format, ignored: await policy.ignored() });
  const response: RelationsPage = { chunk };
  if (rows.length > limit && page.length > 0) {
    const last = Number(page[page.length - 1]!.stream);
    response.next_batch = formatToken(dir === 'b' ? last - 1 : last);
  }
  if (query.from !== undefined && query.from !== '') response.prev_batch = query.from;
  if (query.recurse !== undefined) response.recursion_depth = query.recurse ? depth : 0;
  return response;
}
