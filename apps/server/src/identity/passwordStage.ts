import type { UserId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { findUser } from '../storage/repos/users.ts';
import { identifierUserId } from './identifierUserId.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import type { StageChecker } from './userInteractiveAuth.ts';

/**
 * The m.login.password UIA stage for an authenticated user: the identifier must name that user and the password must match.
 * Every password check draws from the login rate limit, in the bucket POST /login uses for the same client (its address),
 * so guesses through UIA and through /login share one budget; a spent budget is a 429, not a UIA retry.
 */
export function passwordStage(deps: AppDeps, userId: UserId, clientIp: string): StageChecker {
  return async (auth) => {
    if (typeof auth.password !== 'string') throw new MatrixError('M_BAD_JSON', 'Missing password');
    deps.rateLimiter.check('login', deps.config.rateLimits.login, clientIp, deps.now());
    const named = identifierUserId(deps.config.serverName, auth);
    if (named !== userId) throw new MatrixError('M_FORBIDDEN', 'Requested user ID does not match the logged-in user');
    const user = await findUser(deps.database.db, userId);
    const ok = await deps.passwords.check(user?.password_hash, auth.password);
    if (!ok) throw new MatrixError('M_FORBIDDEN', 'Invalid password');
    return true;
  };
}
