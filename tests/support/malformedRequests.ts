import fc from 'fast-check';
import { ERRCODE_STATUS } from '@parley/protocol';

/** One HTTP request as the malformed-input property test sends it. */
export interface RawRequest {
  method: string;
  /** Path with every segment already encoded (or deliberately mis-encoded). */
  path: string;
  query: string;
  headers: Record<string, string>;
  body?: Uint8Array<ArrayBuffer> | string;
  /** What this case is, for the failure message. */
  label: string;
}

export interface RawResponse {
  status: number;
  text: string;
}

export async function sendRaw(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = `${baseUrl}${req.path}${req.query ? `?${req.query}` : ''}`;
  const init: RequestInit = { method: req.method, headers: req.headers, redirect: 'manual' };
  if (req.body !== undefined && req.method !== 'GET') init.body = req.body;
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text() };
}

/**
 * The property: never a 5xx; a refusal is a JSON object with an errcode from the
 * spec's list (ERRCODE_STATUS) and a string error; a 401 may instead be a UIA body.
 * Returns a description of what is wrong, or undefined when the response is fine.
 */
export function checkResponse(res: RawResponse): string | undefined {
  if (res.status >= 500) return `status ${res.status}`;
  if (res.status < 400) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return `status ${res.status} with a non-JSON body`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `status ${res.status} with a non-object body`;
  const b = body as Record<string, unknown>;
  if (res.status === 401 && Array.isArray(b.flows) && b.errcode === undefined) return undefined;
  if (typeof b.errcode !== 'string') return `status ${res.status} without an errcode`;
  if (!Object.prototype.hasOwnProperty.call(ERRCODE_STATUS, b.errcode)) return `errcode ${b.errcode} is not in ERRCODE_STATUS`;
  if (typeof b.error !== 'string') return `status ${res.status} without an error message`;
  return undefined;
}

const enc = new TextEncoder();

/** Any unicode, percent-encoded (lone surrogates become U+FFFD first). */
const encodedUnicode = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => encodeURIComponent(s.replace(/\p{Cs}/gu, '\uFFFD')));

/** Segments that are wrong at the URL level: bad escapes, invalid UTF-8, NULs, dots, overlong IDs. */
export const junkSegment: fc.Arbitrary<string> = fc.oneof(
  encodedUnicode,
  fc.constantFrom('%', '%zz', '%00', '%C3%28', '%ED%A0%80', '%FF%FE', '%2F', '..', '.', '%2E%2E', '!', '@', '$', '#', '%23', '%3F', 'a%00b', '%25'),
  fc.integer({ min: 256, max: 4000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 256, max: 3000 }).map((n) => `!${'a'.repeat(n)}:localhost`),
  fc.integer({ min: 256, max: 3000 }).map((n) => `%24${'b'.repeat(n)}`),
  fc.constantFrom('!nope:localhost', '@nobody:localhost', '$nothere', '!:', '@:', 'localhost', '!room:%00'),
);

/** Query values that are wrong: unicode, bad escapes, numbers out of range, JSON junk. */
export const junkQueryValue: fc.Arbitrary<string> = fc.oneof(
  encodedUnicode,
  fc.constantFrom('', '%', '%zz', '%C3%28', '-1', '1e309', 'NaN', '99999999999999999999', '0x10', 'true', '[]', '{', '%7B%7D', 'null', 's0_0', 'b'),
  fc.integer().map(String),
  fc.jsonValue({ maxDepth: 2 }).map((v) => encodeURIComponent(JSON.stringify(v) ?? 'null')),
);

/** A generated query string: keys the endpoint knows (and some it does not) with junk values. */
export function junkQuery(knownKeys: readonly string[]): fc.Arbitrary<string> {
  const keys = fc.oneof(fc.constantFrom(...knownKeys, 'access_token', 'user_id', 'x'), fc.string({ maxLength: 8 }).map(encodeURIComponent));
  return fc.array(fc.tuple(keys, junkQueryValue), { minLength: 1, maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
}

/** Bodies that are not what the endpoint wants: bytes, non-object JSON, wrong field types, deep nesting. */
export function junkBody(knownFields: readonly string[]): fc.Arbitrary<{ body: Uint8Array<ArrayBuffer> | string; label: string }> {
  const fields = knownFields.length > 0 ? fc.constantFrom(...knownFields) : fc.string({ maxLength: 8 });
  return fc
    .oneof(
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => ({ body: b, label: 'random bytes' })),
      fc
        .constantFrom('{', '{"a":}', '{"a":1}x', '\uFEFF{}', '[', 'undefined', "{'a':1}", '{"a":1,}', '\u0000', 'nul', '"\\ud800"', '{"\\u0000":1}')
        .map((b) => ({ body: b, label: 'broken JSON' })),
      fc
        .oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null))
        .map((v) => ({ body: JSON.stringify(v), label: 'non-object JSON' })),
      fc.dictionary(fields, fc.jsonValue({ maxDepth: 3 }), { minKeys: 1, maxKeys: 4 }).map((o) => ({ body: JSON.stringify(o), label: 'wrong field types' })),
      fc.object({ maxDepth: 3 }).map((o) => ({ body: JSON.stringify(o), label: 'random object' })),
      fc
        .tuple(fields, fc.integer({ min: 500, max: 20_000 }))
        .map(([f, depth]) => ({ body: `{"${f}":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`, label: `nested ${depth} deep` })),
      fc.tuple(fields, fc.integer({ min: 500, max: 20_000 })).map(([f, depth]) => ({ body: `{"${f}":${'['.repeat(depth)}${']'.repeat(depth)}}`, label: `arrays ${depth} deep` })),
      fc.tuple(fields, fc.constantFrom(2 ** 53, -(2 ** 53), 1e308, -0, 0.5, 1e-320)).map(([f, n]) => ({ body: `{"${f}":${JSON.stringify(n)}}`, label: 'odd numbers' })),
      fc.tuple(fields, fc.constantFrom('"\\ud800"', '"\\udc00x"', '"\\u0000"', '"\\uffff"', '"\u202e"')).map(([f, s]) => ({ body: `{"${f}":${s}}`, label: 'odd strings' })),
    )
    .map((b) => ({ body: typeof b.body === 'string' ? enc.encode(b.body) : b.body, label: b.label }));
}

/** Authorization headers (and query tokens) that must be refused or ignored, never crash. */
export const junkAuth: fc.Arbitrary<{ headers: Record<string, string>; query: string; label: string }> = fc.oneof(
  fc.constant({ headers: {}, query: '', label: 'no token' }),
  fc
    .constantFrom('Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x y', 'Bearer\tx', 'Token abc', 'Bearer %00', 'Bearer syt_nope')
    .map((h) => ({ headers: { authorization: h }, query: '', label: `authorization: ${h}` })),
  fc
    .string({ unit: 'binary-ascii', minLength: 1, maxLength: 300 })
    .filter((s) => /^[\x20-\x7e]+$/.test(s))
    .map((t) => ({ headers: { authorization: `Bearer ${t}` }, query: '', label: 'junk bearer token' })),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => ({ headers: { authorization: `Bearer ${'t'.repeat(n)}` }, query: '', label: 'overlong token' })),
  junkQueryValue.map((v) => ({ headers: {}, query: `access_token=${v}`, label: 'junk access_token query' })),
);
