/**
 * Wakes long-polling /sync requests. Actions call `notify` after commit with the
 * new stream position and the users the change concerns; only those users'
 * waiters run, so the work grows with an event's audience, not with the number
 * of connected users.
 */
export class Notifier {
  private position = 0;
  private readonly waiters = new Map<string, Set<() => void>>();
  /** Called for every notification, e.g. to publish it to other nodes. */
  onNotify: ((position: number, userIds: string[]) => void) | null = null;

  get currentPosition(): number {
    return this.position;
  }

  /** Sets the starting position (from the database at start-up). */
  advanceTo(position: number): void {
    if (position > this.position) this.position = position;
  }

  notify(position: number, userIds: Iterable<string>, fromPeer = false): void {
    this.advanceTo(position);
    const users = [...new Set(userIds)];
    for (const u of users) {
      const set = this.waiters.get(u);
      if (!set) continue;
      this.waiters.delete(u);
      for (const wake of set) wake();
    }
    if (!fromPeer) this.onNotify?.(position, users);
  }

  /** Resolves when the user is notified, the timeout passes, or the signal aborts. */
  wait(userId: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(userId);
      if (!set) {
        set = new Set();
        this.waiters.set(userId, set);
      }
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        const s = this.waiters.get(userId);
        if (s) {
          s.delete(done);
          if (s.size === 0) this.waiters.delete(userId);
        }
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  get waitingUsers(): number {
    return this.waiters.size;
  }
}
