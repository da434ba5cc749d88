import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { deleteUserAccessTokens } from '../storage/repos/accessTokens.ts';
import { listDevices } from '../storage/repos/devices.ts';
import { updateUser } from '../storage/repos/users.ts';
import { removeDevices } from './removeDevices.ts';

/**
 * Sets a new password (argon2id). With logoutDevices, every other device is deleted
 * and every other access token revoked; the caller's token always survives.
 */
export async function changePassword(deps: AppDeps, auth: Principal, newPassword: string, logoutDevices: boolean): Promise<void> {
  const passwordHash = await deps.passwords.hash(newPassword);
  await deps.database.transaction(async (tx) => {
    await updateUser(tx, auth.userId, { password_hash: passwordHash });
    if (logoutDevices) await deleteUserAccessTokens(tx, auth.userId, auth.tokenId);
  });
  if (!logoutDevices) return;
  const others = (await listDevices(deps.database.db, auth.userId)).map((d) => d.device_id).filter((d) => d !== auth.deviceId);
  await removeDevices(deps, auth.userId, others);
}
