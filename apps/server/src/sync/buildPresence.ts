import { presenceContent, type PresenceContent } from '../presence/effectivePresence.ts';
import { listPresenceVisibleTo } from '../storage/repos/presence.ts';
import { matchesFilter } from './EventFilter.ts';
import type { SyncContext } from './SyncContext.ts';

export interface PresenceEvent {
  type: 'm.presence';
  sender: string;
  content: PresenceContent;
}

/**
 * The presence section: m.presence of the user and of everyone sharing a joined room with
 * them, whose presence changed in the range (all of them on an initial sync), with the
 * effective state computed now. No read when presence is off, the filter drops m.presence,
 * or the notifier says no presence change named the user since `since`.
 */
export async function buildPresence(ctx: SyncContext): Promise<PresenceEvent[]> {
  const timeouts = ctx.req.presence;
  const filter = ctx.filter.presence;
  if (!timeouts || !ctx.changed('presence') || !matchesFilter(filter, { type: 'm.presence' })) return [];
  const rows = await listPresenceVisibleTo(ctx.db, ctx.userId, ctx.after, ctx.upTo);
  const events: PresenceEvent[] = [];
  for (const row of rows) {
    if (!matchesFilter(filter, { type: 'm.presence', sender: row.user_id })) continue;
    events.push({ type: 'm.presence', sender: row.user_id, content: presenceContent(row, ctx.req.now, timeouts) });
  }
  return filter?.limit !== undefined ? events.slice(0, filter.limit) : events;
}
