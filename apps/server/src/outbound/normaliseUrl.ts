import { OutboundError } from './OutboundError.ts';

/** The longest URL fetched (characters). */
export const MAX_URL_LENGTH = 4096;

/**
 * Parses a URL the way WHATWG URL (and so every browser) does, which also turns the odd IPv4
 * spellings into dotted quads (`http://2130706433/`, `http://0177.0.0.1/`, `http://0x7f.1/`,
 * `http://127.1/` all become `127.0.0.1`), so the address checks see the real destination.
 * Only absolute http and https URLs without credentials are accepted.
 */
export function normaliseUrl(input: string | URL): URL {
  const text = String(input);
  if (text.length > MAX_URL_LENGTH) throw new OutboundError('bad-url', 'URL too long');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundError('bad-url', 'Not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('bad-url', `Scheme not allowed: ${url.protocol.slice(0, 20)}`);
  if (url.username !== '' || url.password !== '') throw new OutboundError('bad-url', 'URLs with credentials are not fetched');
  if (url.hostname === '') throw new OutboundError('bad-url', 'URL has no host');
  return url;
}

/** The URL's host as a connection takes it: without IPv6 brackets, without a trailing dot, lower case. */
export function connectHost(url: URL): string {
  let h = url.hostname;
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h.toLowerCase();
}

/** The URL's port, or its scheme's default. */
export function portOf(url: URL): number {
  return url.port !== '' ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}
