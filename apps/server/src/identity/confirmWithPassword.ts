import type { AppDeps } from '../deps.ts';
import type { Principal } from './Principal.ts';
import { passwordStage } from './passwordStage.ts';
import { userInteractiveAuth, type UiaFlow } from './userInteractiveAuth.ts';

const PASSWORD_FLOWS: UiaFlow[] = [{ stages: ['m.login.password'] }];

/**
 * UIA for a sensitive request of a logged-in user (change the password, deactivate, delete
 * devices): one flow, m.login.password for that same user. `operation` names the request with its
 * arguments, so a session started for one request cannot complete another.
 */
export async function confirmWithPassword(deps: AppDeps, principal: Principal, auth: unknown, operation: string, clientIp: string): Promise<void> {
  await userInteractiveAuth(deps, {
    flows: PASSWORD_FLOWS,
    params: {},
    auth,
    bind: `${principal.userId} ${operation}`,
    checkers: { 'm.login.password': passwordStage(deps, principal.userId, clientIp) },
  });
}
