import { STATUS_CODES } from 'node:http';
import type { MatrixError } from '../errors/MatrixError.ts';
import { responseHeaders } from './responseHeaders.ts';

/** A whole HTTP/1.1 response for a Matrix error, for answers written straight to a socket (no request object to answer). */
export function rawErrorResponse(m: MatrixError): string {
  const body = JSON.stringify(m.toJSON());
  const headers: Record<string, string> = {
    ...responseHeaders(''),
    ...m.headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
  return `HTTP/1.1 ${m.status} ${STATUS_CODES[m.status] ?? 'Error'}\r\n${lines.join('')}\r\n${body}`;
}
