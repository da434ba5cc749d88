import { redactEvent, type EventId } from '@parley/protocol';
import type { RoomLock } from '../storage/RoomLock.ts';
import { allocateStreamPositions, findEvent, insertEvents, parsePdu, updateEventRedacted, upsertCurrentState, type EventRow } from '../storage/repos/events.ts';
import { upsertMembership } from '../storage/repos/memberships.ts';
import { updateRoomHead } from '../storage/repos/rooms.ts';
import { refreshDirectoryPublicRoom } from '../storage/repos/userDirectory.ts';
import { deleteRelation } from '../storage/repos/relations.ts';
import type { BuiltEvent } from './buildEvent.ts';
import { indexRelations } from './indexRelations.ts';
import { forgetPushActions } from './forgetPushActions.ts';
import { holdPushEvaluation } from '../storage/repos/pushCounts.ts';
import type { AppendedEvent } from './EventDraft.ts';

/**
 * Stores built and authorised events of one room, in order, under the room's lock: one
 * stream position each (taken in one step), the event rows (many per INSERT), current
 * state and memberships for state events, the redacted copy of each event a redaction
 * targets, and the new room head. The caller commits; nothing is announced here.
 */
export async function persistEvents(lock: RoomLock, built: readonly BuiltEvent[]): Promise<AppendedEvent[]> {
  if (built.length === 0) return [];
  const { tx, roomId, roomVersion } = lock;
  // A redaction recounts unread counts (forgetPushActions): hold push evaluation before taking a
  // stream position, the order the evaluator takes them in (else the two deadlock on PostgreSQL).
  if (lock.dialect && built.some((b) => b.draft.type === 'm.room.redaction')) await holdPushEvaluation(tx, lock.dialect);
  const first = await allocateStreamPositions(tx, built.length);
  const rows: EventRow[] = built.map(({ draft, eventId, json, replaced }, i) => ({
    stream: first + i,
    event_id: eventId,
    room_id: roomId,
    type: draft.type,
    state_key: draft.stateKey ?? null,
    sender: draft.sender,
    origin_server_ts: draft.originServerTs,
    json,
    prev_content: replaced ? JSON.stringify(replaced.pdu.content) : null,
    redacted_by: null,
    txn_id: draft.txn?.txnId ?? null,
    txn_device_id: draft.txn?.deviceId ?? null,
    membership: draft.type === 'm.room.member' && typeof draft.content.membership === 'string' ? draft.content.membership : null,
  }));
  await insertEvents(tx, rows);
  await indexRelations(lock, built, first);
  for (const row of rows) {
    if (row.state_key !== null) await upsertCurrentState(tx, roomId, row.type, row.state_key, row.event_id, row.stream);
    if (row.membership !== null) await upsertMembership(tx, { room_id: roomId, user_id: row.state_key!, membership: row.membership, event_id: row.event_id, stream: row.stream });
  }
  // Whether the room's members are findable in the user directory follows its join rule and history visibility.
  if (rows.some((r) => r.state_key === '' && (r.type === 'm.room.join_rules' || r.type === 'm.room.history_visibility'))) await refreshDirectoryPublicRoom(tx, roomId);
  for (const { draft, eventId } of built) {
    if (draft.type !== 'm.room.redaction' || typeof draft.redacts !== 'string') continue;
    const target = await findEvent(tx, draft.redacts);
    if (target && target.room_id === roomId) {
      await updateEventRedacted(tx, target.event_id, JSON.stringify(redactEvent(parsePdu(target), roomVersion)), eventId);
      // A redacted event relates to nothing: it leaves aggregations and relation lists.
      await deleteRelation(tx, target.event_id);
      // Nor does it notify: its push actions go, and the unread counts of those it notified are recounted.
      await forgetPushActions(lock, target.event_id, rows.find((r) => r.event_id === eventId)!.stream);
    }
  }
  const last = built[built.length - 1]!;
  const depth = last.pdu.depth;
  await updateRoomHead(tx, roomId, last.eventId, depth);
  lock.lastEventId = last.eventId;
  lock.lastDepth = depth;
  return built.map(({ eventId, pdu }, i) => ({ eventId: eventId as EventId, stream: first + i, pdu }));
}
