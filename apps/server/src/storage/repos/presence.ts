import type { Queryable, Schema } from '../schema.ts';

export type PresenceRow = Schema['presence'];

export async function findPresence(db: Queryable, userId: string): Promise<PresenceRow | undefined> {
  return db.selectFrom('presence').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function upsertPresence(db: Queryable, row: PresenceRow): Promise<void> {
  await db
    .insertInto('presence')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ presence: row.presence, status_msg: row.status_msg, last_active_ts: row.last_active_ts, last_seen_ts: row.last_seen_ts, stream: row.stream }),
    )
    .execute();
}

/**
 * The presence rows changed in (after, upTo] of the user and of everyone who shares a joined
 * room with them: what /sync's presence section may show.
 */
export async function listPresenceVisibleTo(db: Queryable, userId: string, after: number, upTo: number): Promise<PresenceRow[]> {
  return db
    .selectFrom('presence')
    .selectAll()
    .where('stream', '>', after)
    .where('stream', '<=', upTo)
    .where((eb) =>
      eb.or([
        eb('user_id', '=', userId),
        eb(
          'user_id',
          'in',
          eb
            .selectFrom('memberships as mine')
            .innerJoin('memberships as theirs', 'theirs.room_id', 'mine.room_id')
            .select('theirs.user_id')
            .where('mine.user_id', '=', userId)
            .where('mine.membership', '=', 'join')
            .where('theirs.membership', '=', 'join'),
        ),
      ]),
    )
    .orderBy('stream')
    .execute();
}

/** The presence rows (up to `upTo`) of the users joined to these rooms: what a user who just joined them has not seen yet. */
export async function listPresenceOfRoomMembers(db: Queryable, roomIds: readonly string[], upTo: number): Promise<PresenceRow[]> {
  if (roomIds.length === 0) return [];
  return db
    .selectFrom('presence')
    .selectAll()
    .where('stream', '>', 0)
    .where('stream', '<=', upTo)
    .where('user_id', 'in', (eb) => eb.selectFrom('memberships').select('user_id').where('room_id', 'in', roomIds).where('membership', '=', 'join'))
    .orderBy('stream')
    .execute();
}

/**
 * The presence rows (up to `upTo`) of the users who joined these rooms in (after, upTo], `userId`
 * left out: people who newly share a room with the user. A profile change (a join over a join)
 * is no new join.
 */
export async function listPresenceOfNewMembers(db: Queryable, roomIds: readonly string[], userId: string, after: number, upTo: number): Promise<PresenceRow[]> {
  if (roomIds.length === 0) return [];
  const joins = await db
    .selectFrom('events')
    .select(['state_key', 'prev_content'])
    .where('room_id', 'in', roomIds)
    .where('type', '=', 'm.room.member')
    .where('membership', '=', 'join')
    .where('stream', '>', after)
    .where('stream', '<=', upTo)
    .where('state_key', '!=', userId)
    .execute();
  const joiners = new Set<string>();
  for (const j of joins) {
    if (j.state_key !== null && (j.prev_content === null || (JSON.parse(j.prev_content) as { membership?: unknown }).membership !== 'join')) joiners.add(j.state_key);
  }
  if (joiners.size === 0) return [];
  return db
    .selectFrom('presence')
    .selectAll()
    .where('stream', '>', 0)
    .where('stream', '<=', upTo)
    .where('user_id', 'in', [...joiners])
    .orderBy('stream')
    .execute();
}

/** Whether two users are both joined to at least one room. */
export async function sharesJoinedRoom(db: Queryable, a: string, b: string): Promise<boolean> {
  const row = await db
    .selectFrom('memberships as mine')
    .innerJoin('memberships as theirs', 'theirs.room_id', 'mine.room_id')
    .select('mine.room_id')
    .where('mine.user_id', '=', a)
    .where('mine.membership', '=', 'join')
    .where('theirs.user_id', '=', b)
    .where('theirs.membership', '=', 'join')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
