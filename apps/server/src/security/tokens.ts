import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe; tokens are stored only as their SHA-256. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function randomId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

/** Upper-case letters, as clients show device IDs to people. */
export function newDeviceId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const b = randomBytes(10);
  let s = '';
  for (const x of b) s += alphabet[x % 26];
  return s;
}
