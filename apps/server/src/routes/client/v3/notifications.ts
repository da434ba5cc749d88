import { contracts, MAX_NOTIFICATIONS_LIMIT } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { invalidParam } from '../../../errors/MatrixError.ts';
import { listEventsByIds, parsePdu } from '../../../storage/repos/events.ts';
import { listPushActionsPage, listReadReceiptPositions } from '../../../storage/repos/pushActions.ts';

const DEFAULT_LIMIT = 20;

/** GET /notifications: the events that notified the caller, newest first; `from` is a stream position. */
export const getNotifications = defineEndpoint(contracts.getNotifications, {
  handler: async ({ deps, auth, query }) => {
    const db = deps.database.db;
    if (query.from !== undefined && !/^[0-9]{1,15}$/.test(query.from)) throw invalidParam('from must be a token from next_token');
    const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_NOTIFICATIONS_LIMIT);
    const rows = limit === 0 ? [] : await listPushActionsPage(db, auth.userId, query.from !== undefined ? Number(query.from) : null, limit, query.only === 'highlight');
    const events = new Map(
      (
        await listEventsByIds(
          db,
          rows.map((r) => r.event_id),
        )
      ).map((e) => [e.event_id, parsePdu(e)]),
    );
    const receipts = await listReadReceiptPositions(db, auth.userId, [...new Set(rows.map((r) => r.room_id))]);
    const readUpTo = (roomId: string, threadId: string): number =>
      Math.max(0, ...receipts.filter((x) => x.room_id === roomId && (x.thread_id === '' || x.thread_id === threadId)).map((x) => x.stream));
    const notifications = rows.flatMap((r) => {
      const pdu = events.get(r.event_id);
      if (!pdu) return [];
      const event = {
        event_id: r.event_id,
        type: pdu.type,
        content: pdu.content,
        sender: pdu.sender,
        origin_server_ts: pdu.origin_server_ts,
        ...(pdu.state_key !== undefined ? { state_key: pdu.state_key } : {}),
        unsigned: {},
      };
      return [{ actions: JSON.parse(r.actions) as unknown[], event, read: r.stream_ordering <= readUpTo(r.room_id, r.thread_id), room_id: r.room_id, ts: r.ts }];
    });
    const last = rows[rows.length - 1];
    return { notifications, ...(rows.length === limit && last ? { next_token: String(last.stream_ordering) } : {}) };
  },
});
