import type { Queryable } from '../schema.ts';

/**
 * Takes or renews the lease on delivering `userId`'s push notifications for `node` until
 * `expiresTs`: succeeds when nobody holds it, this node holds it, or the holder's lease has
 * expired. One statement (an upsert whose update is conditional), so two nodes racing for it
 * cannot both win. Returns whether this node holds it now.
 */
export async function acquirePusherLease(db: Queryable, userId: string, node: string, now: number, expiresTs: number): Promise<boolean> {
  const row = await db
    .insertInto('pusher_leases')
    .values({ user_id: userId, node, expires_ts: expiresTs })
    .onConflict((oc) =>
      oc
        .column('user_id')
        .doUpdateSet({ node, expires_ts: expiresTs })
        .where((eb) => eb.or([eb('pusher_leases.node', '=', node), eb('pusher_leases.expires_ts', '<', now)])),
    )
    .returning('node')
    .executeTakeFirst();
  return row?.node === node;
}

/** Gives the lease up (only if this node still holds it), so another node woken for the user can take it at once. */
export async function releasePusherLease(db: Queryable, userId: string, node: string): Promise<void> {
  await db.deleteFrom('pusher_leases').where('user_id', '=', userId).where('node', '=', node).execute();
}
