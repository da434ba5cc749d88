import type { Queryable } from '../storage/schema.ts';
import { listUserMemberships, listUserMembershipsAt } from '../storage/repos/memberships.ts';
import { Visibility } from './Visibility.ts';
import { listAccountDataBetween } from '../storage/repos/accountData.ts';
import { listRoomsWithEventsBetween } from '../storage/repos/events.ts';
import { buildRoomSections, buildRoomSummary } from './buildRoomSections.ts';
import { buildDeviceSections, type DeviceSections } from './buildDeviceSections.ts';
import { strippedState, type StrippedEvent } from './strippedState.ts';
import { matchesFilter, type SyncFilterJson } from './EventFilter.ts';
import { formatSyncToken } from './syncToken.ts';
import { buildEphemeral } from './buildEphemeral.ts';
import type { TypingTracker } from './TypingTracker.ts';
import type { ChangeKind } from './Notifier.ts';
import type { SyncCache } from './SyncCache.ts';

export interface SyncRequest {
  userId: string;
  deviceId: string;
  since: number | null;
  /** The since token's to-device part: the last to-device message delivered, when it delivered only part of the queue. */
  sinceToDevice?: number | null;
  upTo: number;
  fullState: boolean;
  filter: SyncFilterJson;
  now: number;
  /** In-memory typing state, for m.typing in rooms' ephemeral events. */
  typing?: TypingTracker;
  /** `use_state_after`: rooms carry `state_after` (state up to the end of the timeline) instead of `state`. */
  useStateAfter?: boolean;
  /** From the notifier: false when nothing of that kind changed for the user since `since`, so its section can be skipped. */
  mayHaveChanged?: (kind: ChangeKind) => boolean;
  /** Memberships, key counts and to-device state kept between syncs (trusted only while the notifier says unchanged). */
  cache?: SyncCache;
}

export interface SyncResponse extends DeviceSections {
  next_batch: string;
  rooms: {
    join: Record<string, unknown>;
    invite: Record<string, { invite_state: { events: StrippedEvent[] } }>;
    knock: Record<string, { knock_state: { events: StrippedEvent[] } }>;
    leave: Record<string, unknown>;
  };
  account_data: { events: Array<{ type: string; content: unknown }> };
  presence: { events: unknown[] };
}

