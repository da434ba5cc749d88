import { checkSyncFilter, type SyncFilterJson } from './EventFilter.ts';
import { parseFilterParam } from './parseFilterParam.ts';

/** Distinct filters kept; the oldest goes first. */
const MAX_ENTRIES = 2_000;
/** Longer inline filters are parsed per request rather than kept (bounds the cache's memory to a few MiB). */
const MAX_INLINE_KEY_LENGTH = 2_048;

/**
 * Filters as /sync uses them, parsed, checked and compiled once: a client sends the same
 * inline filter (or filter ID) with every long-poll, and a filter object is also the key its
 * compiled patterns are kept under (EventFilter's WeakMap). Stored filters never change
 * once created, so an entry is never stale. Refusals are not kept. Callers must not
 * mutate what it returns.
 */
export class FilterCache {
  private readonly entries = new Map<string, SyncFilterJson>();

  /** An inline filter (the `filter` query parameter, JSON): the errors of parseFilterParam and checkSyncFilter. */
  inline(raw: string): SyncFilterJson {
    const hit = this.entries.get(raw);
    if (hit) return hit;
    const filter = checkSyncFilter(parseFilterParam(raw));
    if (raw.length <= MAX_INLINE_KEY_LENGTH) this.put(raw, filter);
    return filter;
  }

  /** A stored filter of the user's, by ID, read with `load` on a miss. */
  async stored(userId: string, filterId: string, load: () => Promise<SyncFilterJson>): Promise<SyncFilterJson> {
    // A key no inline filter can have (inline filters start with `{`).
    const key = `#${userId}\n${filterId}`;
    const hit = this.entries.get(key);
    if (hit) return hit;
    const filter = await load();
    this.put(key, filter);
    return filter;
  }

  private put(key: string, filter: SyncFilterJson): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, filter);
  }
}
