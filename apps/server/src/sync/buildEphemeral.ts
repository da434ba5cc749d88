import { listReceiptsBetween } from '../storage/repos/receipts.ts';
import { matchesFilter } from './EventFilter.ts';
import type { SyncContext } from './SyncContext.ts';

export type EphemeralEvent = { type: string; content: unknown };

type ReceiptContent = Record<string, Record<string, Record<string, { ts: number; thread_id?: string }>>>;

/**
 * Ephemeral events per joined room for (since, upTo] (everything on an initial sync):
 * m.receipt for the receipts that moved (another user's m.read.private never
 * shows), and m.typing with the room's typing set when it changed.
 */
export async function buildEphemeral(ctx: SyncContext): Promise<Map<string, EphemeralEvent[]>> {
  const { db, userId, since, upTo, joinedIds: roomIds } = ctx;
  const typing = ctx.req.typing;
  const filter = ctx.filter.room?.ephemeral;
  const out = new Map<string, EphemeralEvent[]>();
  if (roomIds.length === 0) return out;
  const add = (roomId: string, ev: EphemeralEvent): void => {
    if (!matchesFilter(filter, { type: ev.type, room_id: roomId })) return;
    let list = out.get(roomId);
    if (!list) out.set(roomId, (list = []));
    list.push(ev);
  };
  const wantReceipts = ctx.changed('receipts') && matchesFilter(filter, { type: 'm.receipt' });
  const rows = wantReceipts ? await listReceiptsBetween(db, roomIds, since ?? 0, upTo) : [];
  const byRoom = new Map<string, ReceiptContent>();
  for (const r of rows) {
    if (r.receipt_type === 'm.read.private' && r.user_id !== userId) continue;
    let content = byRoom.get(r.room_id);
    if (!content) byRoom.set(r.room_id, (content = {}));
    const forEvent = (content[r.event_id] ??= {});
    const forType = (forEvent[r.receipt_type] ??= {});
    forType[r.user_id] = { ts: Number(r.ts), ...(r.thread_id !== '' ? { thread_id: r.thread_id } : {}) };
  }
  for (const [roomId, content] of byRoom) add(roomId, { type: 'm.receipt', content });
  if (typing) {
    for (const [roomId, userIds] of typing.listChanged(roomIds, since, upTo)) add(roomId, { type: 'm.typing', content: { user_ids: userIds } });
  }
  return out;
}
