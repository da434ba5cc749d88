import type { Queryable } from '../storage/schema.ts';
import { listUserMemberships } from '../storage/repos/memberships.ts';
import { listUnreadCounts } from '../storage/repos/pushActions.ts';

/**
 * The badge a push gateway shows (`counts.unread`): the user's unread notifications over every
 * room they are joined to, counted as /sync counts each room's `notification_count` (push
 * actions after the read receipts, storage/repos/pushActions.ts), threads included.
 */
export async function unreadBadge(db: Queryable, userId: string): Promise<number> {
  const joined = (await listUserMemberships(db, userId)).filter((m) => m.membership === 'join').map((m) => m.room_id);
  const rows = await listUnreadCounts(db, userId, joined, Number.MAX_SAFE_INTEGER);
  return rows.reduce((sum, r) => sum + r.notification_count, 0);
}
