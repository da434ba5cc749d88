import type { UserId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { checkUsernameAvailable, registerUser } from '../actions/registerUser.ts';
import { createSession, type Session } from '../actions/createSession.ts';
import { checkGuestUpgrade, upgradeGuest } from '../actions/upgradeGuest.ts';
import { newDeviceId } from '../security/tokens.ts';
import { userInteractiveAuth, type UiaFlow } from './userInteractiveAuth.ts';

export interface RegistrationRequest {
  username?: string;
  password?: string;
  deviceId?: string;
  displayName?: string;
  /** Create the account without a session. */
  inhibitLogin: boolean;
  refreshToken: boolean;
  /** The UIA `auth` dict, if any. */
  auth: unknown;
  /** A guest's access token: register their account (their localpart as `username`) as a full one. */
  guestAccessToken?: string;
  ip: string;
}

/** One flow: a registration token (or the dummy stage when registration is open), then the terms when there are policies. */
function registrationFlows(deps: AppDeps): { flows: UiaFlow[]; params: Record<string, unknown> } {
  const stages = deps.config.registration === 'token' ? ['m.login.registration_token'] : ['m.login.dummy'];
  const params: Record<string, unknown> = {};
  if (deps.config.policies.length > 0) {
    stages.push('m.login.terms');
    params['m.login.terms'] = {
      policies: Object.fromEntries(deps.config.policies.map((p) => [p.id, { version: p.version, en: { name: p.name, url: p.url } }])),
    };
  }
  return { flows: [{ stages }], params };
}

/**
 * POST /register: the username is checked first (clients expect M_USER_IN_USE before any UIA
 * round), then the registration flow, then the account is created with a session unless
 * `inhibitLogin`. 403 M_FORBIDDEN when registration is closed. With `guestAccessToken` the guest's
 * own account becomes a full one (actions/upgradeGuest.ts) instead of a new one being made.
 */
export async function registerAccount(deps: AppDeps, req: RegistrationRequest): Promise<{ userId: UserId; session: Session | null }> {
  if (deps.config.registration === 'closed') throw new MatrixError('M_FORBIDDEN', 'Registration is disabled');
  const localpart = req.username !== undefined ? req.username.toLowerCase() : `user${newDeviceId().toLowerCase()}`;
  const guest = req.guestAccessToken !== undefined ? await checkGuestUpgrade(deps, req.guestAccessToken, localpart) : undefined;
  if (!guest) await checkUsernameAvailable(deps, localpart);
  const { flows, params } = registrationFlows(deps);
  await userInteractiveAuth(deps, {
    flows,
    params,
    auth: req.auth,
    checkers: {
      'm.login.dummy': async () => true,
      'm.login.terms': async () => true,
      'm.login.registration_token': async (a) => {
        if (typeof a.token !== 'string') throw new MatrixError('M_MISSING_PARAM', 'Missing token');
        if (!deps.config.registrationTokens.includes(a.token)) throw new MatrixError('M_FORBIDDEN', 'Invalid registration token');
        return true;
      },
    },
  });
  let userId: UserId;
  if (guest) {
    await upgradeGuest(deps, guest, req.password ?? null);
    userId = guest;
  } else {
    userId = await registerUser(deps, { localpart, password: req.password ?? null });
  }
  if (req.inhibitLogin) return { userId, session: null };
  const session = await createSession(deps, deps.database.db, {
    userId,
    ...(req.deviceId !== undefined ? { deviceId: req.deviceId } : {}),
    ...(req.displayName !== undefined ? { displayName: req.displayName } : {}),
    refreshToken: req.refreshToken,
    ip: req.ip,
  });
  return { userId, session };
}
