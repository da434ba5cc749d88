import type { FastifyRequest } from 'fastify';
import type { DeviceId, UserId } from '@parley/protocol';
import type { Queryable } from '../storage/schema.ts';
import { hashToken } from '../security/tokens.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import type { Principal } from './Principal.ts';
import { deleteRefreshPredecessor, findTokenForAuth } from '../storage/repos/accessTokens.ts';
import { updateDeviceLastSeen } from '../storage/repos/devices.ts';

const LAST_SEEN_GRANULARITY_MS = 5 * 60_000;

/** The access token from `Authorization: Bearer` or the deprecated `access_token` query parameter. */
export function tokenFromRequest(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return m ? m[1]! : null;
  }
  const q = request.query as Record<string, unknown> | undefined;
  const t = q?.access_token;
  return typeof t === 'string' && t.length > 0 ? t : null;
}

export async function authenticate(db: Queryable, request: FastifyRequest, now: number): Promise<Principal> {
  const token = tokenFromRequest(request);
  if (!token) throw new MatrixError('M_MISSING_TOKEN', 'Missing access token');
  const row = await findTokenForAuth(db, hashToken(token));
  if (!row || row.deactivated) throw new MatrixError('M_UNKNOWN_TOKEN', 'Unknown access token', { soft_logout: false });
  if (row.expires_ts !== null && row.expires_ts <= now) {
    throw new MatrixError('M_UNKNOWN_TOKEN', 'Access token has expired', { soft_logout: true });
  }
  // The first use of a refreshed token revokes the token (and refresh token) it replaced.
  if (row.refreshed_from !== null) await deleteRefreshPredecessor(db, row.id, Number(row.refreshed_from));
  // last_seen is kept within a few minutes, as the spec allows, so most requests write nothing.
  if (row.last_seen_ts === null || now - Number(row.last_seen_ts) > LAST_SEEN_GRANULARITY_MS || row.last_seen_ip !== request.ip) {
    await updateDeviceLastSeen(db, row.user_id, row.device_id, now, request.ip);
  }
  return { userId: row.user_id as UserId, deviceId: row.device_id as DeviceId, tokenId: row.id, isAdmin: row.is_admin === 1 };
}
