import { MatrixError } from '../errors/MatrixError.ts';

/** Parsed request bodies whose JSON text wrote a number with a fraction or an exponent. */
const withFloatSyntax = new WeakSet<object>();

const DOT = 0x2e;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * Whether JSON text writes a number with a fraction or an exponent (`1.0`, `1e3`, `2.5`):
 * outside strings a `.` is only ever part of a number, and an `e`/`E` after a digit only an
 * exponent (`true`/`false` put theirs after letters). One pass, no allocation.
 */
export function hasFloatSyntax(text: string): boolean {
  let inString = false;
  let prev = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === DOT) return true;
    else if ((c === 0x65 || c === 0x45) && isDigit(prev)) return true;
    prev = c;
  }
  return false;
}

/** Notes a parsed body whose text wrote a float, for checkNoFloats (JSON.parse makes `1.0` the integer 1). */
export function noteFloatSyntax(text: string, parsed: unknown): void {
  if (typeof parsed === 'object' && parsed !== null && hasFloatSyntax(text)) withFloatSyntax.add(parsed);
}

/**
 * Event bodies (`/send`, `/state`, `/createRoom`) become canonical JSON, which has integers only:
 * a float anywhere in the body is 400 M_BAD_JSON, even one with an integral value (`1.0`, `1e3`),
 * as in Synapse. Other bodies may carry floats (a tag's `order`).
 */
export function checkNoFloats(body: unknown): void {
  if (typeof body === 'object' && body !== null && withFloatSyntax.has(body)) {
    throw new MatrixError('M_BAD_JSON', 'Event content may not contain floats (numbers with a fraction or exponent): canonical JSON allows integers only');
  }
}
