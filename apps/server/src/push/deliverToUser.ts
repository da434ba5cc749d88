import type { AppDeps } from '../deps.ts';
import type { PushConfig } from '../config.ts';
import { setPusher } from '../actions/setPusher.ts';
import { listPushers, type PusherRow } from '../storage/repos/pushers.ts';
import { deletePusherCursor, listPusherCursors, upsertPusherCursor, type PusherCursorRow } from '../storage/repos/pusherCursors.ts';
import { acquirePusherLease, releasePusherLease } from '../storage/repos/pusherLeases.ts';
import { findNextPushAction, type PendingPushAction } from '../storage/repos/pendingPushActions.ts';
import { unreadBadge } from './unreadBadge.ts';
import { backoffDelay } from './backoffDelay.ts';
import { buildBadgeNotification, buildNotification, parseData } from './buildNotification.ts';
import { postNotification, type PostOptions } from './postNotification.ts';

/** How long a node holds a user's lease (at least three request timeouts), renewed before each request. */
export const LEASE_MS = 120_000;
const leaseMs = (config: PushConfig): number => Math.max(LEASE_MS, 3 * config.timeoutMs);
/** When another node holds the lease, look again this soon (it gives the lease up when its round ends). */
export const LEASE_BUSY_RETRY_MS = 1000;
/** Requests per round; a user with more pending starts another round behind the others waiting. */
const MAX_REQUESTS_PER_ROUND = 50;

export interface DeliveryContext {
  deps: Pick<AppDeps, 'database' | 'feed' | 'now' | 'log'>;
  config: PushConfig;
  post: Omit<PostOptions, 'signal'>;
  node: string;
  signal: AbortSignal;
}

/**
 * One round of delivery for one user: under the user's lease (one node at a time), each HTTP
 * pusher gets its oldest undelivered notification, one request at a time, until none has any
 * left, or the round's budget is spent. A pusher whose notifications are all delivered gets a
 * badge-only update when the unread count went down since it was last told (a read receipt).
 * The cursor moves past a notification only once the gateway acknowledged it (or it was given
 * up), so after a crash the next round resumes there. Returns when to run again (null: when woken).
 */
export async function deliverToUser(ctx: DeliveryContext, userId: string): Promise<number | null> {
  const { database, now } = ctx.deps;
  const db = database.db;
  let pushers = (await listPushers(db, userId)).filter((p) => p.kind === 'http');
  if (pushers.length === 0) return null;
  if (!(await acquirePusherLease(db, userId, ctx.node, now(), now() + leaseMs(ctx.config)))) return now() + LEASE_BUSY_RETRY_MS;
  let next: number | null = null;
  const later = (at: number): void => {
    next = next === null ? at : Math.min(next, at);
  };
  try {
    let requests = 0;
    for (let progressed = true; progressed && pushers.length > 0;) {
      progressed = false;
      const cursors = await listPusherCursors(db, userId);
      for (const pusher of [...pushers]) {
        if (ctx.signal.aborted) return null;
        if (requests >= MAX_REQUESTS_PER_ROUND) return now();
        const cursor = cursorFor(pusher, cursors);
        if (cursor.retry_at !== null && cursor.retry_at > now()) {
          later(cursor.retry_at);
          continue;
        }
        const action = await findNextPushAction(db, userId, cursor.last_stream, Number(pusher.created_ts));
        // Counted after the action is found, so the count includes it: a count taken before could
        // miss an action written meanwhile, and a needless badge-only update would follow it.
        const unread = await unreadBadge(db, userId);
        // A badge-only update only when the count went down (a read receipt): a count that went up
        // means a notification is on its way (written after the lookup above), which carries it.
        if (!action && (cursor.badge === null || unread >= Number(cursor.badge))) continue;
        // Renewed before every request: a node that lost its lease (stalled past it) stops here.
        if (!(await acquirePusherLease(db, userId, ctx.node, now(), now() + leaseMs(ctx.config)))) return now() + LEASE_BUSY_RETRY_MS;
        const notification = action ? await buildNotification(db, pusher, action, unread) : buildBadgeNotification(pusher, unread);
        requests++;
        const outcome = await postNotification({ ...ctx.post, signal: ctx.signal }, String(parseData(pusher).url), pusher.pushkey, notification);
        if (ctx.signal.aborted) return null;
        switch (outcome.kind) {
          case 'delivered':
            await upsertPusherCursor(db, settled(cursor, action, unread));
            progressed = true;
            break;
          case 'rejected':
            ctx.deps.log.info({ userId, appId: pusher.app_id }, 'push gateway rejected the pushkey: pusher removed');
            await setPusher(ctx.deps, { userId, deviceId: pusher.device_id, appId: pusher.app_id, pushkey: pusher.pushkey, pusher: null, append: false });
            await deletePusherCursor(db, pusher);
            pushers = pushers.filter((p) => p !== pusher);
            break;
          case 'dropped':
            ctx.deps.log.warn({ userId, appId: pusher.app_id, reason: outcome.reason }, 'push notification dropped');
            await upsertPusherCursor(db, settled(cursor, action, action ? cursor.badge : unread));
            progressed = true;
            break;
          case 'retry': {
            const failed = failedOnce(ctx.config, cursor, now());
            if (failed.failing_since !== null && now() - failed.failing_since >= ctx.config.giveUpAfterMs) {
              ctx.deps.log.warn({ userId, appId: pusher.app_id, reason: outcome.reason }, 'push gateway failing too long: notification skipped');
              await upsertPusherCursor(db, settled(cursor, action, action ? cursor.badge : unread));
              progressed = true;
            } else {
              ctx.deps.log.info({ userId, appId: pusher.app_id, reason: outcome.reason, retryAt: failed.retry_at }, 'push delivery failed: will retry');
              await upsertPusherCursor(db, failed);
              later(failed.retry_at!);
            }
            break;
          }
        }
      }
    }
    return next;
  } finally {
    await releasePusherLease(db, userId, ctx.node);
  }
}

/** The pusher's cursor; a pusher never delivered to (or set again since) starts before everything written since its creation. */
function cursorFor(pusher: PusherRow, cursors: readonly PusherCursorRow[]): PusherCursorRow {
  const row = cursors.find((c) => c.app_id === pusher.app_id && c.pushkey === pusher.pushkey);
  if (row && Number(row.pusher_created_ts) === Number(pusher.created_ts)) return { ...row, last_stream: Number(row.last_stream) };
  return {
    user_id: pusher.user_id,
    app_id: pusher.app_id,
    pushkey: pusher.pushkey,
    pusher_created_ts: pusher.created_ts,
    last_stream: 0,
    badge: null,
    failures: 0,
    failing_since: null,
    retry_at: null,
  };
}

/** Past `action` (if any), told `badge`, no failure pending. */
function settled(cursor: PusherCursorRow, action: PendingPushAction | undefined, badge: number | null): PusherCursorRow {
  return { ...cursor, last_stream: action ? Number(action.stream_ordering) : cursor.last_stream, badge, failures: 0, failing_since: null, retry_at: null };
}

function failedOnce(config: PushConfig, cursor: PusherCursorRow, now: number): PusherCursorRow {
  const failures = Number(cursor.failures) + 1;
  return { ...cursor, failures, failing_since: cursor.failing_since ?? now, retry_at: now + backoffDelay(failures, config.initialBackoffMs, config.maxBackoffMs) };
}
