/**
 * The Node entry of @parley/protocol (`@parley/protocol/node`): everything the browser-safe
 * entry has, plus content and reference hashes, event IDs and Ed25519 signing (node:crypto).
 * Its `checkEventAuth` supplies that crypto to the authorisation rules, so rule 4.3.1 can
 * compute the create event's ID and third-party invite signatures are verified.
 */
import { checkEventAuth as checkEventAuthWith, type AuthCrypto, type AuthOptions, type AuthResult, type AuthStateLookup } from './auth.ts';
import { computeEventId } from './hashing.ts';
import type { Pdu } from './pdu.ts';
import type { RoomVersion } from './roomVersions.ts';
import { verifyJsonSignature } from './signing.ts';

export * from './index.ts';
export * from './hashing.ts';
export * from './signing.ts';

/** The authorisation rules' crypto, backed by node:crypto. */
export const nodeAuthCrypto: AuthCrypto = { eventIdOf: computeEventId, verifyJsonSignature };

const WITH_NODE_CRYPTO: AuthOptions = Object.freeze({ crypto: nodeAuthCrypto });

/** {@link checkEventAuthWith | checkEventAuth} with `options.crypto` defaulting to {@link nodeAuthCrypto}. */
export function checkEventAuth(event: Pdu, state: AuthStateLookup, roomVersion: RoomVersion, options?: AuthOptions): AuthResult {
  if (options === undefined) return checkEventAuthWith(event, state, roomVersion, WITH_NODE_CRYPTO);
  return checkEventAuthWith(event, state, roomVersion, options.crypto ? options : { ...options, crypto: nodeAuthCrypto });
}
