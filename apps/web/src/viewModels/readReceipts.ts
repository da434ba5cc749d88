// Read receipts shown per message: each member is listed under the newest message they have read. A receipt on an
// event the timeline does not show as a message (a reaction, a membership change, an edit) counts for the last
// message before it; receipts on events not loaded are left out.
import type { RawEvent, ReadReceipt } from '../matrix/ChatClient.ts';
import type { TimelineItem } from './buildTimeline.ts';

export interface Reader {
  userId: string;
  displayName: string;
}

export function attachReceipts(items: TimelineItem[], events: RawEvent[], receipts: ReadReceipt[]): TimelineItem[] {
  if (receipts.length === 0) return items;
  const messageIds = new Set(items.flatMap((i) => (i.kind === 'message' && i.eventId ? [i.eventId] : [])));
  // For each loaded event, the message it counts for: itself, or the last message before it.
  const countsFor = new Map<string, string>();
  let lastMessage: string | null = null;
  for (const e of events) {
    if (e.eventId && messageIds.has(e.eventId)) lastMessage = e.eventId;
    if (e.eventId && lastMessage) countsFor.set(e.eventId, lastMessage);
  }
  const readers = new Map<string, Reader[]>();
  for (const r of receipts) {
    const target = countsFor.get(r.eventId);
    if (!target) continue;
    readers.set(target, [...(readers.get(target) ?? []), { userId: r.userId, displayName: r.displayName }]);
  }
  if (readers.size === 0) return items;
  return items.map((i) => {
    if (i.kind !== 'message' || !i.eventId || !readers.has(i.eventId)) return i;
    const readBy = readers.get(i.eventId)!.sort((a, b) => a.displayName.localeCompare(b.displayName));
    return { ...i, readBy };
  });
}
