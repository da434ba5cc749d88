import { MatrixError } from '../errors/MatrixError.ts';
import type { Principal } from '../identity/Principal.ts';
import type { AuthMode } from './endpoint.ts';

/**
 * Whether the authenticated caller may use an endpoint of this auth mode (`none`, `optional` and
 * `required` ask nothing more than authentication): `admin` wants a server admin, 403 M_FORBIDDEN
 * otherwise; `appservice` wants an application service, which no caller can be yet, so 403.
 */
export function checkAuthMode(mode: AuthMode, principal: Principal | null): void {
  if (mode === 'admin') {
    if (principal?.kind !== 'user' || !principal.isAdmin) throw new MatrixError('M_FORBIDDEN', 'You are not a server admin');
  } else if (mode === 'appservice') {
    // Only an as_token makes an appservice principal, and no authenticator accepts one yet.
    throw new MatrixError('M_FORBIDDEN', 'Only application services may use this endpoint');
  }
}
