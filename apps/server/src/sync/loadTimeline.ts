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
  /**
   * Stream positions of state events in the range that the visibility rules or
   * the filter kept out of the timeline (as far as the range was read), so the
   * caller can still send them in `state`.
   */
  droppedState: number[];
}

/**
 * The newest `limit` events of (after, upTo] that the user may see and the filter
 * keeps, read backwards in batches so filtering never shortens a page.
 */
export async function loadTimeline(db: Queryable, roomId: string, after: number, upTo: number, limit: number, visibility: Visibility, filter?: EventFilterJson): Promise<Timeline> {
  const out: EventRow[] = [];
  const droppedState: number[] = [];
  let cursor = upTo;
  // Batches double, so a long run of invisible history (e.g. 'joined' visibility) costs log(n) reads, not n/20.
  let batch = Math.max(limit + 1, 20);
  while (out.length <= limit) {
    const rows = await listRoomEvents(db, roomId, after, cursor, 'b', batch);
    for (const r of rows) {
      if (visibility.canSee(r) && matchesFilter(filter, r)) {
        out.push(r);
        if (out.length > limit) break;
      } else if (r.state_key !== null) {
        droppedState.push(Number(r.stream));
      }
    }
    if (rows.length < batch) break;
    cursor = Number(rows[rows.length - 1]!.stream) - 1;
    batch = Math.min(batch * 2, 1000);
  }
  const limited = out.length > limit;
  const rows = out.slice(0, limit).reverse();
  return { rows, limited, droppedState };
}
