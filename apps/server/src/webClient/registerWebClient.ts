import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MatrixError } from '../errors/MatrixError.ts';
import type { NotFoundFallback } from '../http/errorHandler.ts';
import { acceptedEncoding } from './acceptedEncoding.ts';
import { NOT_BUILT_PAGE } from './notBuiltPage.ts';
import { parseAssetPath } from './parseAssetPath.ts';
import { StaticFiles, type StaticAnswer } from './StaticFiles.ts';
import { IMMUTABLE, REVALIDATE, WEB_CLIENT_HEADERS } from './webClientHeaders.ts';

/** Path prefixes that belong to APIs: an unknown path below them is the API's 404/405, never the web client. */
const API_PREFIXES = ['/_matrix', '/_parley', '/.well-known', '/_synapse'];

const isApiPath = (path: string): boolean => API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));

/**
 * Serves the built web client in `dir` (docs/web-client.md, "Serving"):
 * - `GET /assets/<file>`: the file, cached for a year (its name carries a content hash), 404 M_NOT_FOUND when absent;
 * - `GET /<file>` for a file at the top of the build (favicon.ico, a manifest): the file, revalidated on each use;
 * - any other GET outside the API prefixes (`/`, the client's own routes): index.html, revalidated on each use,
 *   or a page saying how to build the client while there is none.
 * Every answer carries the CSP and security headers, an ETag (If-None-Match gives 304) and, for text, brotli or
 * gzip as the client accepts; HEAD as GET. API routes take precedence: the pages are served only for what matched
 * no route (the returned fallback, for the 404 handler).
 */
export function registerWebClient(app: FastifyInstance, dir: string): NotFoundFallback {
  const files = new StaticFiles(dir);

  app.get('/assets/*', async (request, reply) => {
    const segments = parseAssetPath(pathOf(request).slice('/assets/'.length));
    const answer = segments && (await files.read(['assets', ...segments], acceptedEncoding(request.headers['accept-encoding'])));
    if (!answer) throw new MatrixError('M_NOT_FOUND', 'No such file in the web client');
    return sendFile(request, reply, answer, IMMUTABLE);
  });

  // Not a catch-all route: one would also catch API paths that match no route only because a
  // parameter is too long (414) or the method is wrong (405). The 404 handler calls this instead.
  return (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
    const path = pathOf(request);
    if (isApiPath(path)) return undefined;
    return servePage(files, request, reply, path);
  };
}

async function servePage(files: StaticFiles, request: FastifyRequest, reply: FastifyReply, path: string): Promise<FastifyReply> {
  const encoding = acceptedEncoding(request.headers['accept-encoding']);
  const segments = parseAssetPath(path.slice(1));
  if (segments?.length === 1) {
    const topLevel = await files.read(segments, encoding);
    if (topLevel) return sendFile(request, reply, topLevel, REVALIDATE);
  }
  const index = await files.read(['index.html'], encoding);
  if (index) return sendFile(request, reply, index, REVALIDATE);
  return reply
    .headers({ ...WEB_CLIENT_HEADERS, 'cache-control': REVALIDATE })
    .type('text/html; charset=utf-8')
    .send(NOT_BUILT_PAGE);
}

function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q === -1 ? request.url : request.url.slice(0, q);
}

function sendFile(request: FastifyRequest, reply: FastifyReply, answer: StaticAnswer, cacheControl: string): FastifyReply {
  reply.headers({ ...WEB_CLIENT_HEADERS, 'cache-control': cacheControl, vary: 'Accept-Encoding', etag: answer.etag });
  if (matchesEtag(request.headers['if-none-match'], answer.etags)) return reply.code(304).send();
  reply.type(answer.contentType);
  if (answer.encoding) reply.header('content-encoding', answer.encoding);
  return reply.send(answer.body);
}

/** If-None-Match holds `*` or one of the representation's ETags (weak comparison: a `W/` prefix is ignored). */
function matchesEtag(header: string | undefined, etags: readonly string[]): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || etags.includes(tag);
  });
}
