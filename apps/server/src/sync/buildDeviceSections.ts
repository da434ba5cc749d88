import type { Queryable } from '../storage/schema.ts';
import { listUsersSharingRoomsWith } from '../storage/repos/memberships.ts';

export interface DeviceSections {
  to_device: { events: Array<{ type: string; sender: string; content: unknown }> };
  device_lists: { changed: string[]; left: string[] };
  device_one_time_keys_count: Record<string, number>;
  device_unused_fallback_key_types: string[];
}

/**
 * To-device messages (deleted once a later sync proves receipt), device list
 * changes of users sharing a room, and the device's key counts.
 */
export async function buildDeviceSections(db: Queryable, userId: string, deviceId: string, since: number | null, upTo: number, leftUsers: string[]): Promise<DeviceSections> {
  if (since !== null) {
    await db.deleteFrom('to_device').where('user_id', '=', userId).where('device_id', '=', deviceId).where('stream', '<=', since).execute();
  }
  const messages = await db
    .selectFrom('to_device')
    .select(['sender', 'type', 'content'])
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .where('stream', '<=', upTo)
    .orderBy('stream', 'asc')
    .execute();
  let changed: string[] = [];
  if (since !== null) {
    const rows = await db.selectFrom('device_list_changes').select('user_id').distinct().where('stream', '>', since).where('stream', '<=', upTo).execute();
    if (rows.length > 0) {
      const sharing = new Set(await listUsersSharingRoomsWith(db, userId));
      sharing.add(userId);
      changed = rows.map((r) => r.user_id).filter((u) => sharing.has(u));
    }
  }
  const otk = await db
    .selectFrom('one_time_keys')
    .select(['algorithm', (eb) => eb.fn.countAll<number>().as('n')])
    .where('user_id', '=', userId)
    .where('device_id', '=', deviceId)
    .groupBy('algorithm')
    .execute();
  const fallback = await db.selectFrom('fallback_keys').select('algorithm').where('user_id', '=', userId).where('device_id', '=', deviceId).where('used', '=', 0).execute();
  const counts: Record<string, number> = { signed_curve25519: 0 };
  for (const r of otk) counts[r.algorithm] = Number(r.n);
  return {
    to_device: { events: messages.map((m) => ({ sender: m.sender, type: m.type, content: JSON.parse(m.content) as unknown })) },
    device_lists: { changed, left: leftUsers },
    device_one_time_keys_count: counts,
    device_unused_fallback_key_types: fallback.map((f) => f.algorithm),
  };
}
