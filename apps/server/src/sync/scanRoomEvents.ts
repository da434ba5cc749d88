import type { EventRow } from '../storage/repos/events.ts';
import { listRoomEvents } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';

/** How a scan reads one batch: listRoomEvents, or a shared read (SyncCache.readRoomEvents). */
export type RoomEventReader = typeof listRoomEvents;

export interface RoomScan {
  /** Kept rows, in scan order (newest first for 'b', oldest first for 'f'). */
  rows: EventRow[];
  /** Position after the last row examined, as a pagination token position: the next scan starts here. */
  cursor: number;
  /** The last read came back short: the range holds nothing past what was read. */
  exhausted: boolean;
}

/**
 * Reads a room's events in (after, upTo] in direction `dir` until `limit` rows pass
 * `keep` or the range ends. Batches double (up to 1000), so a long run of rows that
 * `keep` rejects (hidden history, filtered types) costs log(n) reads, not n/20.
 * The one scanning loop behind /sync timelines, /messages and /context.
 */
export async function scanRoomEvents(
  db: Queryable,
  roomId: string,
  after: number,
  upTo: number,
  dir: 'b' | 'f',
  limit: number,
  keep: (row: EventRow) => boolean,
  read: RoomEventReader = listRoomEvents,
): Promise<RoomScan> {
  const rows: EventRow[] = [];
  let cursor = dir === 'b' ? upTo : after;
  let exhausted = false;
  let batch = Math.max(limit, 20);
  while (rows.length < limit && !exhausted) {
    const batchRows = dir === 'b' ? await read(db, roomId, after, cursor, 'b', batch) : await read(db, roomId, cursor, upTo, 'f', batch);
    exhausted = batchRows.length < batch;
    for (const r of batchRows) {
      cursor = dir === 'b' ? Number(r.stream) - 1 : Number(r.stream);
      if (keep(r)) rows.push(r);
      if (rows.length >= limit) break;
    }
    batch = Math.min(batch * 2, 1000);
  }
  return { rows, cursor, exhausted };
}
