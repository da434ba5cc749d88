import type { EventRow } from '../storage/repos/events.ts';
import { listStateAt, listStateChanges } from '../storage/repos/events.ts';
import { countRoomMembers } from '../storage/repos/memberships.ts';
import type { Queryable } from '../storage/schema.ts';
import { toClientEvents, type ClientEvent, type FormatContext } from './formatEvent.ts';
import { loadTimeline } from './loadTimeline.ts';
import type { Visibility } from './Visibility.ts';
import { matchesFilter, type SyncFilterJson } from './EventFilter.ts';
import { formatToken } from './syncToken.ts';

export interface RoomSectionInput {
  db: Queryable;
  userId: string;
  roomId: string;
  /** Lower bound (exclusive) of the timeline; 0 for a full timeline. */
  after: number;
  /** Upper bound (inclusive): the sync position, or the user's leave. */
  upTo: number;
  /** Send the whole state at the start of the timeline, not just changes since `after`. */
  fullState: boolean;
  filter: SyncFilterJson;
  visibility: Visibility;
  format: FormatContext;
}

export interface RoomSections {
  timeline: { events: ClientEvent[]; limited: boolean; prev_batch: string };
  state: { events: ClientEvent[] };
  /** Whether membership changed in this range, so the summary is worth sending. */
  membersChanged: boolean;
}

/** The timeline and state of one room for one sync, per the spec's rules for `state` vs `timeline`. */
export async function buildRoomSections(input: RoomSectionInput): Promise<RoomSections> {
  const { db, roomId, filter, visibility } = input;
  const timelineFilter = filter.room?.timeline;
  const limit = Math.min(timelineFilter?.limit ?? 10, 100);
  const tl = await loadTimeline(db, roomId, input.after, input.upTo, limit, visibility, timelineFilter);
  const start = tl.rows.length > 0 ? Number(tl.rows[0]!.stream) - 1 : input.upTo;
  let stateRows: EventRow[] = [];
  if (input.fullState) stateRows = await listStateAt(db, roomId, start);
  else if (tl.limited) stateRows = await listStateChanges(db, roomId, input.after, start);
  const inTimeline = new Set(tl.rows.map((r) => r.event_id));
  const stateFilter = filter.room?.state;
  const lazy = stateFilter?.lazy_load_members === true;
  const senders = new Set(tl.rows.map((r) => r.sender));
  senders.add(input.userId);
  stateRows = stateRows.filter((r) => {
    if (inTimeline.has(r.event_id)) return false;
    if (!matchesFilter(stateFilter, r)) return false;
    if (lazy && r.type === 'm.room.member' && !senders.has(r.state_key ?? '')) return false;
    return true;
  });
  if (lazy && !input.fullState && tl.rows.length > 0) {
    // Lazy loading: the timeline's senders' memberships come along even when unchanged.
    const have = new Set(stateRows.filter((r) => r.type === 'm.room.member').map((r) => r.state_key));
    const missing = [...senders].filter((s) => !have.has(s));
    if (missing.length > 0) {
      const at = await listStateAt(db, roomId, start);
      for (const r of at) if (r.type === 'm.room.member' && missing.includes(r.state_key ?? '') && !inTimeline.has(r.event_id)) stateRows.push(r);
    }
  }
  const [timelineEvents, stateEvents] = await Promise.all([toClientEvents(db, tl.rows, input.format), toClientEvents(db, stateRows, input.format)]);
  const membersChanged = input.fullState || tl.rows.some((r) => r.type === 'm.room.member') || stateRows.some((r) => r.type === 'm.room.member');
  return {
    timeline: { events: timelineEvents, limited: tl.limited, prev_batch: formatToken(start) },
    state: { events: stateEvents },
    membersChanged,
  };
}

/** Heroes and member counts (m.joined_member_count, m.invited_member_count). */
export async function buildRoomSummary(db: Queryable, roomId: string, userId: string): Promise<Record<string, unknown>> {
  const counts = await countRoomMembers(db, roomId);
  const heroes = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('room_id', '=', roomId)
    .where('membership', 'in', ['join', 'invite'])
    .where('user_id', '!=', userId)
    .orderBy('stream', 'asc')
    .limit(5)
    .execute();
  return { 'm.heroes': heroes.map((h) => h.user_id), 'm.joined_member_count': counts.joined, 'm.invited_member_count': counts.invited };
}
