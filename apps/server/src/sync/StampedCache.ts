import type { ChangeKind, Notifier } from './Notifier.ts';

interface Entry<V> {
  /** The notifier's position just before the value was read: every change at or below it is in the value. */
  stamp: number;
  value: V;
}

/**
 * A per-user fact that /sync reads on every wake-up, kept in memory and trusted only
 * while the notifier has seen no change of its kind for that user since the fact was
 * read (`Notifier.mayHaveChanged`). Positions are committed in order (ADR 0001), so a
 * read that starts after the stamp sees every change up to it; a change after it bumps
 * the user's position for that kind and the next `get` reads again. Nothing has to
 * remember to invalidate it, and on several nodes it is as fresh as the wake-ups are.
 * Bounded: past `maxEntries` the oldest entries go.
 */
export class StampedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly notifier: Notifier,
    private readonly kind: ChangeKind,
    private readonly maxEntries = 100_000,
  ) {}

  async get(userId: string, key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && !this.notifier.mayHaveChanged(userId, hit.stamp, this.kind)) return hit.value;
    const stamp = this.notifier.currentPosition;
    const value = await load();
    this.set(key, stamp, value);
    return value;
  }

  /** Whether `key` holds a value still trusted for `userId` (the value itself, or undefined). */
  peek(userId: string, key: string): V | undefined {
    const hit = this.entries.get(key);
    return hit && !this.notifier.mayHaveChanged(userId, hit.stamp, this.kind) ? hit.value : undefined;
  }

  /** Records a value read after `stamp` was taken from `notifier.currentPosition`. */
  set(key: string, stamp: number, value: V): void {
    const old = this.entries.get(key);
    if (old && old.stamp > stamp) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { stamp, value });
  }

  get size(): number {
    return this.entries.size;
  }
}
