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
  let joined = 0, invited = 0;
  for (const r of rows) {
    if (r.membership === 'join') joined = Number(r.n);
    else invited = Number(r.n);
  }
  return { joined, invited };
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
