import type { Queryable } from '../storage/schema.ts';
import { listUserMemberships, listUserMembershipsAt, type MembershipRow } from '../storage/repos/memberships.ts';
import { listRoomsWithEventsBetween } from '../storage/repos/events.ts';
import { Visibility } from './Visibility.ts';
import { loadIgnoredUsers } from '../reads/loadIgnoredUsers.ts';
import { matchesFilter } from './EventFilter.ts';
import { formatSyncToken } from './syncToken.ts';
import type { ChangeKind } from './Notifier.ts';
import type { SyncContext, SyncRequest } from './SyncContext.ts';
import type { SyncResponse } from './SyncResponse.ts';
import { buildAccountData } from './buildAccountData.ts';
import { buildEphemeral } from './buildEphemeral.ts';
import { buildJoinedRooms } from './buildJoinedRooms.ts';
import { buildStrippedStateRooms } from './buildStrippedStateRooms.ts';
import { buildLeftRooms } from './buildLeftRooms.ts';
import { buildDeviceSections } from './buildDeviceSections.ts';
import { buildPresence } from './buildPresence.ts';
import { bundleSyncTimelines } from './bundleSyncTimelines.ts';

/**
 * One /sync response for the range (since, upTo]; since null means an initial sync. Reads what
 * several sections share into a SyncContext (memberships, rooms with new events, history
 * visibility), then runs one builder per section. Reads only: the to-device acknowledgement
 * happened before (acknowledgeToDevice, called by the sync session).
 */
export async function buildSync(db: Queryable, req: SyncRequest): Promise<SyncResponse> {
  const ctx = await loadSyncContext(db, req);
  const accountData = await buildAccountData(ctx);
  const ephemeral = await buildEphemeral(ctx);
  const join = await buildJoinedRooms(ctx, accountData.rooms, ephemeral);
  const invite = await buildStrippedStateRooms(ctx, 'invite');
  const knock = await buildStrippedStateRooms(ctx, 'knock');
  const leave = await buildLeftRooms(ctx, accountData.rooms);
  await bundleSyncTimelines(ctx, join, leave);
  const device = await buildDeviceSections(ctx);
  const presence = await buildPresence(ctx);
  const rooms: SyncResponse['rooms'] = { join, invite: {}, knock: {}, leave };
  for (const [roomId, s] of Object.entries(invite)) rooms.invite[roomId] = { invite_state: s };
  for (const [roomId, s] of Object.entries(knock)) rooms.knock[roomId] = { knock_state: s };
  return {
    // A partial to-device page is never empty, so the response returns at once and the client comes back for the rest.
    next_batch: formatSyncToken({ position: req.upTo, toDevice: req.toDevice.next }),
    rooms,
    account_data: { events: accountData.global },
    presence: { events: presence },
    ...device,
  };
}

/** The reads every section shares, done once: memberships as of upTo, the joined rooms with events in the range, history visibility. */
async function loadSyncContext(db: Queryable, req: SyncRequest): Promise<SyncContext> {
  const { userId, upTo, filter } = req;
  const since = req.since?.position ?? null;
  const cache = req.cache;
  const current = cache ? await cache.memberships.get(userId, userId, () => listUserMemberships(db, userId)) : undefined;
  const memberships = await listUserMembershipsAt(db, userId, upTo, current);
  const roomFilter = filter.room;
  // One object for every room, so matchesFilter compiles its room sets once.
  const roomLists = { ...(roomFilter?.rooms ? { rooms: roomFilter.rooms } : {}), ...(roomFilter?.not_rooms ? { not_rooms: roomFilter.not_rooms } : {}) };
  const roomAllowed = (roomId: string): boolean => matchesFilter(roomLists, { type: '', room_id: roomId });
  // Rooms whose events moved in the range: one query for all joined rooms.
  const joinedIds = memberships.filter((m) => m.membership === 'join').map((m) => m.room_id);
  const active = since !== null && joinedIds.length > 0 ? new Set(await listRoomsWithEventsBetween(db, joinedIds, since, upTo)) : new Set<string>(joinedIds);
  const membershipChanged = (m: MembershipRow): boolean => since === null || Number(m.stream) > since;
  const visibilityRooms = [...new Set([...active, ...memberships.filter(membershipChanged).map((m) => m.room_id)])].filter(roomAllowed);
  const ignored = cache ? await cache.ignoredUsers.get(userId, userId, () => loadIgnoredUsers(db, userId)) : await loadIgnoredUsers(db, userId);
  const visibility = await Visibility.load(db, userId, visibilityRooms, ignored);
  return {
    db,
    req,
    userId,
    since,
    after: since ?? 0,
    upTo,
    filter,
    changed: (kind: ChangeKind): boolean => since === null || !req.mayHaveChanged || req.mayHaveChanged(kind),
    memberships,
    roomAllowed,
    joinedIds,
    active,
    visibility,
    ignored,
    membershipChanged,
    format: { now: req.now, deviceId: req.deviceId, userId },
  };
}