/** One /sync response for the range (since, upTo]; since null means an initial sync. */
export async function buildSync(db: Queryable, req: SyncRequest): Promise<SyncResponse> {
  const { userId, since, upTo, filter } = req;
  const after = since ?? 0;
  const cache = req.cache;
  const current = cache ? await cache.memberships.get(userId, userId, () => listUserMemberships(db, userId)) : undefined;
  const memberships = await listUserMembershipsAt(db, userId, upTo, current);
  const roomFilter = filter.room;
  // One object for every room, so matchesFilter compiles its room sets once.
  const roomLists = { ...(roomFilter?.rooms ? { rooms: roomFilter.rooms } : {}), ...(roomFilter?.not_rooms ? { not_rooms: roomFilter.not_rooms } : {}) };
  const roomAllowed = (roomId: string): boolean => matchesFilter(roomLists, { type: '', room_id: roomId });

  // Rooms whose events moved in the range: one query for all joined rooms.
  const joinedIds = memberships.filter((m) => m.membership === 'join').map((m) => m.room_id);
  let active = new Set<string>(joinedIds);
  if (since !== null && joinedIds.length > 0) {
    active = new Set(await listRoomsWithEventsBetween(db, joinedIds, since, upTo));
  }
  const changed = (kind: ChangeKind): boolean => since === null || !req.mayHaveChanged || req.mayHaveChanged(kind);
  const accountData = !changed('account_data') ? [] : await listAccountDataBetween(db, userId, after, upTo);
  const roomAccountData = new Map<string, Array<{ type: string; content: unknown }>>();
  const globalAccountData: Array<{ type: string; content: unknown }> = [];
  for (const a of accountData) {
    const ev = { type: a.type, content: JSON.parse(a.content) as Record<string, unknown> };
    if (a.room_id === '') {
      if (matchesFilter(filter.account_data, ev)) globalAccountData.push(ev);
    } else {
      let list = roomAccountData.get(a.room_id);
      if (!list) roomAccountData.set(a.room_id, (list = []));
      if (matchesFilter(roomFilter?.account_data, ev)) list.push(ev);
    }
  }
  const ephemeral = await buildEphemeral(db, userId, joinedIds, since, upTo, req.typing, roomFilter?.ephemeral, changed('receipts'));

  const changedRooms = memberships.filter((m) => since === null || Number(m.stream) > since);
  const visibilityRooms = [...new Set([...active, ...changedRooms.map((m) => m.room_id)])].filter(roomAllowed);
  const visibility = await Visibility.load(db, userId, visibilityRooms);
  const format = { now: req.now, deviceId: req.deviceId, userId };
  const response: SyncResponse['rooms'] = { join: {}, invite: {}, knock: {}, leave: {} };
  const stateAfter = req.useStateAfter === true;
  const stateField = stateAfter ? 'state_after' : 'state';

  for (const m of memberships) {
    const roomId = m.room_id;
    if (!roomAllowed(roomId)) continue;
    const changed = since === null || Number(m.stream) > since;
    if (m.membership === 'join') {
      const accountDataHere = roomAccountData.get(roomId) ?? [];
      const eph = ephemeral.get(roomId) ?? [];
      if (!changed && !active.has(roomId) && accountDataHere.length === 0 && eph.length === 0 && !req.fullState) continue;
      // Newly joined (not joined at `since`): the whole room, as in an initial sync. A profile change is not a new join.
      const newlyJoined = changed && (since === null || visibility.membershipAt(roomId, since) !== 'join');
      const full = newlyJoined || req.fullState;
      // With full state the summary is always sent; lazy loading then owes the heroes' member events too.
      const fullSummary = full ? await buildRoomSummary(db, roomId, userId, cache ? (d, r) => cache.loadRoomSummary(d, r, upTo) : undefined) : undefined;
      const heroes = (fullSummary?.['m.heroes'] as string[] | undefined) ?? [];
      const sections = await buildRoomSections({
        db,
        userId,
        roomId,
        after: newlyJoined ? 0 : after,
        upTo,
        fullState: full,
        stateAfter,
        heroes,
        filter,
        visibility,
        format,
        readEvents: cache?.readRoomEvents,
        readMembers: cache?.readMemberEvents,
      });
      const empty = sections.timeline.events.length === 0 && sections.state.events.length === 0;
      if (!full && empty && accountDataHere.length === 0 && eph.length === 0) continue;
      response.join[roomId] = {
        timeline: sections.timeline,
        [stateField]: sections.state,
        account_data: { events: accountDataHere },
        ephemeral: { events: eph },
        unread_notifications: { notification_count: 0, highlight_count: 0 },
        summary: fullSummary ?? (sections.membersChanged ? await buildRoomSummary(db, roomId, userId, cache ? (d, r) => cache.loadRoomSummary(d, r, upTo) : undefined) : {}),
      };
    } else if (m.membership === 'invite' && changed) {
      response.invite[roomId] = { invite_state: { events: await strippedState(db, roomId, m.event_id) } };
    } else if (m.membership === 'knock' && changed) {
      response.knock[roomId] = { knock_state: { events: await strippedState(db, roomId, m.event_id) } };
    } else if ((m.membership === 'leave' || m.membership === 'ban') && changed) {
      if (since === null && !roomFilter?.include_leave) continue;
      const leaveAt = Number(m.stream);
      // Joined or already left at `since`: the client holds the room, so what changed until the leave.
      // Otherwise (invited, knocking, never there) it never had the room: all of it, as an initial sync sends.
      const held = since !== null && ['join', 'leave', 'ban'].includes(visibility.membershipAt(roomId, since));
      const sections = await buildRoomSections({
        db,
        userId,
        roomId,
        after: held ? after : 0,
        upTo: leaveAt,
        fullState: !held || req.fullState,
        stateAfter,
        visibleStateOnly: !visibility.joinedBy(roomId, leaveAt),
        filter,
        visibility,
        format,
      });
      response.leave[roomId] = { timeline: sections.timeline, [stateField]: sections.state, account_data: { events: roomAccountData.get(roomId) ?? [] } };
    }
  }
  const sinceToken = since === null ? null : { position: since, toDevice: req.sinceToDevice ?? null };
  const { toDeviceNext, ...device } = await buildDeviceSections(db, userId, req.deviceId, sinceToken, upTo, memberships, changed, cache);
  return {
    // A partial to-device page is never empty, so the response returns at once and the client comes back for the rest.
    next_batch: formatSyncToken({ position: upTo, toDevice: toDeviceNext }),
    rooms: response,
    account_data: { events: globalAccountData },
    presence: { events: [] },
    ...device,
  };
}

/** Whether an incremental response carries nothing, so a long-poll should keep waiting. */
export function isEmptySync(r: SyncResponse): boolean {
  return (
    Object.keys(r.rooms.join).length === 0 &&
    Object.keys(r.rooms.invite).length === 0 &&
    Object.keys(r.rooms.knock).length === 0 &&
    Object.keys(r.rooms.leave).length === 0 &&
    r.account_data.events.length === 0 &&
    r.to_device.events.length === 0 &&
    r.device_lists.changed.length === 0 &&
    r.device_lists.left.length === 0
  );
}
