import { authEventTypes, hashAndSignEvent, type EventId, type Pdu, type RoomVersion, type SigningKey } from '@parley/protocol/node';
import { MatrixError } from '../errors/MatrixError.ts';
import { MAX_EVENT_BYTES, type EventDraft } from './EventDraft.ts';
import type { RoomStateView, StateEntry } from './RoomStateView.ts';

/** Where a new event goes in the room's graph: after the room's latest event. */
export interface RoomHead {
  lastEventId: string | null;
  lastDepth: number;
}

/** Who signs: this server's name and key. */
export interface EventSigner {
  serverName: string;
  key: SigningKey;
}

/** A built event, ready to authorise and persist. */
export interface BuiltEvent {
  draft: EventDraft;
  eventId: EventId;
  pdu: Pdu;
  /** The PDU as stored. */
  json: string;
  /** The state event this one replaces (state events only). */
  replaced: StateEntry | undefined;
}

/** The (type, state key) pairs a draft's build and authorisation read from current state. */
export function stateKeysFor(draft: EventDraft): Array<[string, string]> {
  const selection = authEventTypes({ type: draft.type, sender: draft.sender, state_key: draft.stateKey, content: draft.content } as Pdu);
  return draft.stateKey !== undefined ? [...selection, [draft.type, draft.stateKey]] : selection;
}

/**
 * Builds one event from a draft: auth events chosen from `state`, prev_events and depth
 * from the room head, hashed and signed as the room version says, size-checked.
 * No I/O: the same inputs give the same event.
 */
export function buildEvent(draft: EventDraft, state: RoomStateView, head: RoomHead, signer: EventSigner, roomVersion: RoomVersion, roomId: string): BuiltEvent {
  const isState = draft.stateKey !== undefined;
  const authEvents = authEventTypes({ type: draft.type, sender: draft.sender, state_key: draft.stateKey, content: draft.content } as Pdu).flatMap(([t, k]) => {
    const s = state.get(t, k);
    return s ? [s.eventId] : [];
  });
  const { pdu, eventId } = hashAndSignEvent(
    {
      room_id: roomId,
      type: draft.type,
      sender: draft.sender,
      content: draft.content,
      origin_server_ts: draft.originServerTs,
      ...(isState ? { state_key: draft.stateKey } : {}),
      ...(draft.redacts !== undefined && roomVersion !== '11' ? { redacts: draft.redacts } : {}),
      auth_events: authEvents,
      prev_events: head.lastEventId ? [head.lastEventId] : [],
      depth: head.lastDepth + 1,
    },
    signer.serverName,
    signer.key,
    roomVersion,
  );
  const json = JSON.stringify(pdu);
  if (Buffer.byteLength(json) > MAX_EVENT_BYTES) throw new MatrixError('M_TOO_LARGE', `Event is larger than ${MAX_EVENT_BYTES} bytes`);
  return { draft, eventId, pdu, json, replaced: isState ? state.get(draft.type, draft.stateKey!) : undefined };
}
