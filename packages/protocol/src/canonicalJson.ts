/**
 * Canonical JSON (appendices: "Canonical JSON"): the shortest UTF-8 JSON
 * encoding, object keys sorted by Unicode code point, integers only in
 * [-(2**53)+1, (2**53)-1], no exponents, no decimal points, no `-0`.
 */

/** Thrown when a value cannot be represented as canonical JSON. */
export class CanonicalJsonError extends Error {
  /** JSON-pointer-like path to the offending value, e.g. `/content/a/0`. */
  readonly path: string;
  constructor(message: string, path: string) {
    super(`${message} at ${path === '' ? '/' : path}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

const LONE_SURROGATE_RE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Compares two strings by Unicode code point (not UTF-16 code unit). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800-DFFF) encode code points above U+FFFF, which sort
    // after every BMP code point, including U+E000-U+FFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

function encodeString(s: string, path: string): string {
  if (LONE_SURROGATE_RE.test(s)) throw new CanonicalJsonError('string contains a lone surrogate', path);
  // JSON.stringify escapes exactly `"`, `\`, \b \t \n \f \r and other
  // C0 controls as lower-case \u00XX, leaving everything else unescaped,
  // which is what the canonical grammar requires.
  return JSON.stringify(s);
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function encode(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return encodeString(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isInteger(value)) throw new CanonicalJsonError(`non-integer number ${String(value)}`, path);
      if (!Number.isSafeInteger(value)) throw new CanonicalJsonError(`integer ${String(value)} out of range`, path);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (ancestors.has(value)) throw new CanonicalJsonError('cyclic structure', path);
      ancestors.add(value);
      let out: string;
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) throw new CanonicalJsonError('undefined in array', `${path}/${i}`);
          parts.push(encode(item, `${path}/${i}`, ancestors));
        }
        out = `[${parts.join(',')}]`;
      } else if (isPlainObject(value)) {
        const keys = Object.keys(value)
          .filter((k) => value[k] !== undefined)
          .sort(compareCodePoints);
        const parts = keys.map((k) => `${encodeString(k, path)}:${encode(value[k], `${path}/${k}`, ancestors)}`);
        out = `{${parts.join(',')}}`;
      } else {
        throw new CanonicalJsonError(`non-plain object ${Object.prototype.toString.call(value)}`, path);
      }
      ancestors.delete(value);
      return out;
    }
    default:
      throw new CanonicalJsonError(`unsupported ${typeof value} value`, path);
  }
}

/**
 * Encodes `value` as canonical JSON. Object properties whose value is
 * `undefined` are omitted (as `JSON.stringify` does); everything else that
 * canonical JSON cannot represent throws a {@link CanonicalJsonError}.
 */
export function canonicalJson(value: unknown): string {
  return encode(value, '', new Set());
}
