import { charsetOf, scanHtmlHead, type HtmlMeta } from './scanHtmlHead.ts';

/** A preview as the spec's response: OpenGraph keys (`og:title`, `og:image:width` …) to strings or integers. */
export type Preview = Record<string, string | number>;

/** OpenGraph keys kept from one page. */
const MAX_KEYS = 32;
const INTEGER_KEYS = new Set(['og:image:width', 'og:image:height', 'og:video:width', 'og:video:height']);

/**
 * Builds the preview of an HTML page: its `og:*` meta tags (the first of each key), with
 * `og:title` falling back to `<title>` and `og:description` to `<meta name="description">`.
 * `og:image` is resolved against the page's URL and kept only as an http(s) URL; previewUrl then
 * fetches it into the media repository and replaces it with its `mxc://` URI (previewImage.ts).
 */
export function previewFromHtml(body: Buffer, contentType: string, pageUrl: string): Preview {
  const meta = scanDecoded(body, charsetOf(contentType));
  const first = new Map<string, string>();
  for (const m of meta.meta) if (!first.has(m.key)) first.set(m.key, m.content);
  const preview: Preview = {};
  for (const [key, content] of first) {
    if (!key.startsWith('og:') || Object.keys(preview).length >= MAX_KEYS) continue;
    if (INTEGER_KEYS.has(key)) {
      const n = Number(content);
      if (Number.isSafeInteger(n) && n >= 0) preview[key] = n;
    } else if (content !== '') preview[key] = content;
  }
  const title = preview['og:title'] ?? first.get('twitter:title') ?? meta.title;
  if (title) preview['og:title'] = title;
  const description = preview['og:description'] ?? first.get('description') ?? first.get('twitter:description');
  if (description) preview['og:description'] = description;
  const image = absoluteHttpUrl(String(preview['og:image'] ?? first.get('og:image:url') ?? first.get('twitter:image') ?? ''), pageUrl);
  if (image) preview['og:image'] = image;
  else {
    delete preview['og:image'];
    for (const k of Object.keys(preview)) if (k.startsWith('og:image:')) delete preview[k];
  }
  return preview;
}

/** Decodes with the header's charset (else UTF-8), and again with the page's `<meta charset>` if it names another. */
function scanDecoded(body: Buffer, headerCharset: string | null): HtmlMeta {
  const first = scanHtmlHead(decode(body, headerCharset ?? 'utf-8'));
  if (headerCharset === null && first.charset !== null && !isUtf8(first.charset)) return scanHtmlHead(decode(body, first.charset));
  return first;
}

function decode(body: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

const isUtf8 = (c: string): boolean => c === 'utf-8' || c === 'utf8';

function absoluteHttpUrl(value: string, base: string): string | null {
  if (value === '') return null;
  try {
    const u = new URL(value, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
