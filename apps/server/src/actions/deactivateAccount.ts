import type { RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { deleteUserAccessTokens } from '../storage/repos/accessTokens.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { deleteUserAccountData } from '../storage/repos/accountData.ts';
import { deleteCrossSigningOfUser } from '../storage/repos/crossSigning.ts';
import { deleteBackupsOfUser } from '../storage/repos/keyBackups.ts';
import { insertDeviceListChange } from '../storage/repos/keys.ts';
import { listDevices } from '../storage/repos/devices.ts';
import { listUserMemberships } from '../storage/repos/memberships.ts';
import { updateUser } from '../storage/repos/users.ts';
import { changeMembership } from './changeMembership.ts';
import { removeDevices } from './removeDevices.ts';

/**
 * Deactivates an account as Synapse does: the password hash is dropped, every token
 * and device is removed, and the user leaves every room they are joined to, invited
 * to or knocking on. With erase, the profile and account data go too. The user row stays, so the user ID can never be registered again.
 */
export async function deactivateAccount(deps: AppDeps, auth: Principal, erase: boolean): Promise<void> {
  const userId = auth.userId;
  await commitChanges(deps, async (tx, feed) => {
    await updateUser(tx, userId, { deactivated: 1, password_hash: null, ...(erase ? { displayname: null, avatar_url: null } : {}) });
    // Erasure also drops non-event data: the profile and the account data.
    if (erase) await deleteUserAccountData(tx, userId);
    await deleteUserAccessTokens(tx, userId);
    // End-to-end encryption state goes in any case: cross-signing keys, signatures, key backups.
    await deleteBackupsOfUser(tx, userId);
    if (await deleteCrossSigningOfUser(tx, userId)) {
      await insertDeviceListChange(tx, userId, await feed.position());
      feed.emit({ kind: 'device_list', userId });
    }
  });
  const devices = await listDevices(deps.database.db, userId);
  await removeDevices(
    deps,
    userId,
    devices.map((d) => d.device_id),
  );
  const memberships = await listUserMemberships(deps.database.db, userId);
  for (const m of memberships) {
    if (m.membership !== 'join' && m.membership !== 'invite' && m.membership !== 'knock') continue;
    try {
      await changeMembership(deps, auth, { roomId: m.room_id as RoomId, change: 'leave', target: userId });
    } catch (err) {
      // One room refusing the leave must not stop the others.
      deps.log.warn({ err, roomId: m.room_id }, 'deactivation: could not leave room');
    }
  }
}
