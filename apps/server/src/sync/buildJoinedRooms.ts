import { buildRoomSections, buildRoomSummary } from './buildRoomSections.ts';
import type { AccountDataEvent } from './buildAccountData.ts';
import type { EphemeralEvent } from './buildEphemeral.ts';
import type { SyncContext } from './SyncContext.ts';
import { buildUnreadCounts } from './buildUnreadCounts.ts';

/**
 * rooms.join: each joined room with something to say (its timeline and state, account data,
 * ephemeral events, summary). A room newly joined in the range (or any room with full_state) is
 * sent whole, as an initial sync sends it; a quiet room is left out.
 */
export async function buildJoinedRooms(
  ctx: SyncContext,
  roomAccountData: ReadonlyMap<string, AccountDataEvent[]>,
  ephemeral: ReadonlyMap<string, EphemeralEvent[]>,
): Promise<Record<string, unknown>> {
  const { db, userId, since, upTo, visibility, req } = ctx;
  const cache = req.cache;
  const loadSummary = cache ? (d: typeof db, r: string) => cache.loadRoomSummary(d, r, upTo) : undefined;
  const stateField = req.useStateAfter === true ? 'state_after' : 'state';
  const join: Record<string, Record<string, unknown>> = {};
  const unread = await buildUnreadCounts(ctx);
  for (const m of ctx.memberships) {
    const roomId = m.room_id;
    if (m.membership !== 'join' || !ctx.roomAllowed(roomId)) continue;
    const changed = ctx.membershipChanged(m);
    const accountDataHere = roomAccountData.get(roomId) ?? [];
    const eph = ephemeral.get(roomId) ?? [];
    if (!changed && !ctx.active.has(roomId) && accountDataHere.length === 0 && eph.length === 0 && !req.fullState && !unread.moved.has(roomId)) continue;
    // Newly joined (not joined at `since`): the whole room, as in an initial sync. A profile change is not a new join.
    const newlyJoined = changed && (since === null || visibility.membershipAt(roomId, since) !== 'join');
    const full = newlyJoined || req.fullState;
    // With full state the summary is always sent; lazy loading then owes the heroes' member events too.
    const fullSummary = full ? await buildRoomSummary(db, roomId, userId, loadSummary) : undefined;
    const heroes = (fullSummary?.['m.heroes'] as string[] | undefined) ?? [];
    const sections = await buildRoomSections({
      db,
      userId,
      roomId,
      after: newlyJoined ? 0 : ctx.after,
      upTo,
      fullState: full,
      stateAfter: req.useStateAfter === true,
      heroes,
      filter: ctx.filter,
      visibility,
      format: ctx.format,
      readEvents: cache?.readRoomEvents,
      readMembers: cache?.readMemberEvents,
    });
    const empty = sections.timeline.events.length === 0 && sections.state.events.length === 0;
    if (!full && empty && accountDataHere.length === 0 && eph.length === 0 && !unread.moved.has(roomId)) continue;
    join[roomId] = {
      timeline: sections.timeline,
      [stateField]: sections.state,
      account_data: { events: accountDataHere },
      ephemeral: { events: eph },
      unread_notifications: { notification_count: 0, highlight_count: 0 },
      summary: fullSummary ?? (sections.membersChanged ? await buildRoomSummary(db, roomId, userId, loadSummary) : {}),
    };
  }
  await unread.load(Object.keys(join));
  for (const [roomId, room] of Object.entries(join)) Object.assign(room, unread.countsFor(roomId));
  return join;
}
