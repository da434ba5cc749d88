/**
 * A persistent data unit in the room version 4+ format (no `event_id`
 * on the wire; the ID is the reference hash). `event_id` is optional so the
 * same shape can carry events that have their ID attached locally.
 */
export interface Pdu {
  event_id?: string;
  room_id: string;
  type: string;
  state_key?: string;
  sender: string;
  origin_server_ts: number;
  content: Record<string, unknown>;
  hashes: { sha256: string };
  signatures: Record<string, Record<string, string>>;
  auth_events: string[];
  prev_events: string[];
  depth: number;
  /** Top-level in room version 10; moved into `content` in version 11. */
  redacts?: string;
  unsigned?: Record<string, unknown>;
  /** Legacy, not required; stripped by v11 redaction. */
  origin?: string;
}

/** Whether the PDU is a state event (has a `state_key`, possibly empty). */
export function isStateEvent(pdu: Pick<Pdu, 'state_key'>): boolean {
  return typeof pdu.state_key === 'string';
}
