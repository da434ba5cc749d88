import { randomInt } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { registerUser } from '../actions/registerUser.ts';
import { createSession, type Session } from '../actions/createSession.ts';

export interface GuestRegistrationRequest {
  displayName?: string;
  ip: string;
}

/** Tries before giving up on finding a free numeric localpart (12 digits: a clash is already rare). */
const LOCALPART_TRIES = 5;

/**
 * POST /register?kind=guest (spec, "Guest Access"): a new guest account, with a numeric
 * localpart as Synapse gives its guests, no password and no UIA, and a session for one device.
 * 403 M_GUEST_ACCESS_FORBIDDEN unless `guest_access.enabled`; what the guest may then do is
 * identity/checkGuestAccess.ts. A guest becomes a full account through the ordinary /register
 * with their `guest_access_token` (identity/registerAccount.ts, actions/upgradeGuest.ts).
 */
export async function registerGuest(deps: AppDeps, req: GuestRegistrationRequest): Promise<Session> {
  if (!deps.config.guestAccess.enabled) throw new MatrixError('M_GUEST_ACCESS_FORBIDDEN', 'Guest access is disabled');
  for (let attempt = 1; ; attempt++) {
    const localpart = String(randomInt(100_000_000_000, 1_000_000_000_000));
    try {
      const userId = await registerUser(deps, { localpart, password: null, guest: true });
      return await createSession(deps, deps.database.db, {
        userId,
        ...(req.displayName !== undefined ? { displayName: req.displayName } : {}),
        refreshToken: false,
        ip: req.ip,
      });
    } catch (err) {
      if (!(err instanceof MatrixError && err.errcode === 'M_USER_IN_USE') || attempt >= LOCALPART_TRIES) throw err;
    }
  }
}
