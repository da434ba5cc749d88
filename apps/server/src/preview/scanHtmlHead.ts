import { decodeHtmlEntities } from './decodeHtmlEntities.ts';

/** What a preview reads from a page: its title and its `<meta>` key/content pairs, in document order. */
export interface HtmlMeta {
  title: string | null;
  /** `property` (OpenGraph) or `name` (description, twitter:*) lower-cased, with `content`. */
  meta: Array<{ key: string; content: string }>;
  /** `<meta charset>` or the charset of `<meta http-equiv="content-type">`. */
  charset: string | null;
}

/** Bounds on what one page may make the scanner keep. */
const MAX_META = 256;
const MAX_VALUE = 4096;
const MAX_ATTRIBUTES = 64;
/** Elements whose content is raw text, skipped whole (a `<meta>` written inside a script is not one). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'xmp', 'iframe', 'noembed', 'noframes', 'template', 'svg', 'math']);

/**
 * A small bounded HTML tokenizer: one forward pass over the page with indexOf and character tests,
 * no regular expression, so its time is linear in the page whatever the page holds. It understands
 * comments, doctype, start and end tags with quoted or unquoted attributes, and raw-text elements,
 * which is all a preview needs; it is not a full HTML5 parser (malformed markup just yields less).
 */
export function scanHtmlHead(html: string): HtmlMeta {
  const out: HtmlMeta = { title: null, meta: [], charset: null };
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const next = html.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */ || next === 47 /* / */) {
      const end = html.indexOf('>', lt + 1);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (!isAsciiLetter(next)) {
      i = lt + 1;
      continue;
    }
    const tag = readStartTag(html, lt + 1);
    i = tag.end;
    if (tag.name === 'meta') addMeta(out, tag.attrs);
    else if (tag.name === 'title' && !tag.selfClosing) {
      const close = findEndTag(html, i, 'title');
      if (out.title === null) out.title = collapse(decodeHtmlEntities(html.slice(i, Math.min(close, i + MAX_VALUE))));
      i = close;
    } else if (RAW_TEXT.has(tag.name) && !tag.selfClosing) i = findEndTag(html, i, tag.name);
  }
  return out;
}

function addMeta(out: HtmlMeta, attrs: Map<string, string>): void {
  const charset = attrs.get('charset');
  if (charset !== undefined && out.charset === null) out.charset = charset.trim().toLowerCase();
  if (attrs.get('http-equiv')?.toLowerCase() === 'content-type' && out.charset === null) out.charset = charsetOf(attrs.get('content') ?? '');
  const key = attrs.get('property') ?? attrs.get('name');
  const content = attrs.get('content');
  if (key === undefined || content === undefined || out.meta.length >= MAX_META) return;
  out.meta.push({ key: key.trim().toLowerCase(), content: collapse(decodeHtmlEntities(content)) });
}

/** The charset parameter of a Content-Type value, lower case, or null. */
export function charsetOf(contentType: string): string | null {
  const lower = contentType.toLowerCase();
  const at = lower.indexOf('charset=');
  if (at < 0) return null;
  let v = lower.slice(at + 8);
  const semi = v.indexOf(';');
  if (semi >= 0) v = v.slice(0, semi);
  v = v.trim();
  if (v.startsWith('"') || v.startsWith("'")) v = v.slice(1, -1);
  return v === '' ? null : v;
}

interface StartTag {
  name: string;
  attrs: Map<string, string>;
  selfClosing: boolean;
  /** Index just past the tag's `>`. */
  end: number;
}

/** Reads a start tag whose name begins at `from` (just after `<`). */
function readStartTag(html: string, from: number): StartTag {
  const n = html.length;
  let i = from;
  while (i < n && isNameChar(html.charCodeAt(i))) i++;
  const name = html.slice(from, i).toLowerCase();
  const attrs = new Map<string, string>();
  let selfClosing = false;
  while (i < n) {
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    const c = html.charCodeAt(i);
    if (c === 62 /* > */) return { name, attrs, selfClosing, end: i + 1 };
    if (c === 47 /* / */) {
      selfClosing = html.charCodeAt(i + 1) === 62;
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && !isSpace(html.charCodeAt(i)) && html[i] !== '=' && html[i] !== '>' && html[i] !== '/') i++;
    if (i === nameStart) i++; // a stray character: step over it
    const attrName = html.slice(nameStart, i).toLowerCase();
    while (i < n && isSpace(html.charCodeAt(i))) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < n && isSpace(html.charCodeAt(i))) i++;
      const q = html[i];
      if (q === '"' || q === "'") {
        const close = html.indexOf(q, i + 1);
        const end = close < 0 ? n : close;
        value = html.slice(i + 1, Math.min(end, i + 1 + MAX_VALUE));
        i = end + 1;
      } else {
        const start = i;
        while (i < n && !isSpace(html.charCodeAt(i)) && html[i] !== '>') i++;
        value = html.slice(start, Math.min(i, start + MAX_VALUE));
      }
    }
    if (attrName !== '' && !attrs.has(attrName) && attrs.size < MAX_ATTRIBUTES) attrs.set(attrName, value);
  }
  return { name, attrs, selfClosing, end: n };
}

/** Index of the `<` of `</name` (any case) at or after `from`, or the end of the page. */
function findEndTag(html: string, from: number, name: string): number {
  let i = from;
  for (;;) {
    const at = html.indexOf('</', i);
    if (at < 0) return html.length;
    const after = at + 2 + name.length;
    if (html.slice(at + 2, after).toLowerCase() === name && !isNameChar(html.charCodeAt(after))) return at;
    i = at + 2;
  }
}

/** Trims and collapses runs of whitespace to one space. */
function collapse(s: string): string {
  let out = '';
  let space = false;
  for (const ch of s) {
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f') space = out !== '';
    else {
      if (space) out += ' ';
      out += ch;
      space = false;
    }
  }
  return out;
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number): boolean => isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;
