import type { Queryable, Schema, Tx } from '../schema.ts';

export type MembershipRow = Schema['memberships'];

export async function upsertMembership(tx: Tx, row: Omit<MembershipRow, 'forgotten'>): Promise<void> {
  await tx
    .insertInto('memberships')
    .values({ ...row, forgotten: 0 })
    .onConflict((oc) => oc.columns(['room_id', 'user_id']).doUpdateSet({ membership: row.membership, event_id: row.event_id, stream: row.stream, forgotten: 0 }))
    .execute();
}

export async function findMembership(db: Queryable, roomId: string, userId: string): Promise<MembershipRow | undefined> {
  return db.selectFrom('memberships').selectAll().where('room_id', '=', roomId).where('user_id', '=', userId).executeTakeFirst();
}

/** The user's membership events in a room, oldest first: every join, leave, invite, knock and ban. */
export async function listMembershipHistory(db: Queryable, roomId: string, userId: string): Promise<Array<{ stream: number; membership: string | null }>> {
  const rows = await db
    .selectFrom('events')
    .select(['stream', 'membership'])
    .where('room_id', '=', roomId)
    .where('type', '=', 'm.room.member')
    .where('state_key', '=', userId)
    .orderBy('stream', 'asc')
    .execute();
  return rows.map((r) => ({ stream: Number(r.stream), membership: r.membership }));
}

export async function listUserMemberships(db: Queryable, userId: string): Promise<MembershipRow[]> {
  return db.selectFrom('memberships').selectAll().where('user_id', '=', userId).where('forgotten', '=', 0).execute();
}

export async function listRoomMemberIds(db: Queryable, roomId: string, memberships: readonly string[]): Promise<string[]> {
  const rows = await db.selectFrom('memberships').select('user_id').where('room_id', '=', roomId).where('membership', 'in', memberships).execute();
  return rows.map((r) => r.user_id);
}

export async function countRoomMembers(db: Queryable, roomId: string): Promise<{ joined: number; invited: number }> {
  const rows = await db
    .selectFrom('memberships')
    .select(['membership', (eb) => eb.fn.countAll<number>().as('n')])
    .where('room_id', '=', roomId)
    .where('membership', 'in', ['join', 'invite'])
    .groupBy('membership')
    .execute();
  let joined = 0,
    invited = 0;
  for (const r of rows) {
    if (r.membership === 'join') joined = Number(r.n);
    else invited = Number(r.n);
  }
  return { joined, invited };
}

/** The user IDs of a room's earliest members (by the stream of their membership) among the given memberships. */
export async function listEarliestMemberIds(db: Queryable, roomId: string, memberships: readonly string[], limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships')
    .select('user_id')
    .where('room_id', '=', roomId)
    .where('membership', 'in', memberships)
    .orderBy('stream', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.user_id);
}

export async function markForgotten(db: Queryable, roomId: string, userId: string): Promise<void> {
  await db.updateTable('memberships').set({ forgotten: 1 }).where('room_id', '=', roomId).where('user_id', '=', userId).execute();
}

/** Users who share at least one joined room with the user (including the user). */
export async function listUsersSharingRoomsWith(db: Queryable, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as mine')
    .innerJoin('memberships as theirs', 'theirs.room_id', 'mine.room_id')
    .select('theirs.user_id')
    .distinct()
    .where('mine.user_id', '=', userId)
    .where('mine.membership', '=', 'join')
    .where('theirs.membership', '=', 'join')
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * The user's memberships as they stood at a stream position: rows changed after
 * it are replaced by the membership event they had at that position (or dropped),
 * so a change committed while a sync is being built is reported by the next one.
 * `current` is the user's current memberships when the caller already has them.
 */
export async function listUserMembershipsAt(db: Queryable, userId: string, position: number, current?: readonly MembershipRow[]): Promise<MembershipRow[]> {
  const rows = current ? [...current] : await listUserMemberships(db, userId);
  const late = rows.filter((m) => Number(m.stream) > position);
  if (late.length === 0) return rows;
  const history = await db
    .selectFrom('events')
    .select(['room_id', 'event_id', 'stream', 'membership'])
    .where('type', '=', 'm.room.member')
    .where('state_key', '=', userId)
    .where(
      'room_id',
      'in',
      late.map((m) => m.room_id),
    )
    .where('stream', '<=', position)
    .orderBy('stream', 'asc')
    .execute();
  const atPosition = new Map<string, MembershipRow>();
  for (const h of history)
    atPosition.set(h.room_id, { room_id: h.room_id, user_id: userId, membership: h.membership ?? 'leave', event_id: h.event_id, stream: Number(h.stream), forgotten: 0 });
  return rows.flatMap((m) => (Number(m.stream) <= position ? [m] : atPosition.has(m.room_id) ? [atPosition.get(m.room_id)!] : []));
}

/** The guest accounts (users.is_guest) joined to a room. */
export async function listJoinedGuestIds(db: Queryable, roomId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.user_id', 'm.user_id')
    .select('m.user_id')
    .where('m.room_id', '=', roomId)
    .where('m.membership', '=', 'join')
    .where('u.is_guest', '=', 1)
    .execute();
  return rows.map((r) => r.user_id);
}
