import type { FastifyError, FastifyInstance } from 'fastify';
import { MatrixError, UiaChallenge } from './MatrixError.ts';

/** Turns anything thrown into a Matrix error body. Internal messages never leave the server. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, request, reply) => {
    if (err instanceof UiaChallenge) return reply.status(401).send(err.body);
    const m = toMatrixError(err);
    if (m.status >= 500) request.log.error({ err }, 'internal error');
    for (const [k, v] of Object.entries(m.headers)) reply.header(k, v);
    return reply.status(m.status).send(m.toJSON());
  });
  app.setNotFoundHandler((request, reply) => {
    const m = new MatrixError('M_UNRECOGNIZED', 'Unrecognized request');
    return reply.status(404).send(m.toJSON());
  });
}

export function toMatrixError(err: unknown): MatrixError {
  if (err instanceof MatrixError) return err;
  const e = err as FastifyError & { validation?: Array<{ keyword: string; instancePath: string; params: Record<string, unknown>; message?: string }>; validationContext?: string };
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
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new MatrixError('M_UNRECOGNIZED', 'Unrecognized request');
  }
  if (e instanceof SyntaxError) return new MatrixError('M_NOT_JSON', 'Content not JSON');
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) return new MatrixError('M_UNKNOWN', 'Bad request', {}, status);
  return new MatrixError('M_UNKNOWN', 'Internal server error', {}, 500);
}
