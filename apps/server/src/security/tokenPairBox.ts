import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * The key is derived from the refresh token itself, which only the client holds (the
 * database has its SHA-256, from which this HMAC cannot be computed): whoever can open the
 * box could have refreshed with that token anyway.
 */
function keyFor(refreshToken: string): Buffer {
  return createHmac('sha256', refreshToken).update('parley refresh retry box v1').digest();
}

/** Encrypts the pair a refresh token was exchanged for (AES-256-GCM), so a retry can answer it again. */
export function sealTokenPair(refreshToken: string, pair: TokenPair): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(refreshToken), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify([pair.accessToken, pair.refreshToken]), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

/** The sealed pair, or undefined when the box is not one this refresh token sealed. */
export function openTokenPair(refreshToken: string, box: string): TokenPair | undefined {
  try {
    const raw = Buffer.from(box, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(refreshToken), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const [accessToken, refreshToken2] = JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as [string, string];
    return { accessToken, refreshToken: refreshToken2 };
  } catch {
    return undefined;
  }
}
