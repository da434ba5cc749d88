import { checkSyncFilter, type EventFilterJson } from '../sync/EventFilter.ts';
import { parseFilterParam } from '../sync/parseFilterParam.ts';

/** The `filter` query parameter of /messages and /context: a RoomEventFilter, checked like a sync filter's timeline. */
export function parseEventFilter(raw: string | undefined): EventFilterJson | undefined {
  if (raw === undefined) return undefined;
  return checkSyncFilter({ room: { timeline: parseFilterParam(raw) } }).room?.timeline;
}
