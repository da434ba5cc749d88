import type { AppDeps } from '../deps.ts';
import { removeDevices } from '../actions/removeDevices.ts';
import type { Principal } from './Principal.ts';

/** POST /logout: removes the caller's device, with its tokens, keys and to-device queue. */
export async function logOut(deps: AppDeps, principal: Principal): Promise<void> {
  await removeDevices(deps, principal.userId, [principal.deviceId]);
}
