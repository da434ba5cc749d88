import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CanonicalJsonError } from '@parley/protocol';
import { MatrixError, UiaChallenge } from '../errors/MatrixError.ts';
import { endSocket } from './endSocket.ts';
import { rawErrorResponse } from './rawErrorResponse.ts';
import { redactUrl } from './redactUrl.ts';

/** Fastify's `frameworkErrors`: router-level failures (bad URL escapes, overlong parameters) as Matrix errors. */
export function sendFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const m = toMatrixError(err);
  void reply.status(m.status).send(m.toJSON());
}

/** Fastify's `clientErrorHandler`: HTTP parse failures and timeouts answered with a Matrix body the client can read. */
export function writeClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || socket.writableEnded) return;
  const m =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new MatrixError('M_TOO_LARGE', 'Request headers too large', {}, 431)
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new MatrixError('M_UNKNOWN', 'Request timed out', {}, 408)
        : new MatrixError('M_UNKNOWN', 'Malformed HTTP request', {}, 400);
  endSocket(socket, rawErrorResponse(m));
}

/**
 * Answers a request that matched no route, before it becomes a 404/405: returns the reply it
 * sends, or undefined to leave the request to the Matrix 404 (the web client's pages use it).
 */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply> | undefined;

/** Turns anything thrown into a Matrix error body. Internal messages never leave the server. */
export function installErrorHandler(app: FastifyInstance, knownPaths: readonly string[] = [], fallback?: NotFoundFallback): void {
  const patterns = knownPaths.map((p) => new RegExp(`^${p.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+')}$`));
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof UiaChallenge) return reply.status(401).send(err.body);
    const m = toMatrixError(err);
    if (m.status >= 500) request.log.error({ err, method: request.method, url: redactUrl(request.url) }, 'internal error');
    for (const [k, v] of Object.entries(m.headers)) reply.header(k, v);
    // A refused body (413, bad JSON) may still be arriving. Fastify would close the connection,
    // and closing with unread input resets it, so the client may never read the answer: keep it
    // open instead while Node drains the rest of the body (bounded by the request timeout).
    if (!request.raw.complete) reply.removeHeader('connection');
    return reply.status(m.status).send(m.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const handled = fallback?.(request, reply);
    if (handled) return handled;
    // A known path with another method is 405, an unknown path 404; both M_UNRECOGNIZED.
    const path = request.url.split('?')[0] ?? '';
    const known = patterns.some((re) => re.test(path));
    const m = new MatrixError('M_UNRECOGNIZED', known ? 'Method not allowed' : 'Unrecognized request', {}, known ? 405 : 404);
    return reply.status(m.status).send(m.toJSON());
  });
}

export function toMatrixError(err: unknown): MatrixError {
  if (err instanceof MatrixError) return err;
  const e = err as FastifyError & { validation?: Array<{ keyword: string; instancePath: string; params: Record<string, unknown>; message?: string }>; validationContext?: string };
  if (err instanceof CanonicalJsonError) return new MatrixError('M_BAD_JSON', `Bad JSON value: ${err.message}`);
  if (e.validation && e.validation.length > 0) {
    const v = e.validation[0]!;
    const where = e.validationContext ?? 'body';
    if (v.keyword === 'required') {
      const field = String(v.params.missingProperty ?? '');
      return new MatrixError(where === 'body' ? 'M_BAD_JSON' : 'M_MISSING_PARAM', `Missing ${where} field: ${field}`);
    }
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.') || where;
    return new MatrixError(where === 'body' ? 'M_BAD_JSON' : 'M_INVALID_PARAM', `Invalid ${where} field ${path}: ${v.message ?? v.keyword}`);
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new MatrixError('M_TOO_LARGE', 'Request body too large');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new MatrixError('M_NOT_JSON', 'Content not JSON');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new MatrixError('M_NOT_JSON', 'Content not JSON');
    case '22021': // PostgreSQL: character_not_in_repertoire (a NUL in a text value)
    case '22P05': // PostgreSQL: untranslatable_character
      return new MatrixError('M_INVALID_PARAM', 'Request contains characters that cannot be stored (NUL)');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new MatrixError('M_TOO_LARGE', 'Path parameter too long', {}, 414);
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new MatrixError('M_UNRECOGNIZED', 'Unrecognized request');
  }
  if (e instanceof SyntaxError) return new MatrixError('M_NOT_JSON', 'Content not JSON');
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) return new MatrixError('M_UNKNOWN', 'Bad request', {}, status);
  return new MatrixError('M_UNKNOWN', 'Internal server error', {}, 500);
}
