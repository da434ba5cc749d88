import { buildRoomSections } from './buildRoomSections.ts';
import type { AccountDataEvent } from './buildAccountData.ts';
import type { SyncContext } from './SyncContext.ts';

/**
 * rooms.leave: the rooms the user left or was banned from in the range (on an initial sync
 * only with the filter's include_leave), each up to the moment they left.
 */
export async function buildLeftRooms(ctx: SyncContext, roomAccountData: ReadonlyMap<string, AccountDataEvent[]>): Promise<Record<string, unknown>> {
  const { since, visibility, req } = ctx;
  const stateField = req.useStateAfter === true ? 'state_after' : 'state';
  const leave: Record<string, unknown> = {};
  for (const m of ctx.memberships) {
    const roomId = m.room_id;
    if ((m.membership !== 'leave' && m.membership !== 'ban') || !ctx.roomAllowed(roomId) || !ctx.membershipChanged(m)) continue;
    if (since === null && !ctx.filter.room?.include_leave) continue;
    const leaveAt = Number(m.stream);
    // Joined or already left at `since`: the client holds the room, so what changed until the leave.
    // Otherwise (invited, knocking, never there) it never had the room: all of it, as an initial sync sends.
    const held = since !== null && ['join', 'leave', 'ban'].includes(visibility.membershipAt(roomId, since));
    const sections = await buildRoomSections({
      db: ctx.db,
      userId: ctx.userId,
      roomId,
      after: held ? ctx.after : 0,
      upTo: leaveAt,
      fullState: !held || req.fullState,
      stateAfter: req.useStateAfter === true,
      visibleStateOnly: !visibility.joinedBy(roomId, leaveAt),
      filter: ctx.filter,
      visibility,
      format: ctx.format,
    });
    leave[roomId] = { timeline: sections.timeline, [stateField]: sections.state, account_data: { events: roomAccountData.get(roomId) ?? [] } };
  }
  return leave;
}
