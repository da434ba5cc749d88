import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { accessRoomForRead } from '../../../access/accessRoomForRead.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { findEvent, listStateAt } from '../../../storage/repos/events.ts';
import { scanRoomEvents } from '../../../sync/scanRoomEvents.ts';
import { toClientEvents } from '../../../sync/formatEvent.ts';
import { Visibility } from '../../../sync/Visibility.ts';
import { checkSyncFilter, matchesFilter, type EventFilterJson } from '../../../sync/EventFilter.ts';
import { formatToken, parseToken } from '../../../sync/syncToken.ts';
import { parseFilterParam } from '../../../sync/parseFilterParam.ts';

export function parseEventFilter(raw: string | undefined): EventFilterJson | undefined {
  if (raw === undefined) return undefined;
  return checkSyncFilter({ room: { timeline: parseFilterParam(raw) } }).room?.timeline;
}

export const getRoomEvents = defineEndpoint(contracts.getRoomEvents, {
  handler: async ({ deps, auth, params, query }) => {
    const db = deps.database.db;
    const roomId = parseRoomIdParam(params.roomId);
    const access = await accessRoomForRead(db, auth.userId, roomId);
    const filter = parseEventFilter(query.filter);
    const limit = Math.min(query.limit ?? 10, 1000);
    const current = deps.notifier.currentPosition;
    const ceiling = Math.min(current, access.upTo);
    const dir = query.dir;
    const from = query.from !== undefined ? parseToken(query.from, 'from') : dir === 'b' ? current : 0;
    const to = query.to !== undefined ? parseToken(query.to, 'to') : undefined;
    const visibility = await Visibility.load(db, auth.userId, [roomId]);
    const scan =
      dir === 'b'
        ? await scanRoomEvents(db, roomId, to ?? 0, Math.min(from, ceiling), 'b', limit, (r) => visibility.canSee(r) && matchesFilter(filter, r))
        : await scanRoomEvents(db, roomId, from, Math.min(to ?? ceiling, ceiling), 'f', limit, (r) => visibility.canSee(r) && matchesFilter(filter, r));
    const chunk = scan.rows;
    const events = await toClientEvents(db, chunk, { now: deps.now(), userId: auth.userId, deviceId: auth.deviceId });
    const response: Record<string, unknown> = { chunk: events, start: query.from ?? formatToken(dir === 'b' ? current : 0) };
    if (!(scan.exhausted && chunk.length < limit) && chunk.length > 0) response.end = formatToken(scan.cursor);
    if (filter?.lazy_load_members && chunk.length > 0) {
      const senders = new Set(chunk.map((r) => r.sender));
      const oldest = Math.min(...chunk.map((r) => Number(r.stream)));
      const state = await listStateAt(db, roomId, oldest);
      response.state = await toClientEvents(
        db,
        state.filter((r) => r.type === 'm.room.member' && senders.has(r.state_key ?? '')),
        { now: deps.now() },
      );
    }
    return response;
  },
});

export const getOneRoomEvent = defineEndpoint(contracts.getOneRoomEvent, {
  handler: async ({ deps, auth, params }) => {
    const db = deps.database.db;
    const roomId = parseRoomIdParam(params.roomId);
    const access = await accessRoomForRead(db, auth.userId, roomId);
    const row = await findEvent(db, params.eventId);
    if (!row || row.room_id !== roomId || Number(row.stream) > access.upTo) throw new MatrixError('M_NOT_FOUND', 'Event not found');
    const visibility = await Visibility.load(db, auth.userId, [roomId]);
    if (!visibility.canSee(row)) throw new MatrixError('M_NOT_FOUND', 'Event not found');
    return (await toClientEvents(db, [row], { now: deps.now(), userId: auth.userId, deviceId: auth.deviceId }))[0];
  },
});
