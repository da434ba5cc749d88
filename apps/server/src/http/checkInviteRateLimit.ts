import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';

/**
 * Takes one invite from the inviter's `invite` bucket and one from each invitee's
 * `invite_received` bucket (Synapse's rc_invites per_issuer and per_user), so neither one user
 * nor many together can pile invites, and their stripped state, onto another user's /sync.
 * Throws 429 M_LIMIT_EXCEEDED; server admins are not limited.
 */
export function checkInviteRateLimit(deps: AppDeps, auth: Principal, invitees: readonly string[]): void {
  if (auth.isAdmin) return;
  const limits = deps.config.rateLimits;
  const now = deps.now();
  for (const invitee of invitees) {
    deps.rateLimiter.check('invite', limits.invite, auth.userId, now);
    deps.rateLimiter.check('inviteReceived', limits.inviteReceived, invitee, now);
  }
}
