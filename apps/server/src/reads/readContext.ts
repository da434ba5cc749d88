import { listStateAt } from '../storage/repos/events.ts';
import { matchesFilter } from '../sync/EventFilter.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { loadTimeline } from '../sync/loadTimeline.ts';
import { scanRoomEvents } from '../sync/scanRoomEvents.ts';
import { formatToken } from '../sync/syncToken.ts';
import { bundleAggregations } from './bundleAggregations.ts';
import { parseEventFilter } from './parseEventFilter.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

export interface EventContext {
  event: ClientEvent;
  events_before: ClientEvent[];
  events_after: ClientEvent[];
  state: ClientEvent[];
  start: string;
  end: string;
}

/**
 * An event with the events around it (GET /rooms/{roomId}/context/{eventId}): half the limit
 * before, the rest after, each side only what the viewer may see and the filter keeps, and
 * the state at the last event returned.
 */
export async function readContext(deps: ReadDeps, viewer: Viewer, roomId: string, eventId: string, query: { limit?: number; filter?: string }): Promise<EventContext> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const filter = parseEventFilter(query.filter);
  const row = await policy.getEvent(eventId);
  const visibility = await policy.visibility();

  const limit = Math.min(query.limit ?? 10, 100);
  const beforeLimit = Math.floor(limit / 2);
  const afterLimit = limit - beforeLimit;
  const stream = Number(row.stream);
  const ceiling = Math.min(deps.notifier.currentPosition, policy.upTo);
  const before = beforeLimit > 0 ? (await loadTimeline(db, roomId, 0, stream - 1, beforeLimit, visibility, filter)).rows.reverse() : [];
  const after = afterLimit > 0 ? (await scanRoomEvents(db, roomId, stream, ceiling, 'f', afterLimit, (r) => visibility.canSee(r) && matchesFilter(filter, r))).rows : [];

  const oldest = before.length > 0 ? Number(before[before.length - 1]!.stream) : stream;
  const last = after.length > 0 ? after[after.length - 1]! : row;
  let state = (await listStateAt(db, roomId, Number(last.stream))).filter((s) => matchesFilter(filter, s));
  if (filter?.lazy_load_members) {
    const senders = new Set([row, ...before, ...after].map((e) => e.sender));
    state = state.filter((s) => s.type !== 'm.room.member' || senders.has(s.state_key ?? ''));
  }
  state.sort((a, b) => Number(a.stream) - Number(b.stream));

  const ctx = policy.format(deps.now());
  const [event] = await toClientEvents(db, [row], ctx);
  const eventsBefore = await toClientEvents(db, before, ctx);
  const eventsAfter = await toClientEvents(db, after, ctx);
  await bundleAggregations(db, [event!, ...eventsBefore, ...eventsAfter], { userId: viewer.userId, upTo: ceiling, format: ctx, ignored: await policy.ignored() });
  return {
    event: event!,
    events_before: eventsBefore,
    events_after: eventsAfter,
    state: await toClientEvents(db, state, { now: deps.now() }),
    start: formatToken(oldest - 1),
    end: formatToken(Number(last.stream)),
  };
}
