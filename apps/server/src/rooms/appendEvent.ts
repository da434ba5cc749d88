import { authEventTypes, checkEventAuth, hashAndSignEvent, redactEvent, type EventId, type Pdu, type SigningKey } from '@parley/protocol/node';
import type { RoomLock } from '../storage/RoomLock.ts';
import { allocateStreamPosition, insertEvent, listCurrentStateEvents, parsePdu, upsertCurrentState, findEvent, updateEventRedacted } from '../storage/repos/events.ts';
import { updateRoomHead } from '../storage/repos/rooms.ts';
import { upsertMembership } from '../storage/repos/memberships.ts';
import { refreshDirectoryPublicRoom } from '../storage/repos/userDirectory.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { ROOM_WRITE_REFUSED } from './writeToRoom.ts';
import { checkCanonicalAlias } from './checkCanonicalAlias.ts';

export interface EventDraft {
  type: string;
  stateKey?: string;
  sender: string;
  content: Record<string, unknown>;
  redacts?: string;
  originServerTs: number;
  txn?: { deviceId: string; txnId: string };
}

export interface AppendedEvent {
  eventId: EventId;
  stream: number;
  pdu: Pdu;
}

export const MAX_EVENT_BYTES = 65_536;

/**
 * Builds, hashes, signs and authorises one event against the room's current
 * state, then stores it at the next stream position. The caller holds the
 * room lock and commits; nothing is announced here.
 */
export async function appendEvent(lock: RoomLock, serverName: string, key: SigningKey, draft: EventDraft): Promise<AppendedEvent> {
  const { tx, roomId, roomVersion } = lock;
  const isState = draft.stateKey !== undefined;
  const base = {
    room_id: roomId,
    type: draft.type,
    sender: draft.sender,
    content: draft.content,
    origin_server_ts: draft.originServerTs,
    ...(isState ? { state_key: draft.stateKey } : {}),
    ...(draft.redacts !== undefined && roomVersion !== '11' ? { redacts: draft.redacts } : {}),
  };
  const selection = authEventTypes({ type: draft.type, sender: draft.sender, state_key: draft.stateKey, content: draft.content } as Pdu);
  const wanted = isState ? [...selection, [draft.type, draft.stateKey!] as [string, string]] : selection;
  const rows = await listCurrentStateEvents(tx, roomId, wanted);
  const state = new Map<string, { pdu: Pdu; eventId: string }>();
  for (const r of rows) state.set(`${r.type}\u0000${r.state_key}`, { pdu: parsePdu(r), eventId: r.event_id });
  const authEvents = selection.flatMap(([t, k]) => {
    const s = state.get(`${t}\u0000${k}`);
    return s ? [s.eventId] : [];
  });

  const { pdu, eventId } = hashAndSignEvent(
    {
      ...base,
      auth_events: authEvents,
      prev_events: lock.lastEventId ? [lock.lastEventId] : [],
      depth: lock.lastDepth + 1,
    },
    serverName,
    key,
    roomVersion,
  );
  const json = JSON.stringify(pdu);
  if (Buffer.byteLength(json) > MAX_EVENT_BYTES) throw new MatrixError('M_TOO_LARGE', 'Event is larger than 65536 bytes');

  const verdict = checkEventAuth(pdu, (t, k) => state.get(`${t}\u0000${k}`)?.pdu, roomVersion);
  if (!verdict.ok) {
    // A non-member learns nothing about the room from the refusal, not even that it exists.
    const senderMembership = state.get(`m.room.member\u0000${draft.sender}`)?.pdu.content.membership;
    throw new MatrixError('M_FORBIDDEN', senderMembership === 'join' ? verdict.reason : ROOM_WRITE_REFUSED);
  }

  const replaced = isState ? state.get(`${draft.type}\u0000${draft.stateKey}`) : undefined;
  if (draft.type === 'm.room.canonical_alias' && isState) await checkCanonicalAlias(tx, roomId, draft.content, replaced?.pdu.content);
  const stream = await allocateStreamPosition(tx);
  const membership = draft.type === 'm.room.member' && typeof draft.content.membership === 'string' ? draft.content.membership : null;
  await insertEvent(tx, {
    stream,
    event_id: eventId,
    room_id: roomId,
    type: draft.type,
    state_key: isState ? draft.stateKey! : null,
    sender: draft.sender,
    origin_server_ts: draft.originServerTs,
    json,
    prev_content: replaced ? JSON.stringify(replaced.pdu.content) : null,
    redacted_by: null,
    txn_id: draft.txn?.txnId ?? null,
    txn_device_id: draft.txn?.deviceId ?? null,
    membership,
  });
  if (isState) await upsertCurrentState(tx, roomId, draft.type, draft.stateKey!, eventId, stream);
  if (isState && draft.stateKey === '' && (draft.type === 'm.room.join_rules' || draft.type === 'm.room.history_visibility')) await refreshDirectoryPublicRoom(tx, roomId);
  if (membership !== null) await upsertMembership(tx, { room_id: roomId, user_id: draft.stateKey!, membership, event_id: eventId, stream });
  if (draft.type === 'm.room.redaction') {
    const target = typeof draft.redacts === 'string' ? await findEvent(tx, draft.redacts) : undefined;
    if (target && target.room_id === roomId) {
      await updateEventRedacted(tx, target.event_id, JSON.stringify(redactEvent(parsePdu(target), roomVersion)), eventId);
    }
  }
  await updateRoomHead(tx, roomId, eventId, lock.lastDepth + 1);
  lock.lastEventId = eventId;
  lock.lastDepth += 1;
  return { eventId, stream, pdu };
}
