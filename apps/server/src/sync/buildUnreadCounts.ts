import { listRoomsWithPushActionsWritten, listUnreadCounts } from '../storage/repos/pushActions.ts';
import type { SyncContext } from './SyncContext.ts';

export interface RoomUnreadCounts {
  unread_notifications: { notification_count: number; highlight_count: number };
  /** Present only when the filter asks for per-thread counts. */
  unread_thread_notifications?: Record<string, { notification_count: number; highlight_count: number }>;
}

export interface UnreadCounts {
  /** Joined rooms whose counts may have moved in the range though nothing else did (push actions written). */
  moved: ReadonlySet<string>;
  /** Counts for a room about to be sent. */
  countsFor(roomId: string): RoomUnreadCounts;
  /** Reads the counts of the rooms that will be sent: one query for all of them. */
  load(roomIds: readonly string[]): Promise<void>;
}

/**
 * Unread counts per joined room (sync.yaml, unread_notifications; threading.md): the user's push
 * actions after their read receipts. With room.timeline.unread_thread_notifications the main
 * timeline's counts go in unread_notifications and each thread's in unread_thread_notifications.
 * An incremental sync reads which rooms' counts moved only when the notifier says push actions
 * changed for the user (a moved receipt puts its room in the sync through its ephemeral receipts).
 */
export async function buildUnreadCounts(ctx: SyncContext): Promise<UnreadCounts> {
  const moved = ctx.since !== null && ctx.changed('notifications') ? new Set(await listRoomsWithPushActionsWritten(ctx.db, ctx.userId, ctx.after, ctx.upTo)) : new Set<string>();
  const perThread = ctx.filter.room?.timeline?.unread_thread_notifications === true;
  const counts = new Map<string, RoomUnreadCounts>();
  return {
    moved,
    countsFor: (roomId) => counts.get(roomId) ?? { unread_notifications: { notification_count: 0, highlight_count: 0 }, ...(perThread ? { unread_thread_notifications: {} } : {}) },
    async load(roomIds) {
      for (const row of await listUnreadCounts(ctx.db, ctx.userId, roomIds, ctx.upTo)) {
        let room = counts.get(row.room_id);
        if (!room)
          counts.set(row.room_id, (room = { unread_notifications: { notification_count: 0, highlight_count: 0 }, ...(perThread ? { unread_thread_notifications: {} } : {}) }));
        if (!perThread || row.thread_id === 'main') {
          room.unread_notifications.notification_count += row.notification_count;
          room.unread_notifications.highlight_count += row.highlight_count;
        } else {
          room.unread_thread_notifications![row.thread_id] = { notification_count: row.notification_count, highlight_count: row.highlight_count };
        }
      }
    },
  };
}
