import { MatrixError } from '../errors/MatrixError.ts';

const MIME = /^[A-Za-z0-9!#$&^_.+-]{1,127}\/[A-Za-z0-9!#$&^_.+-]{1,127}$/;

/**
 * The content type stored for an upload: its `Content-Type` header, lower-cased, parameters kept
 * only when printable ASCII; a missing or malformed one is `application/octet-stream`.
 */
export function checkContentType(header: string | undefined): string {
  if (!header) return 'application/octet-stream';
  const [essence = '', ...params] = header.split(';');
  const mime = essence.trim().toLowerCase();
  if (!MIME.test(mime)) return 'application/octet-stream';
  const rest = params.join(';').trim();
  return rest && /^[\x20-\x7e]{1,255}$/.test(rest) ? `${mime}; ${rest}` : mime;
}

/** The `filename` query parameter: at most 255 characters, no control characters (400 M_INVALID_PARAM). */
export function checkFileName(name: string | undefined): string | null {
  if (name === undefined || name === '') return null;
  // eslint-disable-next-line no-control-regex
  if (name.length > 255 || /[\u0000-\u001f\u007f]/.test(name)) throw new MatrixError('M_INVALID_PARAM', 'Invalid filename');
  return name;
}

/** The essence of a stored content type (`image/png` of `image/png; x=y`). */
export function mimeOf(contentType: string | null): string {
  return (contentType ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
}
