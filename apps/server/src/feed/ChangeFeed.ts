import type { Logger } from 'pino';
import type { Database } from '../storage/openDatabase.ts';
import { deleteStreamChangesUpTo, listStreamChangesAfter } from '../storage/repos/streamChanges.ts';
import type { CommittedChanges, DeliveredChanges, FeedSubscriber } from './FeedSubscriber.ts';
import type { StreamChange } from './StreamChange.ts';

/** With no durable subscriber, how many stream positions of history the outbox keeps. */
export const RETAINED_POSITIONS = 10_000;
/** How often old rows are pruned: a timer, so no request ever pays for it. */
const PRUNE_INTERVAL_MS = 5 * 60_000;

/**
 * The change feed (an outbox; docs/adr/0002-change-feed.md). Every write runs in
 * `commitChanges`: the action writes through the transaction and records typed
 * changes; at the end of the transaction their audiences are resolved and they are
 * stored in `stream_changes` under the commit's stream position, and once the commit
 * is durable the feed hands them to the subscribers registered at start-up (typing,
 * the notifier, and through the notifier the Redis bridge). Nothing is dispatched for
 * a transaction that rolls back. Durable subscribers resume with `readChangesAfter`.
 */
export class ChangeFeed {
  private readonly subscribers: FeedSubscriber[] = [];
  private position = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly database: Database,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** Starts at the stream position read at start-up, and prunes now and then. */
  start(position: number): void {
    if (position > this.position) this.position = position;
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.prune().catch((err: unknown) => this.log.warn({ err }, 'pruning stream_changes failed'));
    }, PRUNE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Registers a subscriber (at start-up): it gets every commit from now on, in registration order with the others. */
  subscribe(subscriber: FeedSubscriber): void {
    this.subscribers.push(subscriber);
  }

  /** Hands a durable commit to the subscribers (commitChanges calls it after the commit): never before, never for a rollback. */
  dispatch(commit: DeliveredChanges): void {
    if (commit.position > this.position) this.position = commit.position;
    for (const s of this.subscribers) {
      try {
        s.deliver(commit);
      } catch (err) {
        this.log.error({ err, subscriber: s.name, position: commit.position }, 'change feed subscriber failed');
      }
    }
  }

  /** The commits after `position`, oldest first, at most `limit`: how a durable subscriber catches up after a restart. */
  async readChangesAfter(position: number, limit = 1000): Promise<CommittedChanges[]> {
    const rows = await listStreamChangesAfter(this.database.db, position, limit);
    return rows.map((r) => ({ position: r.position, changes: JSON.parse(r.changes) as StreamChange[] }));
  }

  /**
   * Deletes the rows every durable subscriber has processed; with none, the rows more
   * than RETAINED_POSITIONS behind the newest position this node committed or started at.
   * One DELETE on the primary key. Returns how many rows went.
   */
  async prune(): Promise<number> {
    const durable = this.subscribers.filter((s) => s.durablePosition !== undefined).map((s) => s.durablePosition!());
    const upTo = durable.length > 0 ? Math.min(...durable) : this.position - RETAINED_POSITIONS;
    if (upTo <= 0) return 0;
    return deleteStreamChangesUpTo(this.database.db, upTo);
  }
}
