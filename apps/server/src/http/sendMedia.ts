import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MatrixError } from '../errors/MatrixError.ts';

/** What a media response serves: stored bytes, opened lazily so a 304 or 416 reads nothing. */
export interface MediaBody {
  /** Hash of the bytes served (the ETag). */
  sha256: string;
  contentType: string;
  size: number;
  fileName: string | null;
  /** Authenticated responses may only be cached by the client itself. */
  authenticated: boolean;
  open(range?: { start: number; end: number }): Promise<Readable | undefined>;
}

/** The content repository's recommended policy (spec: content repository), plus media-src. */
export const MEDIA_CSP = "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; media-src 'self'; object-src 'self';";

/**
 * Types shown inline (images but SVG, audio, video, plain text); everything else, SVG, HTML,
 * XML and scripts included, is an attachment. A subset of the spec's list of safe inline types.
 */
const INLINE_TYPES = new Set([
  'text/plain',
  'image/jpeg',
  'image/gif',
  'image/png',
  'image/apng',
  'image/webp',
  'image/avif',
  'video/mp4',
  'video/webm',
  'video/ogg',
  'video/quicktime',
  'audio/mp4',
  'audio/webm',
  'audio/aac',
  'audio/mpeg',
  'audio/ogg',
  'audio/wave',
  'audio/wav',
  'audio/x-wav',
  'audio/x-pn-wav',
  'audio/flac',
  'audio/x-flac',
]);

/** `inline` or `attachment`, with the file name as RFC 6266 asks: an ASCII fallback and an RFC 5987 `filename*`. */
export function contentDisposition(contentType: string, fileName: string | null): string {
  const mime = contentType.split(';')[0]!.trim().toLowerCase();
  const kind = INLINE_TYPES.has(mime) ? 'inline' : 'attachment';
  if (!fileName) return kind;
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The one range of a `Range: bytes=` header, or undefined to serve everything (absent, several ranges, another unit). */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
    if (m[2] !== '' && Number(m[2]) < start) return undefined;
  }
  if (start >= size || size === 0) return 'unsatisfiable';
  return { start, end };
}

/** Sends media with the safe-serving headers, answering If-None-Match (304) and a single byte Range (206/416). */
export async function sendMedia(request: FastifyRequest, reply: FastifyReply, body: MediaBody): Promise<FastifyReply> {
  const etag = `"${body.sha256}"`;
  reply.header('content-security-policy', MEDIA_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cross-origin-resource-policy', 'cross-origin');
  reply.header('cache-control', `${body.authenticated ? 'private' : 'public'}, max-age=31536000, immutable`);
  reply.header('etag', etag);
  reply.header('accept-ranges', 'bytes');
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))) {
    return reply.status(304).send();
  }
  reply.header('content-type', body.contentType);
  reply.header('content-disposition', contentDisposition(body.contentType, body.fileName));
  const range = parseRange(typeof request.headers.range === 'string' ? request.headers.range : undefined, body.size);
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${body.size}`);
    reply.header('content-type', 'application/json');
    reply.removeHeader('content-disposition');
    return reply.status(416).send(new MatrixError('M_UNKNOWN', 'Range not satisfiable', {}, 416).toJSON());
  }
  const stream = await body.open(range);
  if (!stream) throw new MatrixError('M_NOT_FOUND', 'Media not found');
  if (range) {
    reply.header('content-range', `bytes ${range.start}-${range.end}/${body.size}`);
    reply.header('content-length', String(range.end - range.start + 1));
    return reply.status(206).send(stream);
  }
  reply.header('content-length', String(body.size));
  return reply.status(200).send(stream);
}
