import { strippedState, type StrippedEvent } from './strippedState.ts';
import type { SyncContext } from './SyncContext.ts';

/**
 * rooms.invite (membership 'invite') or rooms.knock ('knock'): the rooms whose invite or knock
 * happened in the range, each with the stripped state the user may see before joining.
 */
export async function buildStrippedStateRooms(ctx: SyncContext, membership: 'invite' | 'knock'): Promise<Record<string, { events: StrippedEvent[] }>> {
  const out: Record<string, { events: StrippedEvent[] }> = {};
  for (const m of ctx.memberships) {
    if (m.membership !== membership || !ctx.roomAllowed(m.room_id) || !ctx.membershipChanged(m)) continue;
    out[m.room_id] = { events: await strippedState(ctx.db, m.room_id, m.event_id) };
  }
  return out;
}
