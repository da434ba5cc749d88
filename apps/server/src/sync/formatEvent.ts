import type { EventRow } from '../storage/repos/events.ts';
import { listEventsByIds, parsePdu } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';

export interface ClientEvent {
  event_id: string;
  type: string;
  content: Record<string, unknown>;
  sender: string;
  origin_server_ts: number;
  room_id: string;
  state_key?: string;
  redacts?: string;
  unsigned: Record<string, unknown>;
}

export interface FormatContext {
  now: number;
  /** The requesting device: its own sends carry unsigned.transaction_id. */
  deviceId?: string;
  userId?: string;
  /** Redaction events by ID, for unsigned.redacted_because. */
  redactions?: Map<string, ClientEvent>;
}

/** The client-server format of a stored event. */
export function toClientEvent(row: EventRow, ctx: FormatContext): ClientEvent {
  const pdu = parsePdu(row);
  const unsigned: Record<string, unknown> = { age: Math.max(0, ctx.now - Number(row.origin_server_ts)) };
  if (row.prev_content !== null) unsigned.prev_content = JSON.parse(row.prev_content);
  if (row.txn_id !== null && ctx.deviceId !== undefined && row.txn_device_id === ctx.deviceId && row.sender === ctx.userId) unsigned.transaction_id = row.txn_id;
  if (row.redacted_by !== null) {
    const because = ctx.redactions?.get(row.redacted_by);
    if (because) unsigned.redacted_because = because;
  }
  const ev: ClientEvent = {
    event_id: row.event_id,
    type: row.type,
    content: pdu.content ?? {},
    sender: row.sender,
    origin_server_ts: Number(row.origin_server_ts),
    room_id: row.room_id,
    unsigned,
  };
  if (row.state_key !== null) ev.state_key = row.state_key;
  const redacts = pdu.redacts ?? (row.type === 'm.room.redaction' ? pdu.content?.redacts : undefined);
  if (typeof redacts === 'string') ev.redacts = redacts;
  return ev;
}

/** Formats many rows, fetching the redaction events they point to in one query. */
export async function toClientEvents(db: Queryable, rows: readonly EventRow[], ctx: FormatContext): Promise<ClientEvent[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.redacted_by !== null ? [r.redacted_by] : [])))];
  let redactions = ctx.redactions;
  if (ids.length > 0) {
    redactions = new Map(redactions ?? []);
    for (const r of await listEventsByIds(db, ids)) redactions.set(r.event_id, toClientEvent(r, { ...ctx, redactions: undefined }));
  }
  return rows.map((r) => toClientEvent(r, { ...ctx, ...(redactions ? { redactions } : {}) }));
}
