/**
 * Base64 helpers (appendices: "Unpadded Base64" and "URL-safe unpadded Base64").
 * Browser-safe: Node's Buffer is used when the runtime has one (it is faster), else btoa/atob.
 */

interface BufferLike {
  from(data: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: string): string };
  from(data: string, encoding: string): Uint8Array;
}
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

function toStandardBase64(b: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < b.length; i += 0x8000) binary += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Standard-alphabet base64 without `=` padding. */
export function encodeUnpaddedBase64(b: Uint8Array): string {
  return toStandardBase64(b).replace(/=+$/, '');
}

/** URL-safe alphabet (`-`, `_`) base64 without padding. */
export function encodeUrlSafeBase64(b: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
  return toStandardBase64(b).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
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
  const urlSafe = /[-_]/.test(body);
  if (NodeBuffer) {
    const buf = NodeBuffer.from(body, urlSafe ? 'base64url' : 'base64');
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  const standard = urlSafe ? body.replace(/-/g, '+').replace(/_/g, '/') : body;
  const binary = atob(standard + '='.repeat((4 - (standard.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
