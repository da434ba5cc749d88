import type { SyncContext } from './SyncContext.ts';
import type { SentMembers } from './SentMemberTracker.ts';

/**
 * The device's lazy-loading record for this response, when the filter lazy-loads members and
 * the server keeps one (SyncCache.sentMembers); undefined otherwise. Call end() when built
 * (a response that fails before leaves its chain only more cautious: more resends).
 */
export function openSentMembers(ctx: SyncContext): SentMembers | undefined {
  const tracker = ctx.req.cache?.sentMembers;
  if (!tracker || ctx.filter.room?.state?.lazy_load_members !== true) return undefined;
  return tracker.begin(ctx.userId, ctx.req.deviceId, ctx.since, ctx.upTo);
}
