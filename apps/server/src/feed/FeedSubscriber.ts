import type { StreamChange } from './StreamChange.ts';

/** One committed write transaction as persisted: its position (the highest it took) and its changes. */
export interface CommittedChanges {
  position: number;
  changes: readonly StreamChange[];
}

/** A commit as dispatched live: with each change's audience (`audienceOf`), resolved in the transaction. */
export interface DeliveredChanges extends CommittedChanges {
  /** `audiences[i]` is who `changes[i]` concerns, each user once (two changes may share users). */
  audiences: ReadonlyArray<readonly string[]>;
}

/**
 * A consumer of the change feed, registered at start-up (startServer.ts). `deliver`
 * runs after the commit is durable, synchronously, in registration order; it must
 * not block (hand slow work to a queue) and what it throws is logged, not rethrown.
 *
 * A durable subscriber (pushers, appservice transactions, the audit log) persists
 * the position it has processed itself, resumes after a restart with
 * `ChangeFeed.readChangesAfter(position)`, and reports that position here so the
 * feed keeps every row it has not yet processed.
 */
export interface FeedSubscriber {
  name: string;
  deliver(commit: DeliveredChanges): void;
  /** Durable subscribers only: the highest position processed and persisted. */
  durablePosition?(): number;
}
