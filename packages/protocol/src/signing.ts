/**
 * Ed25519 signing of JSON and events (appendices: "Signing JSON",
 * "Checking for a Signature"; server-server API: "Signing Events").
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64, encodeUnpaddedBase64 } from './base64.ts';
import { canonicalJson } from './canonicalJson.ts';
import { computeContentHash, computeEventId } from './hashing.ts';
import type { EventId } from './ids.ts';
import type { Pdu } from './pdu.ts';
import { redactEvent } from './redaction.ts';
import type { RoomVersion } from './roomVersions.ts';

export interface SigningKey {
  /** `ed25519:<version>` */
  keyId: string;
  /** The 32-byte Ed25519 seed (private key). */
  seed: Uint8Array;
  /** The public key, unpadded base64. */
  publicKey: string;
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const privateKeys = new WeakMap<SigningKey, KeyObject>();
const publicKeys = new Map<string, KeyObject | null>();
const PUBLIC_KEY_CACHE_SIZE = 1024;

function privateKeyOf(key: SigningKey): KeyObject {
  let k = privateKeys.get(key);
  if (!k) {
    k = privateKeyFromSeed(key.seed);
    privateKeys.set(key, k);
  }
  return k;
}

function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new RangeError('an ed25519 seed is 32 bytes');
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

function publicKeyOf(publicKeyBase64: string): KeyObject | null {
  let k = publicKeys.get(publicKeyBase64);
  if (k !== undefined) return k;
  try {
    const raw = decodeBase64(publicKeyBase64);
    k = raw.length === 32 ? createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' }) : null;
  } catch {
    k = null;
  }
  if (publicKeys.size >= PUBLIC_KEY_CACHE_SIZE) publicKeys.clear();
  publicKeys.set(publicKeyBase64, k);
  return k;
}

/** Derives the signing key (and its public key) from a 32-byte seed. */
export function signingKeyFromSeed(keyId: string, seed: Uint8Array): SigningKey {
  const priv = privateKeyFromSeed(seed);
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' });
  const key: SigningKey = { keyId, seed: new Uint8Array(seed), publicKey: encodeUnpaddedBase64(spki.subarray(SPKI_ED25519_PREFIX.length)) };
  privateKeys.set(key, priv);
  return key;
}

/** A fresh random key; `version` defaults to `a_` + 4 random characters. */
export function generateSigningKey(version?: string): SigningKey {
  const v = version ?? `a_${randomBytes(3).toString('base64url')}`;
  return signingKeyFromSeed(`ed25519:${v}`, new Uint8Array(randomBytes(32)));
}

/** Signs raw bytes; returns the unpadded base64 signature. */
export function signBytes(data: Uint8Array, key: SigningKey): string {
  return encodeUnpaddedBase64(sign(null, data, privateKeyOf(key)));
}

/** `signatures` of a signed object: server name -> key ID -> unpadded base64 signature. */
export type Signatures = Record<string, Record<string, string>>;

function copySignatures(v: unknown): Signatures {
  const out: Signatures = {};
  if (typeof v !== 'object' || v === null) return out;
  for (const [server, sigs] of Object.entries(v)) {
    if (typeof sigs === 'object' && sigs !== null) out[server] = { ...(sigs as Record<string, string>) };
  }
  return out;
}

/**
 * Returns a copy of `obj` with `signatures[serverName][key.keyId]` added
 * (existing signatures are kept). The signature covers the canonical JSON
 * of `obj` without `signatures` and `unsigned`.
 */
export function signJson<T extends object>(obj: T, serverName: string, key: SigningKey): T & { signatures: Signatures } {
  const { signatures, unsigned, ...rest } = obj as Record<string, unknown>;
  const sigs = copySignatures(signatures);
  const signature = signBytes(Buffer.from(canonicalJson(rest), 'utf8'), key);
  sigs[serverName] = { ...sigs[serverName], [key.keyId]: signature };
  const out: Record<string, unknown> = { ...rest, signatures: sigs };
  if (unsigned !== undefined) out['unsigned'] = unsigned;
  return out as T & { signatures: Signatures };
}

/**
 * Checks `obj.signatures[serverName][keyId]` against the Ed25519 public key
 * (unpadded or padded base64). Returns false, never throws, on a missing
 * signature, a non-ed25519 key ID, bad base64 or a non-canonical object.
 */
export function verifyJsonSignature(obj: object, serverName: string, keyId: string, publicKeyBase64: string): boolean {
  if (!keyId.startsWith('ed25519:')) return false;
  const { signatures, unsigned: _u, ...rest } = obj as Record<string, unknown>;
  const sig = copySignatures(signatures)[serverName]?.[keyId];
  if (typeof sig !== 'string') return false;
  const pub = publicKeyOf(publicKeyBase64);
  if (!pub) return false;
  try {
    return verify(null, Buffer.from(canonicalJson(rest), 'utf8'), pub, decodeBase64(sig));
  } catch {
    return false;
  }
}

/**
 * Adds `hashes.sha256`, signs the redacted form of the event and computes
 * the event ID. The returned PDU has no `event_id` (room version 4+ format).
 * Existing `signatures` on the input are kept.
 */
export function hashAndSignEvent(
  event: Omit<Pdu, 'hashes' | 'signatures' | 'event_id'>,
  serverName: string,
  key: SigningKey,
  roomVersion: RoomVersion,
): { pdu: Pdu; eventId: EventId } {
  const hashed = { ...event, hashes: { sha256: computeContentHash(event) } } as Pdu;
  const signed = signJson(redactEvent(hashed, roomVersion), serverName, key);
  const pdu: Pdu = { ...hashed, signatures: signed.signatures };
  return { pdu, eventId: computeEventId(pdu, roomVersion) };
}

/** Verifies a server's signature on an event (checks the redacted form, per the spec). */
export function verifyEventSignature(event: Pdu, serverName: string, keyId: string, publicKeyBase64: string, roomVersion: RoomVersion): boolean {
  return verifyJsonSignature(redactEvent(event, roomVersion), serverName, keyId, publicKeyBase64);
}
