import { MatrixError } from '../errors/MatrixError.ts';
import { listEventsNearTimestamp } from '../storage/repos/events.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/** Candidates read first, then at most: events the viewer may not see (history visibility) are passed over; the nearest visible event is normally the first. */
const FIRST_BATCH = 10;
const MAX_CANDIDATES = 500;

/**
 * GET /rooms/{roomId}/timestamp_to_event: the event nearest `ts` in direction `dir` ('f': the
 * first at or after it; 'b': the last at or before it) that the viewer may see. The room gate
 * first (RoomReadPolicy: M_FORBIDDEN to a non-member of a room that is not world_readable, the
 * same whether or not it exists), then history visibility event by event; none → 404 M_NOT_FOUND.
 */
export async function readEventByTimestamp(deps: ReadDeps, viewer: Viewer, roomId: string, ts: number, dir: 'f' | 'b'): Promise<{ event_id: string; origin_server_ts: number }> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const visibility = await policy.visibility();
  for (const limit of [FIRST_BATCH, MAX_CANDIDATES]) {
    const rows = await listEventsNearTimestamp(db, roomId, ts, dir, policy.upTo, limit);
    const found = rows.find((row) => visibility.canSee(row));
    if (found) return { event_id: found.event_id, origin_server_ts: Number(found.origin_server_ts) };
    if (rows.length < limit) break;
  }
  throw new MatrixError('M_NOT_FOUND', `Unable to find an event from ${ts} in direction ${dir}`);
}
