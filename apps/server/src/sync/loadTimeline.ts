import type { EventRow } from '../storage/repos/events.ts';
import { listRoomEvents } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';
import type { Visibility } from './Visibility.ts';
import { matchesFilter, type EventFilterJson } from './EventFilter.ts';

export interface Timeline {
  /** Oldest first. */
  rows: EventRow[];
  /** True when older matching events in the range were left out. */
  limited: boolean;
}

/**
 * The newest `limit` events of (after, upTo] that the user may see and the filter
 * keeps, read backwards in batches so filtering never shortens a page.
 */
export async function loadTimeline(db: Queryable, roomId: string, after: number, upTo: number, limit: number, visibility: Visibility, filter?: EventFilterJson): Promise<Timeline> {
  const out: EventRow[] = [];
  let cursor = upTo;
  const batch = Math.max(limit + 1, 20);
  while (out.length <= limit) {
    const rows = await listRoomEvents(db, roomId, after, cursor, 'b', batch);
    for (const r of rows) {
      if (visibility.canSee(r) && matchesFilter(filter, r)) {
        out.push(r);
        if (out.length > limit) break;
      }
    }
    if (rows.length < batch) break;
    cursor = Number(rows[rows.length - 1]!.stream) - 1;
  }
  const limited = out.length > limit;
  const rows = out.slice(0, limit).reverse();
  return { rows, limited };
}
