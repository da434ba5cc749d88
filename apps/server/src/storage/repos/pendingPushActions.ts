import type { ExpressionBuilder } from 'kysely';
import type { Queryable, Schema } from '../schema.ts';

/** A push action a pusher may still have to deliver. */
export interface PendingPushAction {
  event_id: string;
  room_id: string;
  stream_ordering: number;
  actions: string;
}

type ActionsEb = ExpressionBuilder<Schema & { a: Schema['event_push_actions'] }, 'a'>;

/**
 * The stream position the user has read up to in the action's room and thread: their newest
 * `m.read` or `m.read.private` receipt, unthreaded or in the action's thread (0 if none).
 */
function readUpTo(eb: ActionsEb) {
  return eb.fn.coalesce(
    eb
      .selectFrom('receipts as r')
      .innerJoin('events as re', 're.event_id', 'r.event_id')
      .select((s) => s.fn.max('re.stream').as('s'))
      .whereRef('r.room_id', '=', 'a.room_id')
      .whereRef('r.user_id', '=', 'a.user_id')
      .where('r.receipt_type', 'in', ['m.read', 'm.read.private'])
      .where((w) => w.or([w('r.thread_id', '=', ''), w('r.thread_id', '=', w.ref('a.thread_id'))])),
    eb.lit(0),
  );
}

/** Actions that notify, in a room the user is joined to, that they have not read. */
function unreadNotifying(eb: ActionsEb) {
  return eb.and([
    eb('a.notify', '=', 1),
    eb('a.stream_ordering', '>', readUpTo(eb)),
    eb.exists(
      eb.selectFrom('memberships as m').select('m.room_id').whereRef('m.room_id', '=', 'a.room_id').whereRef('m.user_id', '=', 'a.user_id').where('m.membership', '=', 'join'),
    ),
  ]);
}

/** The user's oldest unread notifying action after `afterStream` written since `sinceTs` (the pusher's creation). */
export async function findNextPushAction(db: Queryable, userId: string, afterStream: number, sinceTs: number): Promise<PendingPushAction | undefined> {
  return db
    .selectFrom('event_push_actions as a')
    .select(['a.event_id', 'a.room_id', 'a.stream_ordering', 'a.actions'])
    .where('a.user_id', '=', userId)
    .where('a.stream_ordering', '>', afterStream)
    .where('a.ts', '>=', sinceTs)
    .where(unreadNotifying)
    .orderBy('a.stream_ordering')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Users with an HTTP pusher that has something to deliver: an unread notifying action after its
 * cursor (written since the pusher was created). What a node's sweep wakes: after a restart, or
 * when the node that was woken for them failed; a round that finds a back-off pending sets a
 * timer for its end. At most `limit`.
 */
export async function listUsersWithPendingPushes(db: Queryable, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('pushers as p')
    .leftJoin('pusher_cursors as c', (j) =>
      j.onRef('c.user_id', '=', 'p.user_id').onRef('c.app_id', '=', 'p.app_id').onRef('c.pushkey', '=', 'p.pushkey').onRef('c.pusher_created_ts', '=', 'p.created_ts'),
    )
    .select('p.user_id')
    .distinct()
    .where('p.kind', '=', 'http')
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('event_push_actions as a')
          .select('a.event_id')
          .whereRef('a.user_id', '=', 'p.user_id')
          .where('a.stream_ordering', '>', eb.fn.coalesce('c.last_stream', eb.lit(0)))
          .whereRef('a.ts', '>=', 'p.created_ts')
          .where((inner) => unreadNotifying(inner as unknown as ActionsEb)),
      ),
    )
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}
