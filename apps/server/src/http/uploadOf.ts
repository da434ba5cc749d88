import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';

const declaredTypes = new WeakMap<FastifyRequest, string | undefined>();

/**
 * onRequest hook of the upload routes: keeps the Content-Type the client declared and hands Fastify
 * a plain one, since Fastify refuses a malformed header before any parser runs; an upload with a
 * malformed type is stored as application/octet-stream instead (media/checkUploadMeta.ts).
 */
export function keepUploadContentType(request: FastifyRequest): void {
  declaredTypes.set(request, request.headers['content-type']);
  if (request.headers['content-type'] !== undefined) request.headers['content-type'] = 'application/octet-stream';
}

export interface RawUpload {
  body: Readable;
  /** The declared length, when the client sent one. */
  contentLength: number | undefined;
  contentTypeHeader: string | undefined;
}

/** The streamed body of a raw-body endpoint (an empty request has none) with its declared length and type. */
export function uploadOf(request: FastifyRequest, body: unknown): RawUpload {
  const length = request.headers['content-length'];
  return {
    body: body instanceof Readable ? body : Readable.from([]),
    contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
    contentTypeHeader: declaredTypes.has(request) ? declaredTypes.get(request) : request.headers['content-type'],
  };
}
