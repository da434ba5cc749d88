import type { EventRow } from '../storage/repos/events.ts';
import { listMemberEventsAt, listStateAt, listStateChanges } from '../storage/repos/events.ts';
import { countRoomMembers, listEarliestMemberIds } from '../storage/repos/memberships.ts';
import type { Queryable } from '../storage/schema.ts';
import { toClientEvents, type ClientEvent, type FormatContext } from './formatEvent.ts';
import { loadTimeline } from './loadTimeline.ts';
import type { RoomEventReader } from './scanRoomEvents.ts';
import type { Visibility } from './Visibility.ts';
import { matchesFilter, type SyncFilterJson } from './EventFilter.ts';
import { formatToken } from './syncToken.ts';
import type { SentMembers } from './SentMemberTracker.ts';
import { dropRedundantMembers } from './dropRedundantMembers.ts';

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
  /** Keep only the state events the history visibility rules let the user see (rooms never joined). */
  visibleStateOnly?: boolean;
  /** `use_state_after`: state up to the end of the timeline (timeline events included), for `state_after`. */
  stateAfter?: boolean;
  /** Users whose member events lazy loading must send as well (the summary's heroes). */
  heroes?: readonly string[];
  filter: SyncFilterJson;
  visibility: Visibility;
  format: FormatContext;
  /** How the timeline is read: shared between the syncs one event wakes (SyncCache.readRoomEvents). */
  readEvents?: RoomEventReader;
  /** How lazy loading reads the senders' member events: shared the same way (SyncCache.readMemberEvents). */
  readMembers?: typeof listMemberEventsAt;
  /** Lazy loading: the member events this device already holds, to leave out (SentMemberTracker). */
  sentMembers?: SentMembers;
}

export interface RoomSections {
  timeline: { events: ClientEvent[]; limited: boolean; prev_batch: string };
  /** `state`, or `state_after` when the request asked for it. */
  state: { events: ClientEvent[] };
  /** Whether membership changed in this range, so the summary is worth sending. */
  membersChanged: boolean;
}

const stateKeyOf = (r: Pick<EventRow, 'type' | 'state_key'>): string => `${r.type}\u0000${r.state_key}`;

/**
 * The timeline and state of one room for one sync, per the spec's rules for `state` vs `timeline`:
 * `state` is the state at the start of the timeline (all of it when `fullState`, else what
 * changed since `after`), and the timeline's state events bring it up to `upTo`. State events
 * the timeline leaves out (filtered, or cut by a limit) are still sent in `state`, so a client
 * that applies `state` then `timeline` ends with the room's state at `upTo`.
 */
