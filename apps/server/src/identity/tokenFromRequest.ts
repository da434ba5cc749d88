import type { AuthRequest } from './AuthRequest.ts';

/** The access token from `Authorization: Bearer` or the deprecated `access_token` query parameter. */
export function tokenFromRequest(request: AuthRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m ? m[1]! : null;
  }
  const q = request.query as Record<string, unknown> | undefined;
  const t = q?.access_token;
  return typeof t === 'string' && t.length > 0 ? t : null;
}
