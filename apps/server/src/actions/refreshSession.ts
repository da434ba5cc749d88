import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../http/MatrixError.ts';
import { deleteRefreshPredecessor, deleteUnusedRefreshSuccessors, findByRefreshToken, insertAccessToken } from '../storage/repos/accessTokens.ts';
import { findUser } from '../storage/repos/users.ts';
import { hashToken, newToken } from '../security/tokens.ts';

export interface RefreshedSession {
  access_token: string;
  refresh_token: string;
  expires_in_ms: number;
}

/**
 * Exchanges a refresh token for a new access token and refresh token on the same device.
 * The old pair stays valid until the new access token or refresh token is first used
 * (then both old tokens are revoked); refreshing again with the old refresh token before
 * that replaces the unused new pair, so a client whose response was lost can retry.
 */
export async function refreshSession(deps: AppDeps, refreshToken: string): Promise<RefreshedSession> {
  const now = deps.now();
  const lifetime = deps.config.accessTokenLifetimeMs ?? 5 * 60_000;
  const accessToken = newToken('pat');
  const nextRefreshToken = newToken('prt');
  await deps.database.transaction(async (tx) => {
    const row = await findByRefreshToken(tx, hashToken(refreshToken));
    const user = row ? await findUser(tx, row.user_id) : undefined;
    if (!row || !user || user.deactivated) throw new MatrixError('M_UNKNOWN_TOKEN', 'Unknown refresh token', { soft_logout: false });
    // Using a refreshed pair's refresh token counts as its first use.
    if (row.refreshed_from !== null) await deleteRefreshPredecessor(tx, row.id, Number(row.refreshed_from));
    await deleteUnusedRefreshSuccessors(tx, row.id);
    await insertAccessToken(tx, {
      token_hash: hashToken(accessToken),
      user_id: row.user_id,
      device_id: row.device_id,
      refresh_token_hash: hashToken(nextRefreshToken),
      expires_ts: now + lifetime,
      created_ts: now,
      refreshed_from: row.id,
    });
  });
  return { access_token: accessToken, refresh_token: nextRefreshToken, expires_in_ms: lifetime };
}
