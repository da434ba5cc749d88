/** Discovery documents are public and the same for everyone; an hour keeps clients' lookups cheap. */
const WELL_KNOWN_CACHE = 'public, max-age=3600';

/**
 * Headers every response carries, whoever writes it (routes, error handlers, the raw
 * socket writers): CORS as the spec asks of every endpoint, no MIME sniffing, and no
 * caching of API answers (they carry private data and depend on the access token).
 */
export function responseHeaders(path: string): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, PUT, DELETE, OPTIONS',
    'access-control-allow-headers': 'X-Requested-With, Content-Type, Authorization',
    'x-content-type-options': 'nosniff',
    'cache-control': path.startsWith('/.well-known/') ? WELL_KNOWN_CACHE : 'no-store',
  };
}
