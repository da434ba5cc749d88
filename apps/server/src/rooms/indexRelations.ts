import { MatrixError } from '../errors/MatrixError.ts';
import { listEventsByIds, parsePdu, type EventRow } from '../storage/repos/events.ts';
import { hasAnnotation, insertRelations, type RelationRow } from '../storage/repos/relations.ts';
import type { RoomLock } from '../storage/RoomLock.ts';
import type { BuiltEvent } from './buildEvent.ts';

/** An event's `m.relates_to`, when it has both a `rel_type` and an `event_id` (a bare reply has neither). */
export function relationOf(content: Record<string, unknown> | undefined): { relType: string; eventId: string; key?: string } | undefined {
  const rel = content?.['m.relates_to'];
  if (typeof rel !== 'object' || rel === null || Array.isArray(rel)) return undefined;
  const { rel_type: relType, event_id: eventId, key } = rel as Record<string, unknown>;
  if (typeof relType !== 'string' || typeof eventId !== 'string') return undefined;
  return { relType, eventId, ...(typeof key === 'string' ? { key } : {}) };
}

/**
 * Whether an edit counts (event_replacements.md, "Validity of replacement events"): same room,
 * same sender, same type, neither a state event, the original not itself an edit, and the
 * edit carries `m.new_content` (unless encrypted). An invalid edit is stored and listed but never aggregated.
 */
function isValidEdit(edit: BuiltEvent, original: EventRow | undefined): boolean {
  if (!original || original.room_id !== edit.pdu.room_id) return false;
  if (original.sender !== edit.draft.sender || original.type !== edit.draft.type) return false;
  if (original.state_key !== null || edit.draft.stateKey !== undefined) return false;
  if (relationOf(parsePdu(original).content)?.relType === 'm.replace') return false;
  // An encrypted edit carries m.new_content inside its ciphertext: only the clients can check it.
  if (edit.draft.type === 'm.room.encrypted') return true;
  const newContent = edit.draft.content['m.new_content'];
  return typeof newContent === 'object' && newContent !== null && !Array.isArray(newContent);
}

/**
 * Checks and records the relations of events being persisted, in their transaction. Refuses,
 * so the whole write rolls back: a relation to an event of another room (400 M_UNKNOWN, as
 * Synapse), a second identical annotation by the same sender (400 M_DUPLICATE_ANNOTATION,
 * event_annotations.md), a thread started from an event that itself has a relation (400
 * M_UNKNOWN, threading.md). Costs nothing for events without a relation.
 */
export async function indexRelations(lock: RoomLock, built: readonly BuiltEvent[], firstStream: number): Promise<void> {
  const relating = built.flatMap((b, i) => {
    const rel = relationOf(b.draft.content);
    return rel ? [{ b, rel, stream: firstStream + i }] : [];
  });
  if (relating.length === 0) return;
  const { tx, roomId } = lock;
  const targets = new Map((await listEventsByIds(tx, [...new Set(relating.map((r) => r.rel.eventId))])).map((t) => [t.event_id, t]));
  const rows: RelationRow[] = [];
  const annotated = new Set<string>();
  for (const { b, rel, stream } of relating) {
    const target = targets.get(rel.eventId);
    if (target && target.room_id !== roomId) throw new MatrixError('M_UNKNOWN', 'Relations must be in the same room');
    if (rel.relType === 'm.thread' && target && relationOf(parsePdu(target).content)) throw new MatrixError('M_UNKNOWN', 'Cannot start threads from an event with a relation');
    if (rel.relType === 'm.annotation' && rel.key !== undefined) {
      const id = JSON.stringify([rel.eventId, b.draft.type, rel.key, b.draft.sender]);
      if (annotated.has(id) || (await hasAnnotation(tx, rel.eventId, b.draft.type, rel.key, b.draft.sender)))
        throw new MatrixError('M_DUPLICATE_ANNOTATION', "Can't send same reaction twice");
      annotated.add(id);
    }
    rows.push({
      event_id: b.eventId,
      room_id: roomId,
      relates_to: rel.eventId,
      rel_type: rel.relType,
      type: b.draft.type,
      sender: b.draft.sender,
      aggregation_key: rel.relType === 'm.annotation' ? (rel.key ?? null) : null,
      origin_server_ts: b.draft.originServerTs,
      stream,
      honoured: rel.relType !== 'm.replace' || isValidEdit(b, target) ? 1 : 0,
    });
  }
  await insertRelations(tx, rows);
}
