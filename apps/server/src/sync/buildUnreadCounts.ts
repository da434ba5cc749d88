import { listPushCounts, type PushCountRow } from '../storage/repos/pushCounts.ts';
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
 * Unread counts per joined room (sync.yaml, unread_notifications; threading.md): the counts kept
 * in `push_counts` (storage/repos/pushCounts.ts), one statement per response for all the user's
 * rooms. With room.timeline.unread_thread_notifications the main timeline's counts go in
 * unread_notifications and each thread's in unread_thread_notifications; without it every
 * thread adds to unread_notifications. An incremental sync sends the rooms whose counts moved
 * in its range (the evaluator wrote, a receipt or a redaction recounted) though nothing else did;
 * it reads them only when the notifier says push actions changed for the user, or rooms are sent.
 */
export async function buildUnreadCounts(ctx: SyncContext): Promise<UnreadCounts> {
  let rows: Promise<PushCountRow[]> | null = null;
  const read = () => (rows ??= listPushCounts(ctx.db, ctx.userId));
  const moved = new Set<string>();
  if (ctx.since !== null && ctx.changed('notifications')) for (const r of await read()) if (r.stream > ctx.after) moved.add(r.room_id);
  const perThread = ctx.filter.room?.timeline?.unread_thread_notifications === true;
  const counts = new Map<string, RoomUnreadCounts>();
  const empty = (): RoomUnreadCounts => ({ unread_notifications: { notification_count: 0, highlight_count: 0 }, ...(perThread ? { unread_thread_notifications: {} } : {}) });
  return {
    moved,
    countsFor: (roomId) => counts.get(roomId) ?? empty(),
    async load(roomIds) {
      if (roomIds.length === 0) return;
      const wanted = new Set(roomIds);
      for (const row of await read()) {
        if (!wanted.has(row.room_id) || (row.notification_count === 0 && row.highlight_count === 0)) continue;
        let room = counts.get(row.room_id);
        if (!room) counts.set(row.room_id, (room = empty()));
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
