import { decodeBase64 } from '@parley/protocol';
import { MatrixError } from '../errors/MatrixError.ts';
import type { CrossSigningKeyType } from '../storage/repos/crossSigning.ts';

/** Largest cross-signing key object, as JSON: a real one (one key, a few signatures) is well under 1 KiB. */
export const MAX_CROSS_SIGNING_KEY_JSON = 16_384;

/** A cross-signing key as uploaded (definitions/cross_signing_key.yaml). */
export interface CrossSigningKeyJson {
  user_id: string;
  usage: string[];
  keys: Record<string, string>;
  signatures?: Record<string, Record<string, string>>;
  [extra: string]: unknown;
}

/** A cross-signing key that passed `checkCrossSigningKey`. */
export interface CheckedCrossSigningKey {
  type: CrossSigningKeyType;
  /** The unpadded base64 public key (the key ID without `ed25519:`). */
  publicKey: string;
  /** `ed25519:<publicKey>` */
  keyId: string;
  /** The key as stored and served: what was uploaded, `unsigned` dropped, only the owner's signatures kept. */
  key: CrossSigningKeyJson;
}

/**
 * Checks the shape of an uploaded cross-signing key: the owner is the caller, `usage` is exactly
 * its kind, `keys` is one `ed25519:<key>` entry whose name and value are the same 32-byte public
 * key, and it is not too large. Signatures are checked by the caller, which knows the master key.
 */
export function checkCrossSigningKey(key: CrossSigningKeyJson, type: CrossSigningKeyType, userId: string): CheckedCrossSigningKey {
  const label = `${type} key`;
  if (key.user_id !== userId) throw new MatrixError('M_INVALID_PARAM', `The ${label}'s user_id must be the caller`);
  if (key.usage.length !== 1 || key.usage[0] !== type) throw new MatrixError('M_INVALID_PARAM', `The ${label}'s usage must be ["${type}"]`);
  const entries = Object.entries(key.keys);
  if (entries.length !== 1) throw new MatrixError('M_INVALID_PARAM', `The ${label} must have exactly one public key`);
  const [keyId, publicKey] = entries[0]!;
  if (keyId !== `ed25519:${publicKey}` || !isEd25519PublicKey(publicKey)) {
    throw new MatrixError('M_INVALID_PARAM', `The ${label} must be one ed25519:<key> entry whose value is that unpadded base64 32-byte key`);
  }
  const { unsigned: _unsigned, signatures, ...rest } = key;
  const own = signatures?.[userId];
  const stored: CrossSigningKeyJson = { ...rest, ...(own !== undefined ? { signatures: { [userId]: own } } : {}) };
  if (JSON.stringify(stored).length > MAX_CROSS_SIGNING_KEY_JSON) throw new MatrixError('M_INVALID_PARAM', `The ${label} is larger than ${MAX_CROSS_SIGNING_KEY_JSON} characters`);
  return { type, publicKey, keyId, key: stored };
}

function isEd25519PublicKey(s: string): boolean {
  if (s.includes('=')) return false;
  try {
    return decodeBase64(s).length === 32;
  } catch {
    return false;
  }
}
