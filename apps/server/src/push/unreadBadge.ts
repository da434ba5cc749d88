import type { Queryable } from '../storage/schema.ts';
import { listUserMemberships } from '../storage/repos/memberships.ts';
import { listPushCounts } from '../storage/repos/pushCounts.ts';

/**
 * The badge a push gateway shows (`counts.unread`): the user's unread notifications over every
 * room they are joined to, as /sync counts each room's `notification_count` (the counts kept in
 * push_counts, storage/repos/pushCounts.ts), threads included.
 */
export async function unreadBadge(db: Queryable, userId: string): Promise<number> {
  const joined = new Set((await listUserMemberships(db, userId)).filter((m) => m.membership === 'join').map((m) => m.room_id));
  return (await listPushCounts(db, userId)).reduce((sum, r) => sum + (joined.has(r.room_id) ? r.notification_count : 0), 0);
}
