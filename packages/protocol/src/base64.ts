/**
 * Base64 helpers (appendices: "Unpadded Base64" and "URL-safe unpadded Base64").
 */

/** Standard-alphabet base64 without `=` padding. */
export function encodeUnpaddedBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64').replace(/=+$/, '');
}

/** URL-safe alphabet (`-`, `_`) base64 without padding. */
export function encodeUrlSafeBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
}

const BASE64_RE = /^[A-Za-z0-9+/\-_]*={0,2}$/;

/**
 * Decodes standard or URL-safe base64, padded or unpadded.
 * Throws a TypeError on characters outside both alphabets, on mixed
 * alphabets, or on an impossible length.
 */
export function decodeBase64(s: string): Uint8Array {
  if (!BASE64_RE.test(s)) throw new TypeError('invalid base64: unexpected character');
  const body = s.replace(/=+$/, '');
  if (/[+/]/.test(body) && /[-_]/.test(body)) throw new TypeError('invalid base64: mixed alphabets');
  if (body.length % 4 === 1) throw new TypeError('invalid base64: bad length');
  if (s.length !== body.length && s.length % 4 !== 0) throw new TypeError('invalid base64: bad padding');
  const buf = Buffer.from(body, /[-_]/.test(body) ? 'base64url' : 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
