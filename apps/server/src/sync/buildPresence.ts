import { presenceContent, type PresenceContent } from '../presence/effectivePresence.ts';
import { listPresenceOfNewMembers, listPresenceOfRoomMembers, listPresenceVisibleTo } from '../storage/repos/presence.ts';
import { matchesFilter } from './EventFilter.ts';
import type { SyncContext } from './SyncContext.ts';

export interface PresenceEvent {
  type: 'm.presence';
  sender: string;
  content: PresenceContent;
}

/**
 * The presence section: m.presence of the user and of everyone sharing a joined room with
 * them, whose presence changed in the range (all of them on an initial sync), plus those who
 * newly share a room with them (as Synapse does): the members of rooms the user joined in the
 * range, and whoever joined the user's rooms in the range; with the effective state computed now.
 * No read when presence is off, the filter drops m.presence, or the notifier says no presence
 * change named the user since `since` and no membership moved in their rooms.
 */
export async function buildPresence(ctx: SyncContext): Promise<PresenceEvent[]> {
  const timeouts = ctx.req.presence;
  const filter = ctx.filter.presence;
  if (!timeouts || !matchesFilter(filter, { type: 'm.presence' })) return [];
  // Rooms the user joined in the range: their members' presence is news to them, whenever it last changed.
  // A profile change moves the member row too; only a room not joined at `since` is a new join (as buildJoinedRooms reads it).
  const since = ctx.since;
  const joined =
    since === null || !ctx.changed('membership')
      ? []
      : ctx.memberships.filter((m) => m.membership === 'join' && ctx.membershipChanged(m) && ctx.visibility.membershipAt(m.room_id, since) !== 'join').map((m) => m.room_id);
  // Rooms the user was already in that others joined in the range: the joiners' presence is news too.
  const shared = since === null || !ctx.changed('membership') ? [] : ctx.joinedIds.filter((id) => ctx.active.has(id) && !joined.includes(id));
  const changed = ctx.changed('presence');
  if (!changed && joined.length === 0 && shared.length === 0) return [];
  const rows = changed ? await listPresenceVisibleTo(ctx.db, ctx.userId, ctx.after, ctx.upTo) : [];
  if (joined.length > 0) rows.push(...(await listPresenceOfRoomMembers(ctx.db, joined, ctx.upTo)));
  if (shared.length > 0) rows.push(...(await listPresenceOfNewMembers(ctx.db, shared, ctx.userId, ctx.after, ctx.upTo)));
  const events: PresenceEvent[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.user_id)) continue;
    seen.add(row.user_id);
    if (!matchesFilter(filter, { type: 'm.presence', sender: row.user_id })) continue;
    events.push({ type: 'm.presence', sender: row.user_id, content: presenceContent(row, ctx.req.now, timeouts) });
  }
  return filter?.limit !== undefined ? events.slice(0, filter.limit) : events;
}
