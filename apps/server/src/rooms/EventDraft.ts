import type { EventId, Pdu } from '@parley/protocol';

/** An event a local user (or the server on their behalf) wants to add to a room. */
export interface EventDraft {
  type: string;
  stateKey?: string;
  sender: string;
  content: Record<string, unknown>;
  redacts?: string;
  originServerTs: number;
  txn?: { deviceId: string; txnId: string };
}

/** An event as stored: its ID, its position in the global stream and its PDU. */
export interface AppendedEvent {
  eventId: EventId;
  stream: number;
  pdu: Pdu;
}

/** The largest PDU, as canonical JSON bytes, the server accepts (the spec's limit). */
export const MAX_EVENT_BYTES = 65_536;
