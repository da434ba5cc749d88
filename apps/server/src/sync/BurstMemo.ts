/**
 * Shares identical reads issued in one burst: a committed event wakes every member
 * of its room at once, and their /syncs read the same range of the same room. The
 * first caller's promise is handed to the others until the burst ends (the next
 * turn of the event loop), so the memo never serves a read older than that turn.
 * Callers must not mutate what it returns.
 */
export class BurstMemo<V> {
  private readonly entries = new Map<string, Promise<V>>();
  private clearScheduled = false;

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) return hit;
    const p = load();
    this.entries.set(key, p);
    // A failed read is not shared with later callers.
    p.catch(() => this.entries.delete(key));
    if (!this.clearScheduled) {
      this.clearScheduled = true;
      setImmediate(() => {
        this.entries.clear();
        this.clearScheduled = false;
      });
    }
    return p;
  }
}
