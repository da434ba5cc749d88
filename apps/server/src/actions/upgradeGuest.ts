import { localpartOf, type UserId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { hashToken } from '../security/tokens.ts';
import { findTokenForAuth } from '../storage/repos/accessTokens.ts';
import { updateUser } from '../storage/repos/users.ts';

/**
 * The guest a `guest_access_token` names, if registering `localpart` may take over that guest's
 * account (spec, "Guest Access": upgrade by /register with the guest's token and their
 * localpart as `username`). As Synapse's check_username: a token that is not a live guest's, or
 * a localpart that is not theirs, is 403 M_FORBIDDEN.
 */
export async function checkGuestUpgrade(deps: AppDeps, guestAccessToken: string, localpart: string): Promise<UserId> {
  const refused = new MatrixError('M_FORBIDDEN', 'Cannot register taken user ID without valid guest credentials for that user');
  const row = await findTokenForAuth(deps.database.db, hashToken(guestAccessToken));
  if (!row || row.is_guest !== 1 || row.deactivated === 1) throw refused;
  if (row.expires_ts !== null && row.expires_ts <= deps.now()) throw refused;
  if (localpartOf(row.user_id as UserId) !== localpart) throw refused;
  return row.user_id as UserId;
}

/** Makes a guest a full account with a password (or none): same user ID, rooms and devices. */
export async function upgradeGuest(deps: AppDeps, userId: UserId, password: string | null): Promise<void> {
  const passwordHash = password === null ? null : await deps.passwords.hash(password);
  await updateUser(deps.database.db, userId, { password_hash: passwordHash, is_guest: 0 });
}
