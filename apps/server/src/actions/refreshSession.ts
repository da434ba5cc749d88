import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import {
  deleteRefreshPredecessor,
  deleteUnusedRefreshSuccessors,
  findByRefreshTokenForUpdate,
  findRefreshSuccessor,
  insertAccessToken,
  updateRefreshRetryBox,
} from '../storage/repos/accessTokens.ts';
import { findUser } from '../storage/repos/users.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import { openTokenPair, sealTokenPair } from '../security/tokenPairBox.ts';

export interface RefreshedSession {
  access_token: string;
  refresh_token: string;
  expires_in_ms: number;
}

/**
 * Exchanges a refresh token for a new access token and refresh token on the same device.
 * The old pair stays valid until the new access token or refresh token is first used
 * (then both old tokens are revoked, spec "Refreshing access tokens"). Until then, using the
 * old refresh token again (a client whose response was lost, or two racing requests) answers
 * the same new pair: the token's row is locked for the exchange, and the pair is kept on it,
 * encrypted under the old refresh token (security/tokenPairBox.ts). So every 200 carries a
 * pair that works. Only once that pair's access token has expired unused does a retry get a
 * fresh pair, which replaces it.
 */
export async function refreshSession(deps: AppDeps, refreshToken: string): Promise<RefreshedSession> {
  const now = deps.now();
  const lifetime = deps.config.accessTokenLifetimeMs ?? 5 * 60_000;
  return deps.database.transaction(async (tx) => {
    const row = await findByRefreshTokenForUpdate(tx, deps.database.dialect, hashToken(refreshToken));
    const user = row ? await findUser(tx, row.user_id) : undefined;
    if (!row || !user || user.deactivated) throw new MatrixError('M_UNKNOWN_TOKEN', 'Unknown refresh token', { soft_logout: false });
    const sealed = row.refresh_retry_box !== null ? openTokenPair(refreshToken, row.refresh_retry_box) : undefined;
    const earlier = sealed ? await findRefreshSuccessor(tx, row.id, hashToken(sealed.accessToken)) : undefined;
    if (sealed && earlier?.expires_ts != null && Number(earlier.expires_ts) > now) {
      return { access_token: sealed.accessToken, refresh_token: sealed.refreshToken, expires_in_ms: Number(earlier.expires_ts) - now };
    }
    // Using a refreshed pair's refresh token counts as its first use.
    if (row.refreshed_from !== null) await deleteRefreshPredecessor(tx, row.id, Number(row.refreshed_from));
    await deleteUnusedRefreshSuccessors(tx, row.id);
    const pair = { accessToken: newToken('pat'), refreshToken: newToken('prt') };
    await insertAccessToken(tx, {
      token_hash: hashToken(pair.accessToken),
      user_id: row.user_id,
      device_id: row.device_id,
      refresh_token_hash: hashToken(pair.refreshToken),
      expires_ts: now + lifetime,
      created_ts: now,
      refreshed_from: row.id,
    });
    await updateRefreshRetryBox(tx, row.id, sealTokenPair(refreshToken, pair));
    return { access_token: pair.accessToken, refresh_token: pair.refreshToken, expires_in_ms: lifetime };
  });
}