export async function buildRoomSections(input: RoomSectionInput): Promise<RoomSections> {
  const { db, roomId, filter, visibility } = input;
  const timelineFilter = filter.room?.timeline;
  const limit = Math.min(timelineFilter?.limit ?? 10, 100);
  const tl = await loadTimeline(db, roomId, input.after, input.upTo, limit, visibility, timelineFilter, input.readEvents);
  const start = tl.rows.length > 0 ? Number(tl.rows[0]!.stream) - 1 : input.upTo;
  const inTimeline = new Set(tl.rows.map((r) => r.event_id));
  const droppedBefore = tl.droppedState.some((s) => s <= start);
  const droppedAfter = tl.droppedState.some((s) => s > start);

  const byKey = new Map<string, EventRow>();
  if (input.stateAfter) {
    // state_after: the state at the end of the timeline, or what changed up to it; it may repeat timeline events.
    const anyState = tl.limited || tl.droppedState.length > 0 || tl.rows.some((r) => r.state_key !== null);
    if (input.fullState) for (const r of await listStateAt(db, roomId, input.upTo)) byKey.set(stateKeyOf(r), r);
    else if (anyState) for (const r of await listStateChanges(db, roomId, input.after, input.upTo)) byKey.set(stateKeyOf(r), r);
  } else if (input.fullState) for (const r of await listStateAt(db, roomId, start)) byKey.set(stateKeyOf(r), r);
  else if (tl.limited || droppedBefore) for (const r of await listStateChanges(db, roomId, input.after, start)) byKey.set(stateKeyOf(r), r);
  if (droppedAfter && !input.stateAfter) {
    // State the timeline left out after its start: the latest per key, unless the timeline sets that key itself.
    const inTimelineKeys = new Set(tl.rows.filter((r) => r.state_key !== null).map(stateKeyOf));
    for (const r of await listStateChanges(db, roomId, start, input.upTo)) {
      if (!inTimeline.has(r.event_id) && !inTimelineKeys.has(stateKeyOf(r))) byKey.set(stateKeyOf(r), r);
    }
  }

  // The summary follows real membership changes, not the unchanged members lazy loading adds below.
  const membersChanged = input.fullState || tl.rows.some((r) => r.type === 'm.room.member') || [...byKey.values()].some((r) => r.type === 'm.room.member');
  const stateFilter = filter.room?.state;
  const lazy = stateFilter?.lazy_load_members === true;
  const senders = new Set(tl.rows.map((r) => r.sender));
  // The user's own membership is kept whenever it is in the state; with full state it always is (as Synapse does).
  if (input.fullState) senders.add(input.userId);
  for (const h of input.heroes ?? []) senders.add(h);
  let stateRows = [...byKey.values()].filter((r) => {
    if (inTimeline.has(r.event_id) && !input.stateAfter) return false;
    if (input.visibleStateOnly && !visibility.canSee(r)) return false;
    if (!matchesFilter(stateFilter, r)) return false;
    if (lazy && r.type === 'm.room.member' && r.state_key !== input.userId && !senders.has(r.state_key ?? '')) return false;
    return true;
  });
  const at = input.stateAfter ? input.upTo : start;
  if (lazy && !input.fullState && senders.size > 0) {
    // Lazy loading: the timeline's senders' memberships come along even when unchanged.
    const have = new Set(stateRows.filter((r) => r.type === 'm.room.member').map((r) => r.state_key));
    const missing = [...senders].filter((s) => !have.has(s));
    if (missing.length > 0) {
      for (const r of await (input.readMembers ?? listMemberEventsAt)(db, roomId, at, missing)) {
        if (r.type !== 'm.room.member' || !missing.includes(r.state_key ?? '') || (inTimeline.has(r.event_id) && !input.stateAfter)) continue;
        if (input.visibleStateOnly && !visibility.canSee(r)) continue;
        stateRows.push(r);
      }
    }
  }
  if (lazy && input.sentMembers)
    stateRows = dropRedundantMembers(roomId, stateRows, tl.rows, input.sentMembers, !input.fullState && stateFilter?.include_redundant_members !== true);
  stateRows = stateRows.sort((a, b) => Number(a.stream) - Number(b.stream));
  const [timelineEvents, stateEvents] = await Promise.all([toClientEvents(db, tl.rows, input.format), toClientEvents(db, stateRows, input.format)]);
  return {
    timeline: { events: timelineEvents, limited: tl.limited, prev_batch: formatToken(start) },
    state: { events: stateEvents },
    membersChanged,
  };
}

/** What a room's summary is made of, the same for every member (the viewer is left out per request). */
export interface RoomMembersSummary {
  joined: number;
  invited: number;
  /** The six earliest joined or invited members: five heroes whoever the viewer is. */
  present: string[];
  /** When at most one member is present: the earliest left or banned members, for heroes. */
  gone: string[];
}

export async function loadRoomMembersSummary(db: Queryable, roomId: string): Promise<RoomMembersSummary> {
  const counts = await countRoomMembers(db, roomId);
  const present = await listEarliestMemberIds(db, roomId, ['join', 'invite'], 6);
  const gone = present.length <= 1 ? await listEarliestMemberIds(db, roomId, ['leave', 'ban'], 6) : [];
  return { joined: counts.joined, invited: counts.invited, present, gone };
}

/**
 * Heroes and member counts (m.joined_member_count, m.invited_member_count). `load` may be
 * shared by the members one change wakes (SyncCache.loadRoomSummary): the base is the same for all.
 */
export async function buildRoomSummary(
  db: Queryable,
  roomId: string,
  userId: string,
  load: (db: Queryable, roomId: string) => Promise<RoomMembersSummary> = loadRoomMembersSummary,
): Promise<Record<string, unknown>> {
  const base = await load(db, roomId);
  let heroIds = base.present.filter((u) => u !== userId).slice(0, 5);
  // Nobody else joined or invited: the spec asks for the left and banned members instead.
  if (heroIds.length === 0) heroIds = base.gone.filter((u) => u !== userId).slice(0, 5);
  return { 'm.heroes': heroIds, 'm.joined_member_count': base.joined, 'm.invited_member_count': base.invited };
}
