import type { AppDeps } from '../deps.ts';
import type { AuthRequest } from './AuthRequest.ts';
import type { Principal } from './Principal.ts';

/**
 * Recognises one kind of credential (a user's access token; an appservice's `as_token` later).
 * Returns undefined when the token is not of its kind, so the next authenticator tries it, and
 * throws a MatrixError when it is but may not be used (expired, deactivated).
 */
export type Authenticator = (deps: AppDeps, token: string, request: AuthRequest, now: number) => Promise<Principal | undefined>;
