import { generateSigningKey, signingKeyFromSeed, signJson, type SigningKey } from '@parley/protocol/node';
import type { TestUser } from './client.ts';

/** An ed25519 key whose key ID is `ed25519:<public key>`, as cross-signing keys are named. */
export function crossSigningKey(): SigningKey {
  const k = generateSigningKey();
  return signingKeyFromSeed(`ed25519:${k.publicKey}`, k.seed);
}

/** The public part of a cross-signing key as uploaded, signed by `signer` when given. */
export function publicCrossSigningKey(userId: string, usage: string, key: SigningKey, signer?: SigningKey): Record<string, unknown> {
  const json = { user_id: userId, usage: [usage], keys: { [key.keyId]: key.publicKey } };
  return signer ? signJson(json, userId, signer) : json;
}

export interface CrossSigningSet {
  master: SigningKey;
  selfSigning: SigningKey;
  userSigning: SigningKey;
  /** The body of POST /keys/device_signing/upload: all three, the other two signed by the master key. */
  body: Record<string, unknown>;
}

/** A fresh, valid set of cross-signing keys for a user. */
export function crossSigningSet(userId: string): CrossSigningSet {
  const master = crossSigningKey();
  const selfSigning = crossSigningKey();
  const userSigning = crossSigningKey();
  return {
    master,
    selfSigning,
    userSigning,
    body: {
      master_key: publicCrossSigningKey(userId, 'master', master),
      self_signing_key: publicCrossSigningKey(userId, 'self_signing', selfSigning, master),
      user_signing_key: publicCrossSigningKey(userId, 'user_signing', userSigning, master),
    },
  };
}

/** Device keys with a real ed25519 key (key ID `ed25519:<device ID>`), self-signed, and that key. */
export function signedDeviceKeys(user: Pick<TestUser, 'userId' | 'deviceId'>): { keys: Record<string, unknown>; signingKey: SigningKey } {
  const k = generateSigningKey();
  const signingKey = signingKeyFromSeed(`ed25519:${user.deviceId}`, k.seed);
  const keys = signJson(
    {
      user_id: user.userId,
      device_id: user.deviceId,
      algorithms: ['m.olm.v1.curve25519-aes-sha2', 'm.megolm.v1.aes-sha2'],
      keys: { [`curve25519:${user.deviceId}`]: `curve-${user.deviceId}`, [`ed25519:${user.deviceId}`]: signingKey.publicKey },
    },
    user.userId,
    signingKey,
  );
  return { keys, signingKey };
}
