import { bundleAggregations } from '../reads/bundleAggregations.ts';
import type { ClientEvent } from './formatEvent.ts';
import type { SyncContext } from './SyncContext.ts';

type RoomsSection = Record<string, unknown>;

const timelineOf = (room: unknown): ClientEvent[] => (room as { timeline?: { events?: ClientEvent[] } }).timeline?.events ?? [];

/**
 * Bundled aggregations for a /sync's timelines: the joined rooms' events in one batch (as of
 * the sync position, so a fold of later syncs agrees with a fresh one), each left room's up to
 * the user's departure. Quiet syncs (no timeline events) cost nothing.
 */
export async function bundleSyncTimelines(ctx: SyncContext, join: RoomsSection, leave: RoomsSection): Promise<void> {
  const format = ctx.format;
  await bundleAggregations(ctx.db, Object.values(join).flatMap(timelineOf), { userId: ctx.userId, upTo: ctx.upTo, format, ignored: ctx.ignored });
  for (const [roomId, room] of Object.entries(leave)) {
    const events = timelineOf(room);
    if (events.length === 0) continue;
    const left = ctx.memberships.find((m) => m.room_id === roomId);
    await bundleAggregations(ctx.db, events, { userId: ctx.userId, upTo: Math.min(ctx.upTo, left ? Number(left.stream) : ctx.upTo), format, ignored: ctx.ignored });
  }
}
