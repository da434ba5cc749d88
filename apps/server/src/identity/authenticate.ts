import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import type { AuthRequest } from './AuthRequest.ts';
import type { Authenticator } from './Authenticator.ts';
import type { Principal } from './Principal.ts';
import { authenticateUserToken } from './authenticateUserToken.ts';
import { tokenFromRequest } from './tokenFromRequest.ts';

/**
 * The authenticators, tried in order until one recognises the token. Application services'
 * `as_token`s join this list when appservices exist (their principal kind is declared in Principal.ts).
 */
const AUTHENTICATORS: readonly Authenticator[] = [authenticateUserToken];

/**
 * Who is calling: 401 M_MISSING_TOKEN without a token, 401 M_UNKNOWN_TOKEN (`soft_logout`
 * true when it expired) when no authenticator accepts it. Transport-neutral: the HTTP
 * binding (`app.ts`) and the bench's bulk seeder both call it.
 */
export async function authenticate(deps: AppDeps, request: AuthRequest, now: number): Promise<Principal> {
  const token = tokenFromRequest(request);
  if (!token) throw new MatrixError('M_MISSING_TOKEN', 'Missing access token');
  for (const authenticator of AUTHENTICATORS) {
    const principal = await authenticator(deps, token, request, now);
    if (principal) return principal;
  }
  throw new MatrixError('M_UNKNOWN_TOKEN', 'Unknown access token', { soft_logout: false });
}
