import type { Queryable, Schema, Tx } from '../schema.ts';

export type DeviceKeysRow = Schema['device_keys'];
export type OneTimeKeyRow = Schema['one_time_keys'];
export type FallbackKeyRow = Schema['fallback_keys'];

export async function findDeviceKeys(db: Queryable, userId: string, deviceId: string): Promise<DeviceKeysRow | undefined> {
  return db.selectFrom('device_keys').selectAll().where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
}

export async function upsertDeviceKeys(tx: Tx, row: DeviceKeysRow): Promise<void> {
  await tx
    .insertInto('device_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'device_id']).doUpdateSet({ key_json: row.key_json, stream: row.stream }))
    .execute();
}

/** Device keys of the given users (all their devices) joined with the devices' display names. */
export async function listDeviceKeysOfUsers(db: Queryable, userIds: readonly string[]): Promise<Array<DeviceKeysRow & { display_name: string | null }>> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('device_keys as k')
    .leftJoin('devices as d', (j) => j.onRef('d.user_id', '=', 'k.user_id').onRef('d.device_id', '=', 'k.device_id'))
    .select(['k.user_id', 'k.device_id', 'k.key_json', 'k.stream', 'd.display_name'])
    .where('k.user_id', 'in', userIds)
    .execute();
}

export async function insertDeviceListChange(tx: Tx, userId: string, stream: number): Promise<void> {
  await tx.insertInto('device_list_changes').values({ user_id: userId, stream }).execute();
}

/** Users whose device lists changed in (after, upTo]. */
export async function listDeviceListChangers(db: Queryable, after: number, upTo: number): Promise<string[]> {
  const rows = await db.selectFrom('device_list_changes').select('user_id').distinct().where('stream', '>', after).where('stream', '<=', upTo).execute();
  return rows.map((r) => r.user_id);
}

/** Membership changes (join, leave, ban) in (after, upTo] in the given rooms, oldest first. */
export async function listMemberChangesBetween(
  db: Queryable,
  roomIds: readonly string[],
  after: number,
  upTo: number,
): Promise<Array<{ room_id: string; user_id: string; membership: string; stream: number }>> {
  if (roomIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .select(['room_id', 'state_key', 'membership', 'stream'])
    .where('room_id', 'in', roomIds)
    .where('type', '=', 'm.room.member')
    .where('membership', 'in', ['join', 'leave', 'ban'])
    .where('stream', '>', after)
    .where('stream', '<=', upTo)
    .orderBy('stream', 'asc')
    .execute();
  return rows.flatMap((r) =>
    r.state_key !== null && r.membership !== null ? [{ room_id: r.room_id, user_id: r.state_key, membership: r.membership, stream: Number(r.stream) }] : [],
  );
}

export async function listOneTimeKeyIds(db: Queryable, userId: string, deviceId: string, keyIds: readonly string[]): Promise<OneTimeKeyRow[]> {
  if (keyIds.length === 0) return [];
  return db.selectFrom('one_time_keys').selectAll().where('user_id', '=', userId).where('device_id', '=', deviceId).where('key_id', 'in', keyIds).execute();
}

export async function insertOneTimeKeys(tx: Tx, rows: readonly OneTimeKeyRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('one_time_keys')
    .values([...rows])
    .execute();
}

/** One-time key counts per algorithm for a device. */
export async function countOneTimeKeys(db: Queryable, userId: string, deviceId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('one_time_keys')
    .select(['algorithm', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .groupBy('algorithm')
    .execute();
  const counts: Record<string, number> = { signed_curve25519: 0 };
  for (const r of rows) counts[r.algorithm] = Number(r.n);
  return counts;
}

/** Takes one one-time key of the algorithm off the device's pool, or undefined when the pool is empty. */
export async function takeOneTimeKey(tx: Tx, userId: string, deviceId: string, algorithm: string): Promise<OneTimeKeyRow | undefined> {
  for (;;) {
    const row = await tx
      .selectFrom('one_time_keys')
      .selectAll()
      .where('user_id', '=', userId)
      .where('device_id', '=', deviceId)
      .where('algorithm', '=', algorithm)
      .orderBy('key_id')
      .limit(1)
      .executeTakeFirst();
    if (!row) return undefined;
    const deleted = await tx.deleteFrom('one_time_keys').where('user_id', '=', userId).where('device_id', '=', deviceId).where('key_id', '=', row.key_id).executeTakeFirst();
    // A concurrent claim took it first: try the next key.
    if (Number(deleted.numDeletedRows) === 1) return row;
  }
}

export async function upsertFallbackKey(tx: Tx, row: FallbackKeyRow): Promise<void> {
  await tx
    .insertInto('fallback_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'device_id', 'algorithm']).doUpdateSet({ key_id: row.key_id, key_json: row.key_json, used: row.used }))
    .execute();
}

export async function findFallbackKey(db: Queryable, userId: string, deviceId: string, algorithm: string): Promise<FallbackKeyRow | undefined> {
  return db.selectFrom('fallback_keys').selectAll().where('user_id', '=', userId).where('device_id', '=', deviceId).where('algorithm', '=', algorithm).executeTakeFirst();
}

export async function updateFallbackKeyUsed(tx: Tx, userId: string, deviceId: string, algorithm: string): Promise<void> {
  await tx.updateTable('fallback_keys').set({ used: 1 }).where('user_id', '=', userId).where('device_id', '=', deviceId).where('algorithm', '=', algorithm).execute();
}

/** Algorithms of the device's fallback keys not yet handed out. */
export async function listUnusedFallbackKeyTypes(db: Queryable, userId: string, deviceId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('fallback_keys')
    .select('algorithm')
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .where('used', '=', 0)
    .orderBy('algorithm')
    .execute();
  return rows.map((r) => r.algorithm);
}
