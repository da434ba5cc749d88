import type { AppDeps } from '../deps.ts';
import type { FeedSubscriber } from '../feed/FeedSubscriber.ts';
import { parseOutboundPolicy } from '../outbound/OutboundPolicy.ts';
import { randomId } from '../security/tokens.ts';
import { deleteOrphanPusherCursors } from '../storage/repos/pusherCursors.ts';
import { listUsersWithPendingPushes } from '../storage/repos/pendingPushActions.ts';
import { listUsersWithHttpPushers } from '../storage/repos/pushers.ts';
import { deliverToUser, type DeliveryContext } from './deliverToUser.ts';

/** Users a sweep wakes at once; the next sweep takes the rest. */
const SWEEP_BATCH = 1000;
/** Users checked for pushers in one query. */
const CHECK_BATCH = 500;

/**
 * Delivers notifications to HTTP pushers (docs/architecture.md, "Push delivery"). Woken per user
 * by the change feed (push actions written: a notification; a receipt: maybe a lower badge), by
 * a timer (a back-off ending) and by a sweep at start and every `push.sweep_interval_ms` (what a
 * restart or another node left undelivered). Each wake runs one round, `deliverToUser`, under the
 * user's lease. Memory is bounded by users, not events: a user is waiting, running, or has one
 * timer; the events themselves stay in event_push_actions and each pusher has one cursor there.
 */
export class PusherDelivery {
  private readonly node = randomId(8);
  private readonly ctx: DeliveryContext;
  private readonly abort = new AbortController();
  private readonly waiting = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  /** Woken again while running: runs once more when the round ends. */
  private readonly again = new Set<string>();
  private readonly timers = new Map<string, { at: number; timer: NodeJS.Timeout }>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  /** Users the feed named since the last check for pushers (one query per batch, not per user). */
  private readonly toCheck = new Set<string>();
  private checking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: Pick<AppDeps, 'config' | 'database' | 'feed' | 'outbound' | 'now' | 'log'>) {
    const push = deps.config.push;
    this.ctx = {
      deps,
      config: push,
      node: this.node,
      signal: this.abort.signal,
      post: {
        outbound: deps.outbound,
        policy: parseOutboundPolicy({ ...push, hostAllowlist: [] }, 'push'),
        timeoutMs: push.timeoutMs,
        maxResponseBytes: push.maxResponseBytes,
      },
    };
  }

  /** The feed subscriber that wakes users: those an event's push actions notify, and those who moved a read receipt. */
  subscriber(): FeedSubscriber {
    return {
      name: 'pushers',
      deliver: (commit) => {
        for (const change of commit.changes) {
          if (change.kind === 'push_actions') for (const userId of change.userIds) this.toCheck.add(userId);
          else if (change.kind === 'receipt') this.toCheck.add(change.userId);
        }
        this.check();
      },
    };
  }

  /** Sweeps now and every sweep interval. */
  start(): void {
    if (this.sweepTimer || this.stopped) return;
    this.sweep();
    this.sweepTimer = setInterval(() => this.sweep(), this.deps.config.push.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  /** Resolves once no round is waiting or running (back-off timers aside): tests wait for it before counting queries. */
  async idle(): Promise<void> {
    while (this.checking || this.running.size > 0) await Promise.allSettled([this.checking, ...this.running.values()]);
  }

  /** Stops waking anyone, cancels requests in flight, and waits for the rounds to end (before the database closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.waiting.clear();
    this.abort.abort();
    await Promise.allSettled([...this.running.values(), this.sweeping, this.checking]);
  }

  /** Runs a round for the user soon (once, however often woken meanwhile). */
  wake(userId: string): void {
    if (this.stopped) return;
    if (this.running.has(userId)) this.again.add(userId);
    else this.waiting.add(userId);
    this.pump();
  }

  /**
   * Wakes the users named by the feed who have an HTTP pusher: one query for up to CHECK_BATCH
   * of them, so an event notifying a thousand members costs a few queries, not a thousand.
   */
  private check(): void {
    if (this.checking || this.toCheck.size === 0 || this.stopped) return;
    const batch = [...this.toCheck].slice(0, CHECK_BATCH);
    for (const userId of batch) this.toCheck.delete(userId);
    this.checking = listUsersWithHttpPushers(this.deps.database.db, batch)
      .then((users) => {
        for (const userId of users) this.wake(userId);
      })
      .catch((err: unknown) => this.deps.log.warn({ err }, 'push delivery: looking up pushers failed'))
      .finally(() => {
        this.checking = null;
        this.check();
      });
  }

  private pump(): void {
    for (const userId of this.waiting) {
      if (this.running.size >= this.deps.config.push.maxConcurrentUsers) return;
      this.waiting.delete(userId);
      const timer = this.timers.get(userId);
      if (timer) clearTimeout(timer.timer);
      this.timers.delete(userId);
      this.running.set(userId, this.run(userId));
    }
  }

  private async run(userId: string): Promise<void> {
    try {
      const next = await deliverToUser(this.ctx, userId);
      if (next !== null) this.schedule(userId, next);
    } catch (err) {
      if (!this.stopped) {
        this.deps.log.error({ err, userId }, 'push delivery round failed');
        this.schedule(userId, this.deps.now() + this.deps.config.push.initialBackoffMs);
      }
    } finally {
      this.running.delete(userId);
      if (this.again.delete(userId)) this.waiting.add(userId);
      if (!this.stopped) this.pump();
    }
  }

  /** One timer per user, the earliest asked for. */
  private schedule(userId: string, at: number): void {
    if (this.stopped) return;
    const existing = this.timers.get(userId);
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(
      () => {
        this.timers.delete(userId);
        this.wake(userId);
      },
      Math.max(0, at - this.deps.now()),
    );
    timer.unref();
    this.timers.set(userId, { at, timer });
  }

  private sweep(): void {
    if (this.sweeping || this.stopped) return;
    const db = this.deps.database.db;
    this.sweeping = (async () => {
      for (const userId of await listUsersWithPendingPushes(db, SWEEP_BATCH)) this.wake(userId);
      await deleteOrphanPusherCursors(db);
    })()
      .catch((err: unknown) => this.deps.log.warn({ err }, 'push sweep failed'))
      .finally(() => {
        this.sweeping = null;
      });
  }
}
