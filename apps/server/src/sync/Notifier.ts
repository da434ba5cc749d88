/**
 * What a notification says changed for its users, so /sync can skip the sections
 * nothing touched: room events, membership events (which also move device lists),
 * account data, to-device messages, device lists, the user's own key counts, and
 * read receipts, presence, and push actions (unread counts).
 */
export type ChangeKind = 'room' | 'membership' | 'account_data' | 'to_device' | 'device_lists' | 'keys' | 'receipts' | 'presence' | 'notifications';
export const ALL_CHANGE_KINDS: readonly ChangeKind[] = Object.freeze([
  'room',
  'membership',
  'account_data',
  'to_device',
  'device_lists',
  'keys',
  'receipts',
  'presence',
  'notifications',
]);

/**
 * Wakes long-polling /sync requests. Actions call `notify` after commit with the
 * new stream position and the users the change concerns; only those users'
 * waiters run, so the work grows with an event's audience, not with the number
 * of connected users.
 */
export class Notifier {
  private position = 0;
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Highest position each user was notified at, overall and per kind, since this process started. */
  private readonly lastNotified = new Map<string, { any: number; kinds: Partial<Record<ChangeKind, number>> }>();
  /** Called for every notification, e.g. to publish it to other nodes. */
  onNotify: ((position: number, userIds: string[], kinds: readonly ChangeKind[]) => void) | null = null;

  get currentPosition(): number {
    return this.position;
  }

  /** Position when this process started listening: notifications before it were not seen here. */
  private startPosition = 0;

  /** Sets the starting position (from the database at start-up). */
  start(position: number): void {
    this.startPosition = position;
    this.advanceTo(position);
  }

  /** Forget what this process saw (e.g. the link to other nodes dropped): every sync builds until start() again. */
  resetView(): void {
    this.startPosition = Number.MAX_SAFE_INTEGER;
  }

  advanceTo(position: number): void {
    if (position > this.position) this.position = position;
  }

  /** Kinds default to all of them: a caller that does not say what changed makes /sync look everywhere. */
  notify(position: number, userIds: Iterable<string>, kinds: readonly ChangeKind[] = ALL_CHANGE_KINDS, fromPeer = false): void {
    this.advanceTo(position);
    const users = [...new Set(userIds)];
    for (const u of users) {
      let seen = this.lastNotified.get(u);
      if (!seen) this.lastNotified.set(u, (seen = { any: 0, kinds: {} }));
      if (seen.any < position) seen.any = position;
      for (const k of kinds) if ((seen.kinds[k] ?? 0) < position) seen.kinds[k] = position;
      const set = this.waiters.get(u);
      if (!set) continue;
      this.waiters.delete(u);
      for (const wake of set) wake();
    }
    if (!fromPeer) this.onNotify?.(position, users, kinds);
  }

  /**
   * Registers a waiter now (so a notification that lands while the caller is busy
   * is not missed); `promise` resolves when the user is notified, the timeout
   * passes, or `cancel()` is called. No AbortSignal: creating and aborting one per
   * long-poll iteration showed up in profiles.
   */
  wait(userId: string, timeoutMs: number): Waiter {
    let set = this.waiters.get(userId);
    if (!set) {
      set = new Set();
      this.waiters.set(userId, set);
    }
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      if (timer === undefined) return;
      clearTimeout(timer);
      timer = undefined;
      const s = this.waiters.get(userId);
      if (s) {
        s.delete(done);
        if (s.size === 0) this.waiters.delete(userId);
      }
      resolve();
    };
    timer = setTimeout(done, timeoutMs);
    set.add(done);
    return { promise, cancel: done };
  }

  /**
   * Whether anything concerning the user may have happened after `since`: false
   * only when this process has seen every notification since `since` and none
   * named the user, so a long-poll can wait without building an empty response.
   */
  mayHaveNewFor(userId: string, since: number): boolean {
    if (since < this.startPosition) return true;
    const last = this.lastNotified.get(userId);
    return last !== undefined && last.any > since;
  }

  /** Like mayHaveNewFor, for one kind of change: false means /sync may skip that section. */
  mayHaveChanged(userId: string, since: number, kind: ChangeKind): boolean {
    if (since < this.startPosition) return true;
    const last = this.lastNotified.get(userId)?.kinds[kind];
    return last !== undefined && last > since;
  }

  get waitingUsers(): number {
    return this.waiters.size;
  }
}

export interface Waiter {
  promise: Promise<void>;
  cancel(): void;
}
