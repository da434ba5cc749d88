/**
 * Content hashes and reference hashes (server-server API: "Calculating the
 * content hash for an event", "Calculating the reference hash for an
 * event"; room version 4+ event IDs).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.ts';
import { decodeBase64, encodeUnpaddedBase64, encodeUrlSafeBase64 } from './base64.ts';
import type { EventId } from './ids.ts';
import type { Pdu } from './pdu.ts';
import { redactEvent } from './redaction.ts';
import type { RoomVersion } from './roomVersions.ts';

const sha256 = (s: string): Uint8Array => new Uint8Array(createHash('sha256').update(s, 'utf8').digest());

/** SHA-256 of the canonical JSON of the event without `unsigned`, `signatures`, `hashes`; unpadded base64. */
export function computeContentHash(event: object): string {
  const { unsigned: _u, signatures: _s, hashes: _h, ...rest } = event as Record<string, unknown>;
  return encodeUnpaddedBase64(sha256(canonicalJson(rest)));
}

/** Whether `event.hashes.sha256` matches the event's content hash. */
export function verifyContentHash(event: object): boolean {
  const hashes = (event as Record<string, unknown>)['hashes'];
  if (typeof hashes !== 'object' || hashes === null) return false;
  const expected = (hashes as Record<string, unknown>)['sha256'];
  if (typeof expected !== 'string') return false;
  try {
    return encodeUnpaddedBase64(decodeBase64(expected)) === computeContentHash(event);
  } catch {
    return false;
  }
}

/** The reference hash: SHA-256 of the redacted event minus `signatures`, `unsigned` and `event_id`. */
export function computeReferenceHash(event: object, roomVersion: RoomVersion): Uint8Array {
  const { signatures: _s, unsigned: _u, event_id: _e, ...rest } = redactEvent(event as Record<string, unknown>, roomVersion);
  return sha256(canonicalJson(rest));
}

/** The event ID for room versions 4+: `$` + URL-safe unpadded base64 of the reference hash. */
export function computeEventId(event: Pdu, roomVersion: RoomVersion): EventId {
  return `$${encodeUrlSafeBase64(computeReferenceHash(event, roomVersion))}` as EventId;
}
