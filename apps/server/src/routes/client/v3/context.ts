import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { accessRoomForRead } from '../../../access/accessRoomForRead.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { findEvent, listStateAt } from '../../../storage/repos/events.ts';
import { scanRoomEvents } from '../../../sync/scanRoomEvents.ts';
import { toClientEvents } from '../../../sync/formatEvent.ts';
import { Visibility } from '../../../sync/Visibility.ts';
import { loadTimeline } from '../../../sync/loadTimeline.ts';
import { matchesFilter } from '../../../sync/EventFilter.ts';
import { formatToken } from '../../../sync/syncToken.ts';
import { parseEventFilter } from './messages.ts';

export const getEventContext = defineEndpoint(contracts.getEventContext, {
  handler: async ({ deps, auth, params, query }) => {
    const db = deps.database.db;
    const roomId = parseRoomIdParam(params.roomId);
    const access = await accessRoomForRead(db, auth.userId, roomId);
    const filter = parseEventFilter(query.filter);
    const row = await findEvent(db, params.eventId);
    if (!row || row.room_id !== roomId || Number(row.stream) > access.upTo) throw new MatrixError('M_NOT_FOUND', 'Event not found');
    const visibility = await Visibility.load(db, auth.userId, [roomId]);
    if (!visibility.canSee(row)) throw new MatrixError('M_NOT_FOUND', 'Event not found');

    const limit = Math.min(query.limit ?? 10, 100);
    const beforeLimit = Math.floor(limit / 2);
    const afterLimit = limit - beforeLimit;
    const stream = Number(row.stream);
    const ceiling = Math.min(deps.notifier.currentPosition, access.upTo);
    const before = beforeLimit > 0 ? (await loadTimeline(db, roomId, 0, stream - 1, beforeLimit, visibility, filter)).rows.reverse() : [];
    const after = afterLimit > 0 ? (await scanRoomEvents(db, roomId, stream, ceiling, 'f', afterLimit, (r) => visibility.canSee(r) && matchesFilter(filter, r))).rows : [];

    const oldest = before.length > 0 ? Number(before[before.length - 1]!.stream) : stream;
    const last = after.length > 0 ? after[after.length - 1]! : row;
    let state = (await listStateAt(db, roomId, Number(last.stream))).filter((s) => matchesFilter(filter, s));
    if (filter?.lazy_load_members) {
      const senders = new Set([row, ...before, ...after].map((e) => e.sender));
      state = state.filter((s) => s.type !== 'm.room.member' || senders.has(s.state_key ?? ''));
    }
    state.sort((a, b) => Number(a.stream) - Number(b.stream));

    const ctx = { now: deps.now(), userId: auth.userId, deviceId: auth.deviceId };
    const [event] = await toClientEvents(db, [row], ctx);
    return {
      event,
      events_before: await toClientEvents(db, before, ctx),
      events_after: await toClientEvents(db, after, ctx),
      state: await toClientEvents(db, state, { now: deps.now() }),
      start: formatToken(oldest - 1),
      end: formatToken(Number(last.stream)),
    };
  },
});
