import { authEventTypes, checkEventAuth, hashAndSignEvent, type Pdu } from '@parley/protocol/node';
import type { AppDeps } from '../../../apps/server/src/deps.ts';
import type { Principal } from '../../../apps/server/src/identity/Principal.ts';
import { MAX_EVENT_BYTES } from '../../../apps/server/src/rooms/appendEvent.ts';
import type { RoomLock } from '../../../apps/server/src/storage/RoomLock.ts';
import { listCurrentStateEvents, parsePdu, type EventRow } from '../../../apps/server/src/storage/repos/events.ts';
import { updateRoomHead } from '../../../apps/server/src/storage/repos/rooms.ts';
import type { Schema } from '../../../apps/server/src/storage/schema.ts';

export interface MessageDraft {
  content: Record<string, unknown>;
  txnId: string;
}

const ROWS_PER_INSERT = 500;

/**
 * Appends many message events by one sender to a locked room: the rows are those
 * sendEvent (with a txnId) writes through appendEvent, step for step: the same auth
 * events from current state, prev_events/depth chained from the room head, hashed and
 * signed with the server key by the same protocol functions, checked by the same
 * auth rules, one stream position each, the event_txns row, and the room head.
 * What it saves is per-event overhead that cannot change within a run of plain messages
 * from one sender: the current-state read happens once, and rows are inserted
 * ROWS_PER_INSERT at a time. A message event changes no state, so the state read
 * once holds for every event after it.
 * Returns the highest stream position written.
 */
export async function appendMessages(deps: AppDeps, lock: RoomLock, auth: Principal, drafts: readonly MessageDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  const { tx, roomId, roomVersion } = lock;
  const serverName = deps.config.serverName;
  const type = 'm.room.message';
  const selection = authEventTypes({ type, sender: auth.userId as string, state_key: undefined, content: drafts[0]!.content } as Pdu);
  const state = new Map<string, { pdu: Pdu; eventId: string }>();
  for (const r of await listCurrentStateEvents(tx, roomId, selection)) state.set(`${r.type}\u0000${r.state_key}`, { pdu: parsePdu(r), eventId: r.event_id });
  const authEvents = selection.flatMap(([t, k]) => {
    const s = state.get(`${t}\u0000${k}`);
    return s ? [s.eventId] : [];
  });
  // The same positions drafts.length calls of allocateStreamPosition would hand out, in one update.
  const top = await tx
    .updateTable('stream_position')
    .set((eb) => ({ position: eb('position', '+', drafts.length) }))
    .where('id', '=', 1)
    .returning('position')
    .executeTakeFirstOrThrow();
  let stream = Number(top.position) - drafts.length;
  const events: EventRow[] = [];
  const txns: Array<Schema['event_txns']> = [];
  for (const draft of drafts) {
    const now = deps.now();
    const { pdu, eventId } = hashAndSignEvent(
      {
        room_id: roomId,
        type,
        sender: auth.userId,
        content: draft.content,
        origin_server_ts: now,
        auth_events: authEvents,
        prev_events: lock.lastEventId ? [lock.lastEventId] : [],
        depth: lock.lastDepth + 1,
      },
      serverName,
      deps.signingKey,
      roomVersion,
    );
    const json = JSON.stringify(pdu);
    if (Buffer.byteLength(json) > MAX_EVENT_BYTES) throw new Error('seeded event is larger than 65536 bytes');
    const verdict = checkEventAuth(pdu, (t, k) => state.get(`${t}\u0000${k}`)?.pdu, roomVersion);
    if (!verdict.ok) throw new Error(`seeded event refused by the auth rules: ${verdict.reason}`);
    stream += 1;
    events.push({
      stream,
      event_id: eventId,
      room_id: roomId,
      type,
      state_key: null,
      sender: auth.userId,
      origin_server_ts: now,
      json,
      prev_content: null,
      redacted_by: null,
      txn_id: draft.txnId,
      txn_device_id: auth.deviceId,
      membership: null,
    });
    txns.push({ user_id: auth.userId, device_id: auth.deviceId, txn_id: draft.txnId, endpoint: 'send', room_id: roomId, target: type, event_id: eventId, created_ts: now });
    lock.lastEventId = eventId;
    lock.lastDepth += 1;
  }
  for (let i = 0; i < events.length; i += ROWS_PER_INSERT) {
    await tx
      .insertInto('events')
      .values(events.slice(i, i + ROWS_PER_INSERT))
      .execute();
    await tx
      .insertInto('event_txns')
      .values(txns.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
  await updateRoomHead(tx, roomId, lock.lastEventId!, lock.lastDepth);
  return stream;
}
