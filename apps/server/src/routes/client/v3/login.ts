import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { loginFlows } from '../../../identity/loginFlows.ts';
import { logIn } from '../../../identity/logIn.ts';
import { logOut } from '../../../identity/logOut.ts';
import { logOutAll } from '../../../identity/logOutAll.ts';

export const getLoginFlows = defineEndpoint(contracts.getLoginFlows, {
  handler: async () => ({ flows: loginFlows }),
});

export const login = defineEndpoint(contracts.login, {
  rateLimit: 'login',
  handler: async ({ deps, body, request }) =>
    logIn(deps, {
      type: body.type,
      identifier: body.identifier,
      ...(body.user !== undefined ? { user: body.user } : {}),
      ...(body.password !== undefined ? { password: body.password } : {}),
      ...(body.device_id !== undefined ? { deviceId: body.device_id } : {}),
      ...(body.initial_device_display_name !== undefined ? { displayName: body.initial_device_display_name } : {}),
      refreshToken: body.refresh_token === true,
      ip: request.ip,
    }),
});

export const logout = defineEndpoint(contracts.logout, {
  handler: async ({ deps, auth }) => {
    await logOut(deps, auth);
    return {};
  },
});

export const logoutAll = defineEndpoint(contracts.logoutAll, {
  handler: async ({ deps, auth }) => {
    await logOutAll(deps, auth);
    return {};
  },
});

export const getTokenOwner = defineEndpoint(contracts.getTokenOwner, {
  handler: async ({ auth }) => ({ user_id: auth.userId, device_id: auth.deviceId, is_guest: auth.isGuest }),
});
