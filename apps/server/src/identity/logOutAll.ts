import type { AppDeps } from '../deps.ts';
import { removeDevices } from '../actions/removeDevices.ts';
import { listDevices } from '../storage/repos/devices.ts';
import { deleteUserAccessTokens } from '../storage/repos/accessTokens.ts';
import type { Principal } from './Principal.ts';

/** POST /logout/all: removes every device of the caller's user, and every token. */
export async function logOutAll(deps: AppDeps, principal: Principal): Promise<void> {
  const devices = await listDevices(deps.database.db, principal.userId);
  await removeDevices(
    deps,
    principal.userId,
    devices.map((d) => d.device_id),
  );
  // Tokens whose device row is already gone die too.
  await deleteUserAccessTokens(deps.database.db, principal.userId);
}
