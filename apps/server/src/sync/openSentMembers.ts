import type { SyncContext } from './SyncContext.ts';
import type { SentMembers } from './SentMemberTracker.ts';

/**
 * The device's record of what its earlier responses carried (lazy-loaded member events, room
 * summaries), when the server keeps one (SyncCache.sentMembers); undefined otherwise. Call
 * end() when built (a response that fails before leaves its chain only more cautious: more resends).
 */
export function openSentMembers(ctx: SyncContext): SentMembers | undefined {
  return ctx.req.cache?.sentMembers.begin(ctx.userId, ctx.req.deviceId, ctx.since, ctx.upTo);
}
