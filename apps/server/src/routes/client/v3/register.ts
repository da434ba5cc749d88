import { localpartOf } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { checkUsernameAvailable } from '../../../actions/registerUser.ts';
import { registerAccount } from '../../../identity/registerAccount.ts';
import { registerGuest } from '../../../identity/registerGuest.ts';

export const register = defineEndpoint(contracts.register, {
  rateLimit: 'register',
  handler: async ({ deps, body, query, request }) => {
    if (query.kind === 'guest') {
      // Spec: for a guest every body parameter but initial_device_display_name is ignored.
      return registerGuest(deps, {
        ...(body.initial_device_display_name !== undefined ? { displayName: body.initial_device_display_name } : {}),
        ip: request.ip,
      });
    }
    if (query.kind !== undefined && query.kind !== 'user') throw new MatrixError('M_INVALID_PARAM', 'kind must be user or guest');
    const { userId, session } = await registerAccount(deps, {
      ...(body.username !== undefined ? { username: body.username } : {}),
      ...(body.password !== undefined ? { password: body.password } : {}),
      ...(body.device_id !== undefined ? { deviceId: body.device_id } : {}),
      ...(body.initial_device_display_name !== undefined ? { displayName: body.initial_device_display_name } : {}),
      inhibitLogin: body.inhibit_login === true,
      refreshToken: body.refresh_token === true,
      auth: body.auth,
      ...(body.guest_access_token !== undefined ? { guestAccessToken: body.guest_access_token } : {}),
      ip: request.ip,
    });
    if (!session) return { user_id: userId, home_server: deps.config.serverName };
    request.log.info({ userId: localpartOf(userId) }, 'registered');
    return session;
  },
});

export const checkUsernameAvailability = defineEndpoint(contracts.checkUsernameAvailability, {
  rateLimit: 'register',
  handler: async ({ deps, query }) => {
    if (deps.config.registration === 'closed') throw new MatrixError('M_FORBIDDEN', 'Registration is disabled');
    await checkUsernameAvailable(deps, query.username.toLowerCase());
    return { available: true };
  },
});

export const registrationTokenValidity = defineEndpoint(contracts.registrationTokenValidity, {
  rateLimit: 'register',
  handler: async ({ deps, query }) => {
    if (deps.config.registration === 'closed') throw new MatrixError('M_FORBIDDEN', 'Registration is disabled');
    return { valid: deps.config.registrationTokens.includes(query.token) };
  },
});
