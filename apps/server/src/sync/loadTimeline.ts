import type { EventRow } from '../storage/repos/events.ts';
import { scanRoomEvents, type RoomEventReader } from './scanRoomEvents.ts';
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
export async function loadTimeline(
  db: Queryable,
  roomId: string,
  after: number,
  upTo: number,
  limit: number,
  visibility: Visibility,
  filter?: EventFilterJson,
  read?: RoomEventReader,
): Promise<Timeline> {
  const droppedState: number[] = [];
  // One row past the limit tells whether the timeline is limited.
  const scan = await scanRoomEvents(
    db,
    roomId,
    after,
    upTo,
    'b',
    limit + 1,
    (r) => {
      if (visibility.canSee(r) && matchesFilter(filter, r)) return true;
      if (r.state_key !== null) droppedState.push(Number(r.stream));
      return false;
    },
    read,
  );
  const limited = scan.rows.length > limit;
  const rows = scan.rows.slice(0, limit).reverse();
  return { rows, limited, droppedState };
}
