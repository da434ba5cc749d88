import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { createSession } from '../../../actions/createSession.ts';
import { findUser } from '../../../storage/repos/users.ts';
import { listDevices } from '../../../storage/repos/devices.ts';
import { deleteDeviceAccessTokens, deleteUserAccessTokens } from '../../../storage/repos/accessTokens.ts';
import { removeDevices } from '../../../actions/removeDevices.ts';
import { identifierUserId } from '../../../http/identifierUserId.ts';

export const getLoginFlows = defineEndpoint(contracts.getLoginFlows, {
  handler: async () => ({ flows: [{ type: 'm.login.password' }] }),
});

export const login = defineEndpoint(contracts.login, {
  rateLimit: 'login',
  handler: async ({ deps, body, request }) => {
    if (body.type !== 'm.login.password') throw new MatrixError('M_UNKNOWN', `Unsupported login type ${body.type}`, {}, 400);
    if (body.password === undefined) throw new MatrixError('M_BAD_JSON', 'Missing password');
    const userId = identifierUserId(deps.config.serverName, body);
    const user = await findUser(deps.database.db, userId);
    // Deactivation drops the password hash, so (like Synapse) a deactivated account is reported as such.
    if (user?.deactivated) throw new MatrixError('M_USER_DEACTIVATED', 'This account has been deactivated');
    const ok = await deps.passwords.check(user?.password_hash, body.password);
    if (!user || !ok) throw new MatrixError('M_FORBIDDEN', 'Invalid username or password');
    if (body.device_id !== undefined) {
      // Logging in with an existing device ID replaces that device's old tokens.
      await deleteDeviceAccessTokens(deps.database.db, userId, body.device_id);
    }
    return createSession(deps, deps.database.db, {
      userId,
      ...(body.device_id !== undefined ? { deviceId: body.device_id } : {}),
      ...(body.initial_device_display_name !== undefined ? { displayName: body.initial_device_display_name } : {}),
      refreshToken: body.refresh_token === true,
      ip: request.ip,
    });
  },
});

export const logout = defineEndpoint(contracts.logout, {
  handler: async ({ deps, auth }) => {
    await removeDevices(deps, auth.userId, [auth.deviceId]);
    return {};
  },
});

export const logoutAll = defineEndpoint(contracts.logoutAll, {
  handler: async ({ deps, auth }) => {
    const devices = await listDevices(deps.database.db, auth.userId);
    await removeDevices(
      deps,
      auth.userId,
      devices.map((d) => d.device_id),
    );
    // Tokens whose device row is already gone die too.
    await deleteUserAccessTokens(deps.database.db, auth.userId);
    return {};
  },
});

export const getTokenOwner = defineEndpoint(contracts.getTokenOwner, {
  handler: async ({ auth }) => ({ user_id: auth.userId, device_id: auth.deviceId, is_guest: false }),
});
