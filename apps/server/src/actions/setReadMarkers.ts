import type { RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import type { Tx } from '../storage/schema.ts';
import { findEvent, listEventsByIds } from '../storage/repos/events.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { holdPushEvaluation, recountPushCounts } from '../storage/repos/pushCounts.ts';
import { findFullyReadMarker, findReceipt, upsertFullyReadMarker, upsertReceipt } from '../storage/repos/receipts.ts';

export interface ReadMarkersInput {
  roomId: RoomId;
  /** m.fully_read: stored as the room account data event of that type. */
  fullyRead?: string;
  /** m.read: a receipt every member sees. */
  read?: string;
  /** m.read.private: a receipt only the user sees. */
  readPrivate?: string;
  /** Thread of the receipts (`main` or a thread root's ID); unthreaded when absent. */
  threadId?: string;
}

/** Whether `eventId` comes at or after `currentId` in the stream (an unknown current marker never holds a marker back). */
async function movesForward(tx: Tx, currentId: string | undefined, newStream: number): Promise<boolean> {
  if (currentId === undefined) return true;
  const current = await findEvent(tx, currentId);
  return current === undefined || Number(current.stream) <= newStream;
}

/**
 * Moves the caller's read markers and receipts in a room they have joined. Markers
 * only move forward; each update gets a stream position. After commit, a public
 * receipt wakes the room's members, anything else only the caller.
 */
export async function setReadMarkers(deps: AppDeps, auth: Principal, input: ReadMarkersInput): Promise<void> {
  const db = deps.database.db;
  const m = await findMembership(db, input.roomId, auth.userId);
  if (m?.membership !== 'join') throw new MatrixError('M_FORBIDDEN', 'You are not in this room');
  const wanted = [input.fullyRead, input.read, input.readPrivate].filter((e): e is string => e !== undefined);
  if (wanted.length === 0) return;
  const threadId = input.threadId ?? '';
  // A thread is named by its root, an event of this room: receipts per user stay bounded by the room's events.
  const threadRoot = threadId !== '' && threadId !== 'main' ? [threadId] : [];
  const events = new Map((await listEventsByIds(db, [...wanted, ...threadRoot])).filter((e) => e.room_id === input.roomId).map((e) => [e.event_id, Number(e.stream)]));
  for (const id of [...wanted, ...threadRoot]) if (!events.has(id)) throw new MatrixError('M_NOT_FOUND', `Event ${id} not found in this room`);
  const now = deps.now();

  await commitChanges(deps, async (tx, feed) => {
    // Before anything takes a stream position: the evaluator holds its lock while it takes one.
    if (input.read !== undefined || input.readPrivate !== undefined) await holdPushEvaluation(tx, deps.database.dialect);
    let recount = false;
    for (const [type, eventId] of [
      ['m.read', input.read],
      ['m.read.private', input.readPrivate],
    ] as const) {
      if (eventId === undefined) continue;
      const existing = await findReceipt(tx, input.roomId, auth.userId, type, threadId);
      if (existing?.event_id === eventId || !(await movesForward(tx, existing?.event_id, events.get(eventId)!))) continue;
      await upsertReceipt(tx, { room_id: input.roomId, user_id: auth.userId, receipt_type: type, thread_id: threadId, event_id: eventId, ts: now, stream: await feed.position() });
      feed.emit({ kind: 'receipt', roomId: input.roomId, userId: auth.userId, receiptType: type, eventId, threadId });
      recount = true;
    }
    // The kept unread counts follow the receipt; the receipt's own change puts the room in /sync.
    if (recount) {
      await recountPushCounts(tx, auth.userId, input.roomId, await feed.position());
    }
    if (input.fullyRead !== undefined) {
      const existing = await findFullyReadMarker(tx, auth.userId, input.roomId);
      if (existing !== input.fullyRead && (await movesForward(tx, existing, events.get(input.fullyRead)!))) {
        await upsertFullyReadMarker(tx, auth.userId, input.roomId, input.fullyRead, await feed.position());
        feed.emit({ kind: 'account_data', userId: auth.userId, roomId: input.roomId, type: 'm.fully_read' });
      }
    }
  });
}
