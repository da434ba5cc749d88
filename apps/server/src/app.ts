import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { Ajv, type ValidateFunction } from 'ajv';
import type { AppDeps } from './deps.ts';
import { installErrorHandler, sendFrameworkError, writeClientError } from './http/errorHandler.ts';
import { jsonDepthExceeds } from './http/jsonDepthExceeds.ts';
import { noteFloatSyntax } from './http/floatSyntax.ts';
import { authenticate } from './identity/authenticate.ts';
import { tokenFromRequest } from './identity/tokenFromRequest.ts';
import { checkAuthMode } from './http/checkAuthMode.ts';
import { checkGuestAccess } from './identity/checkGuestAccess.ts';
import { MatrixError } from './errors/MatrixError.ts';
import type { AnyEndpoint } from './http/endpoint.ts';
import { ENDPOINTS } from './routes/index.ts';
import { r0PathOf } from '@parley/api';
import { randomId } from './security/tokens.ts';
import { redactUrl } from './http/redactUrl.ts';
import { responseHeaderEntries } from './http/responseHeaders.ts';
import { limitConnectionsPerIp } from './http/limitConnectionsPerIp.ts';
import { keepUploadContentType } from './http/uploadOf.ts';
import { registerWebClient } from './webClient/registerWebClient.ts';
import { resolveWebClientDir } from './webClient/resolveWebClientDir.ts';

