import type { Queryable, Schema } from '../schema.ts';

export type DeviceRow = Schema['devices'];

export async function upsertDevice(db: Queryable, row: DeviceRow): Promise<void> {
  await db
    .insertInto('devices')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'device_id'])
        .doUpdateSet({ last_seen_ts: row.last_seen_ts, last_seen_ip: row.last_seen_ip, ...(row.display_name !== null ? { display_name: row.display_name } : {}) }),
    )
    .execute();
}

export async function findDevice(db: Queryable, userId: string, deviceId: string): Promise<DeviceRow | undefined> {
  return db.selectFrom('devices').selectAll().where('user_id', '=', userId).where('device_id', '=', deviceId).executeTakeFirst();
}

export async function listDevices(db: Queryable, userId: string): Promise<DeviceRow[]> {
  return db.selectFrom('devices').selectAll().where('user_id', '=', userId).orderBy('device_id').execute();
}

export async function countDevices(db: Queryable, userId: string): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the devices with their tokens, keys, queued to-device messages and pushers. */
export async function deleteDevices(db: Queryable, userId: string, deviceIds: readonly string[]): Promise<void> {
  if (deviceIds.length === 0) return;
  await db.deleteFrom('access_tokens').where('user_id', '=', userId).where('device_id', 'in', deviceIds).execute();
  await db.deleteFrom('device_keys').where('user_id', '=', userId).where('device_id', 'in', deviceIds).execute();
  await db.deleteFrom('one_time_keys').where('user_id', '=', userId).where('device_id', 'in', deviceIds).execute();
  await db.deleteFrom('fallback_keys').where('user_id', '=', userId).where('device_id', 'in', deviceIds).execute();
  await db.deleteFrom('to_device').where('user_id', '=', userId).where('device_id', 'in', deviceIds).execute();
  // Pushers are tied to the access token that set them: they go with its device (as Synapse does).
  await db.deleteFrom('pushers').where('user_id', '=', userId).where('device_id', 'in', deviceIds).execute();
  await db.deleteFrom('devices').where('user_id', '=', userId).where('device_id', 'in', deviceIds).execute();
}

export async function updateDeviceLastSeen(db: Queryable, userId: string, deviceId: string, ts: number, ip: string): Promise<void> {
  await db.updateTable('devices').set({ last_seen_ts: ts, last_seen_ip: ip }).where('user_id', '=', userId).where('device_id', '=', deviceId).execute();
}

export async function updateDeviceDisplayName(db: Queryable, userId: string, deviceId: string, displayName: string): Promise<void> {
  await db.updateTable('devices').set({ display_name: displayName }).where('user_id', '=', userId).where('device_id', '=', deviceId).execute();
}
