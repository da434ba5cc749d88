import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { hashToken, newToken } from '../security/tokens.ts';
import { deleteExpiredOpenIdTokens, insertOpenIdToken } from '../storage/repos/openidTokens.ts';

/** How long an OpenID token proves who its holder is (the spec's example, Synapse's default). */
export const OPENID_TOKEN_LIFETIME_MS = 3_600_000;

/**
 * Issues an OpenID token for the user: random, stored only as its hash, expiring after an
 * hour. The same transaction drops the expired ones, so the table holds at most an hour's worth.
 */
export async function createOpenIdToken(deps: Pick<AppDeps, 'database' | 'feed' | 'now'>, userId: string): Promise<{ token: string; expiresInMs: number }> {
  const token = newToken('poi');
  const now = deps.now();
  await commitChanges(deps, async (tx) => {
    await deleteExpiredOpenIdTokens(tx, now);
    await insertOpenIdToken(tx, { token_hash: hashToken(token), user_id: userId, expires_ts: now + OPENID_TOKEN_LIFETIME_MS });
  });
  return { token, expiresInMs: OPENID_TOKEN_LIFETIME_MS };
}