/** Builds the HTTP app without listening: tests and main.ts both use this. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Request IDs: a random prefix per app and a counter (random bytes per request showed in profiles of the /sync fan-out).
  const idPrefix = randomId(6);
  let requestCount = 0;
  const limits = deps.config.http;
  // Every connection is bounded in time: Node closes one that has not sent its headers, or its
  // whole request, in time (answering 408 through writeClientError), and an idle kept-alive one.
  // A long-polling /sync has sent its whole request, so only its own timeout bounds it.
  const serverOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(100, Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs || limits.headersTimeoutMs) / 4),
    // A request without Host gets a Matrix 400 from the onRequest hook instead of Node's bare one.
    requireHostHeader: false,
  };
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.log as unknown as FastifyBaseLogger,
    bodyLimit: deps.config.maxBodyBytes,
    genReqId: () => `${idPrefix}${(++requestCount).toString(36)}`,
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 2048, ignoreDuplicateSlashes: false },
    // Errors raised before routing (bad %-escapes, overlong path parameters, oversized headers) get Matrix bodies too.
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: writeClientError,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    ...(deps.tls ? { https: { ...deps.tls, ...serverOptions } } : { http: serverOptions }),
  });
  // Common headers go on the raw response before Fastify sees the request, so answers written
  // before routing (414, bad escapes, 404/405, OPTIONS) carry them too; routes may override them.
  app.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of responseHeaderEntries(req.url ?? '')) res.setHeader(k, v);
  });
  limitConnectionsPerIp(app.server, limits.maxConnectionsPerIp);

  const strict = new Ajv({ allErrors: false, coerceTypes: false, removeAdditional: false, useDefaults: true, strict: false });
  const coercing = new Ajv({ allErrors: false, coerceTypes: 'array', removeAdditional: false, useDefaults: true, strict: false });
  // Schemas compile on first use, not at start: ~80 routes would cost a quarter second of cold start.
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    let compiled: ValidateFunction | undefined;
    const validate = (data: unknown): boolean => {
      compiled ??= ajv.compile(schema);
      const ok = compiled(data);
      validate.errors = compiled.errors;
      return ok;
    };
    validate.errors = null as ValidateFunction['errors'];
    return validate;
  });

  // Route first, then parse: each group of routes has its own body parser (Fastify scopes parsers
  // to a plugin context), and a request that matched no route (404/405) never has its body
  // parsed, so a file posted to an unknown path is 404 M_UNRECOGNIZED, not 400 M_NOT_JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req: FastifyRequest, _payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => done(null, undefined));

  // Callback-style hooks, and nothing computed for a log line that is off: every /sync wake-up is a request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1') {
      done(new MatrixError('M_UNKNOWN', 'Missing Host header', {}, 400));
      return;
    }
    if (request.method === 'OPTIONS') {
      reply.status(204).send();
      return;
    }
    done();
  });
  // Nothing is acknowledged before it is on disk: writes outside a transaction are flushed here too.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'OPTIONS' && request.method !== 'HEAD') await deps.database.flush();
    return payload;
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (deps.log.isLevelEnabled('info'))
      request.log.info({ method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });

  // The web client at `/` (webClient/): its files under /assets/, and its pages for whatever matched no route.
  const webClientPages = deps.config.webClient.enabled ? registerWebClient(app, resolveWebClientDir(deps.config.webClient.path)) : undefined;
  installErrorHandler(
    app,
    ENDPOINTS.flatMap((e) => (e.r0 ? [e.path, r0PathOf(e.path)] : [e.path])),
    webClientPages,
  );
  // JSON endpoints: Matrix clients send JSON with or without a content type, and sometimes an empty body.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, parseJsonBody);
    for (const e of ENDPOINTS) if (!e.rawBody) registerEndpoint(scope, deps, e);
  });
  // Upload endpoints: the body reaches the handler as a stream, bounded by media.max_upload_size there, never buffered whole.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req: FastifyRequest, payload: IncomingMessage, done: (err: Error | null, body?: unknown) => void) => done(null, payload));
    scope.addHook('onRequest', (request, _reply, done) => {
      keepUploadContentType(request);
      done();
    });
    for (const e of ENDPOINTS) if (e.rawBody) registerEndpoint(scope, deps, e);
  });
  return app;
}

function parseJsonBody(_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void): void {
  if (body.length === 0) return done(null, undefined);
  let parsed: unknown;
  const text = body.toString('utf8');
  try {
    parsed = JSON.parse(text);
  } catch {
    return done(new MatrixError('M_NOT_JSON', 'Content not JSON'), undefined);
  }
  if (jsonDepthExceeds(parsed)) return done(new MatrixError('M_BAD_JSON', 'JSON nested too deeply'), undefined);
  noteFloatSyntax(text, parsed);
  done(null, parsed);
}

function toFastifyPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

function registerEndpoint(app: FastifyInstance, deps: AppDeps, e: AnyEndpoint): void {
  const paths = [e.path];
  if (e.r0) paths.push(r0PathOf(e.path));
  for (const path of paths) {
    app.route({
      method: e.method,
      url: toFastifyPath(path),
      schema: { ...(e.params ? { params: e.params } : {}), ...(e.query ? { querystring: e.query } : {}), ...(e.body ? { body: e.body } : {}) },
      ...(e.body
        ? {
            preValidation: async (request: FastifyRequest) => {
              // Parsed bodies must be JSON objects where a schema expects one.
              if (e.method !== 'GET' && request.body === undefined) request.body = {};
              if ((e.body as { type?: string }).type === 'object' && (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body))) {
                throw new MatrixError('M_NOT_JSON', 'Content must be a JSON object');
              }
            },
          }
        : {}),
      handler: async (request, reply) => {
        const now = deps.now();
        let auth = null;
        if (e.auth !== 'none' && (e.auth !== 'optional' || tokenFromRequest(request))) {
          auth = await authenticate(deps, request, now);
          checkAuthMode(e.auth, auth);
          checkGuestAccess(auth, e.operationId, request.params);
        }
        if (e.rateLimit) {
          const key = auth ? auth.userId : request.ip;
          if (!auth?.isAdmin) deps.rateLimiter.check(e.rateLimit, deps.config.rateLimits[e.rateLimit], key, now);
        }
        const result = await e.handler({ deps, auth, params: request.params, query: request.query ?? {}, body: request.body, request, reply });
        if (reply.sent) return reply;
        return reply.send(result ?? {});
      },
    });
  }
}
