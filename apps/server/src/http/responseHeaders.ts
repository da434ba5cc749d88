/** Discovery documents are public and the same for everyone; an hour keeps clients' lookups cheap. */
const WELL_KNOWN_CACHE = 'public, max-age=3600';

const COMMON = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'access-control-allow-headers': 'X-Requested-With, Content-Type, Authorization',
  'x-content-type-options': 'nosniff',
} as const;
const API: Readonly<Record<string, string>> = Object.freeze({ ...COMMON, 'cache-control': 'no-store' });
const WELL_KNOWN: Readonly<Record<string, string>> = Object.freeze({ ...COMMON, 'cache-control': WELL_KNOWN_CACHE });
const API_ENTRIES = Object.entries(API);
const WELL_KNOWN_ENTRIES = Object.entries(WELL_KNOWN);

/**
 * Headers every response carries, whoever writes it (routes, error handlers, the raw
 * socket writers): CORS as the spec asks of every endpoint, no MIME sniffing, and no
 * caching of API answers (they carry private data and depend on the access token).
 * Shared constants, not built per request: every /sync wake-up is a request.
 */
export function responseHeaders(path: string): Readonly<Record<string, string>> {
  return path.startsWith('/.well-known/') ? WELL_KNOWN : API;
}

/** The same headers as [name, value] pairs, for setting them one by one on a raw response. */
export function responseHeaderEntries(path: string): ReadonlyArray<readonly [string, string]> {
  return path.startsWith('/.well-known/') ? WELL_KNOWN_ENTRIES : API_ENTRIES;
}
