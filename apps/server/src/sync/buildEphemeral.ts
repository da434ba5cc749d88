import type { Queryable } from '../storage/schema.ts';

/** m.receipt events per room for receipts that moved in (since, upTo]; all of them on an initial sync. */
export async function buildEphemeral(db: Queryable, roomIds: readonly string[], since: number | null, upTo: number): Promise<Map<string, Array<{ type: string; content: unknown }>>> {
  const out = new Map<string, Array<{ type: string; content: unknown }>>();
  if (roomIds.length === 0) return out;
  const rows = await db
    .selectFrom('receipts')
    .selectAll()
    .where('room_id', 'in', roomIds)
    .where('stream', '>', since ?? 0)
    .where('stream', '<=', upTo)
    .execute();
  const byRoom = new Map<string, Record<string, Record<string, Record<string, Record<string, unknown>>>>>();
  for (const r of rows) {
    let content = byRoom.get(r.room_id);
    if (!content) byRoom.set(r.room_id, (content = {}));
    const forEvent = (content[r.event_id] ??= {});
    const forType = (forEvent[r.receipt_type] ??= {});
    forType[r.user_id] = { ts: Number(r.ts), ...(r.thread_id !== '' ? { thread_id: r.thread_id } : {}) };
  }
  for (const [roomId, content] of byRoom) out.set(roomId, [{ type: 'm.receipt', content }]);
  return out;
}
