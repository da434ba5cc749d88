const NAMED = new Map<string, string>(
  Object.entries({
    amp: '&',
    lt: '<',
    gt: '>',
    quot: '"',
    apos: "'",
    nbsp: '\u00a0',
    ndash: '\u2013',
    mdash: '\u2014',
    hellip: '\u2026',
    copy: '\u00a9',
    reg: '\u00ae',
    trade: '\u2122',
    laquo: '\u00ab',
    raquo: '\u00bb',
    lsquo: '\u2018',
    rsquo: '\u2019',
    ldquo: '\u201c',
    rdquo: '\u201d',
  }),
);
/** Longest entity name or number looked at after `&`. */
const MAX_ENTITY = 10;

/**
 * Decodes character references: numeric (`&#39;`, `&#x27;`) and the common named ones; anything
 * else stays as written. One forward pass, no regular expression.
 */
export function decodeHtmlEntities(s: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const amp = s.indexOf('&', i);
    if (amp < 0) return out + s.slice(i);
    out += s.slice(i, amp);
    // Only a few characters are looked at, so a page full of `&` costs linear time.
    const semi = s.slice(amp + 1, amp + 2 + MAX_ENTITY).indexOf(';') + amp + 1;
    const body = semi > amp ? s.slice(amp + 1, semi) : null;
    const decoded = body === null ? undefined : body.startsWith('#') ? numeric(body.slice(1)) : NAMED.get(body);
    if (decoded === undefined) {
      out += '&';
      i = amp + 1;
    } else {
      out += decoded;
      i = semi + 1;
    }
  }
}

function numeric(digits: string): string | undefined {
  const hex = digits.startsWith('x') || digits.startsWith('X');
  const text = hex ? digits.slice(1) : digits;
  if (text === '' || ![...text].every((c) => (hex ? '0123456789abcdefABCDEF' : '0123456789').includes(c))) return undefined;
  const code = parseInt(text, hex ? 16 : 10);
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(code);
}
