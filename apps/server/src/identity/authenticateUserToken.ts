import type { DeviceId, UserId } from '@parley/protocol';
import { hashToken } from '../security/tokens.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { deleteRefreshPredecessor, findTokenForAuth } from '../storage/repos/accessTokens.ts';
import { updateDeviceLastSeen } from '../storage/repos/devices.ts';
import type { Authenticator } from './Authenticator.ts';

const LAST_SEEN_GRANULARITY_MS = 5 * 60_000;

/**
 * A user's access token (stored as its SHA-256): the device it was issued to. One precompiled
 * query with the user and the device; writes only on the first use of a refreshed token and
 * when last_seen is due.
 */
export const authenticateUserToken: Authenticator = async (deps, token, request, now) => {
  const db = deps.database.db;
  const row = await findTokenForAuth(db, hashToken(token));
  if (!row) return undefined;
  if (row.deactivated) throw new MatrixError('M_UNKNOWN_TOKEN', 'Unknown access token', { soft_logout: false });
  if (row.expires_ts !== null && row.expires_ts <= now) {
    throw new MatrixError('M_UNKNOWN_TOKEN', 'Access token has expired', { soft_logout: true });
  }
  // The first use of a refreshed token revokes the token (and refresh token) it replaced.
  if (row.refreshed_from !== null) await deleteRefreshPredecessor(db, row.id, Number(row.refreshed_from));
  // last_seen is kept within a few minutes, as the spec allows, so most requests write nothing.
  if (row.last_seen_ts === null || now - Number(row.last_seen_ts) > LAST_SEEN_GRANULARITY_MS || row.last_seen_ip !== request.ip) {
    await updateDeviceLastSeen(db, row.user_id, row.device_id, now, request.ip);
  }
  return { kind: 'user', userId: row.user_id as UserId, deviceId: row.device_id as DeviceId, tokenId: row.id, isAdmin: row.is_admin === 1, isGuest: row.is_guest === 1 };
};
