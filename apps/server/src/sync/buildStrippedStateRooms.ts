import { strippedState, type StrippedEvent } from './strippedState.ts';
import type { SyncContext } from './SyncContext.ts';

/**
 * rooms.invite (membership 'invite') or rooms.knock ('knock'): the rooms whose invite or knock
 * happened in the range, each with the stripped state the user may see before joining. An invite
 * from a user this user ignores is not sent (spec, "Ignoring Users"); it stays stored, as Synapse keeps it.
 */
export async function buildStrippedStateRooms(ctx: SyncContext, membership: 'invite' | 'knock'): Promise<Record<string, { events: StrippedEvent[] }>> {
  const out: Record<string, { events: StrippedEvent[] }> = {};
  for (const m of ctx.memberships) {
    if (m.membership !== membership || !ctx.roomAllowed(m.room_id) || !ctx.membershipChanged(m)) continue;
    const events = await strippedState(ctx.db, m.room_id, m.event_id);
    const own = events.find((e) => e.type === 'm.room.member' && e.state_key === ctx.userId);
    if (membership === 'invite' && own !== undefined && ctx.ignored.has(own.sender)) continue;
    out[m.room_id] = { events };
  }
  return out;
}
