/** Types shared by the event authorisation rules. */
import type { EventId } from './ids.ts';
import type { Pdu } from './pdu.ts';
import type { RoomVersion } from './roomVersions.ts';

/** Looks up the room state *before* the event being authorised. */
export interface AuthStateLookup {
  (type: string, stateKey: string): Pdu | undefined;
}

/** `rule` is the spec's rule number, e.g. `'4.4.1'`. */
export type AuthResult = { ok: true } | { ok: false; rule: string; reason: string };

export interface AuthOptions {
  /**
   * Whether `event` carries a valid signature from `serverName`; used by rule
   * 4.2.1 (`join_authorised_via_users_server`). Without it, the rule only
   * checks that a signature entry from that server is present.
   */
  isSignedBy?: (event: Pdu, serverName: string) => boolean;
  /**
   * Hashing and signature checks, which need a crypto library. The browser-safe
   * entry has none: without it, rule 4.3.1 compares with the create event's own
   * `event_id` only, and a third-party invite's signature never verifies (4.4.1.8).
   * The Node entry (`@parley/protocol/node`) supplies it by default.
   */
  crypto?: AuthCrypto;
}

/** The crypto the rules need: an event's ID (its reference hash) and an Ed25519 JSON signature check. */
export interface AuthCrypto {
  eventIdOf(event: Pdu, roomVersion: RoomVersion): EventId;
  verifyJsonSignature(obj: object, serverName: string, keyId: string, publicKeyBase64: string): boolean;
}

/** Everything the rules look up once per event. */
export interface AuthContext {
  event: Pdu;
  state: AuthStateLookup;
  roomVersion: RoomVersion;
  options: AuthOptions;
  create: Pdu;
  powerLevels: Record<string, unknown> | undefined;
  senderLevel: number;
  levelOf(userId: string): number;
  membershipOf(userId: string): string | undefined;
  joinRule: string;
}

export const ALLOW: AuthResult = Object.freeze({ ok: true });

export function reject(rule: string, reason: string): AuthResult {
  return { ok: false, rule, reason };
}
