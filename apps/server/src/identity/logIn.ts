import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { createSession, type Session } from '../actions/createSession.ts';
import { findUser } from '../storage/repos/users.ts';
import { deleteDeviceAccessTokens } from '../storage/repos/accessTokens.ts';
import { identifierUserId } from './identifierUserId.ts';

export interface LoginRequest {
  type: string;
  /** `identifier` (m.id.user) or the legacy `user`. */
  identifier?: unknown;
  user?: string;
  password?: string;
  deviceId?: string;
  displayName?: string;
  refreshToken: boolean;
  ip: string;
}

/**
 * POST /login with a password: checks the credentials and opens a session (a device and its
 * tokens). A wrong user or password is the same 403 M_FORBIDDEN; a deactivated account says so.
 */
export async function logIn(deps: AppDeps, req: LoginRequest): Promise<Session> {
  if (req.type !== 'm.login.password') throw new MatrixError('M_UNKNOWN', `Unsupported login type ${req.type}`, {}, 400);
  if (req.password === undefined) throw new MatrixError('M_BAD_JSON', 'Missing password');
  const userId = identifierUserId(deps.config.serverName, req);
  const user = await findUser(deps.database.db, userId);
  // Deactivation drops the password hash, so (like Synapse) a deactivated account is reported as such.
  if (user?.deactivated) throw new MatrixError('M_USER_DEACTIVATED', 'This account has been deactivated');
  const ok = await deps.passwords.check(user?.password_hash, req.password);
  if (!user || !ok) throw new MatrixError('M_FORBIDDEN', 'Invalid username or password');
  if (req.deviceId !== undefined) {
    // Logging in with an existing device ID replaces that device's old tokens.
    await deleteDeviceAccessTokens(deps.database.db, userId, req.deviceId);
  }
  return createSession(deps, deps.database.db, {
    userId,
    ...(req.deviceId !== undefined ? { deviceId: req.deviceId } : {}),
    ...(req.displayName !== undefined ? { displayName: req.displayName } : {}),
    refreshToken: req.refreshToken,
    ip: req.ip,
  });
}
