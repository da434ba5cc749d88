/** Benchmark message body: 200 ASCII bytes carrying room, sequence number, scheduled time and sender. */
export const PAYLOAD_BYTES = 200;
const MAGIC = 'PB1';

export interface Payload {
  room: number;
  seq: number;
  /** Scheduled send time, driver-local performance.now() in milliseconds. */
  tSched: number;
  sender: number;
}

/** Builds the body. Only [A-Za-z0-9 .] are used so no protocol needs escaping. */
export function makePayload(p: Payload): string {
  const head = `${MAGIC} ${p.room} ${p.seq} ${p.tSched.toFixed(3)} ${p.sender} `;
  return head.length >= PAYLOAD_BYTES ? head : head + 'x'.repeat(PAYLOAD_BYTES - head.length);
}

/** Parses a body found in any protocol's delivery; returns undefined for anything else. */
export function parsePayload(body: string): Payload | undefined {
  if (!body.startsWith(MAGIC)) return undefined;
  const parts = body.split(' ', 5);
  if (parts.length < 5) return undefined;
  const room = Number(parts[1]);
  const seq = Number(parts[2]);
  const tSched = Number(parts[3]);
  const sender = Number(parts[4]);
  if (!Number.isFinite(room) || !Number.isFinite(seq) || !Number.isFinite(tSched) || !Number.isFinite(sender)) return undefined;
  return { room, seq, tSched, sender };
}
