import { localpartOf } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { userInteractiveAuth, type UiaFlow } from '../../../http/userInteractiveAuth.ts';
import { checkUsernameAvailable, registerUser } from '../../../actions/registerUser.ts';
import { createSession } from '../../../actions/createSession.ts';
import { newDeviceId } from '../../../security/tokens.ts';
import type { AppDeps } from '../../../deps.ts';

function registrationFlows(deps: AppDeps): { flows: UiaFlow[]; params: Record<string, unknown> } {
  const stages = deps.config.registration === 'token' ? ['m.login.registration_token'] : ['m.login.dummy'];
  const params: Record<string, unknown> = {};
  if (deps.config.policies.length > 0) {
    stages.push('m.login.terms');
    params['m.login.terms'] = {
      policies: Object.fromEntries(deps.config.policies.map((p) => [p.id, { version: p.version, en: { name: p.name, url: p.url } }])),
    };
  }
  return { flows: [{ stages }], params };
}

export const register = defineEndpoint(contracts.register, {
  rateLimit: 'register',
  handler: async ({ deps, body, query, request }) => {
    if (query.kind === 'guest') throw new MatrixError('M_GUEST_ACCESS_FORBIDDEN', 'Guest access is disabled');
    if (query.kind !== undefined && query.kind !== 'user') throw new MatrixError('M_INVALID_PARAM', 'kind must be user or guest');
    if (deps.config.registration === 'closed') throw new MatrixError('M_FORBIDDEN', 'Registration is disabled');
    const localpart = body.username !== undefined ? body.username.toLowerCase() : `user${newDeviceId().toLowerCase()}`;
    // Check the username before asking for auth, as clients expect (M_USER_IN_USE early).
    await checkUsernameAvailable(deps, localpart);
    const { flows, params } = registrationFlows(deps);
    await userInteractiveAuth(deps, {
      flows,
      params,
      auth: body.auth,
      checkers: {
        'm.login.dummy': async () => true,
        'm.login.terms': async () => true,
        'm.login.registration_token': async (a) => {
          if (typeof a.token !== 'string') throw new MatrixError('M_MISSING_PARAM', 'Missing token');
          if (!deps.config.registrationTokens.includes(a.token)) throw new MatrixError('M_FORBIDDEN', 'Invalid registration token');
          return true;
        },
      },
    });
    const userId = await registerUser(deps, { localpart, password: body.password ?? null });
    if (body.inhibit_login) return { user_id: userId, home_server: deps.config.serverName };
    const session = await createSession(deps, deps.database.db, {
      userId,
      ...(body.device_id !== undefined ? { deviceId: body.device_id } : {}),
      ...(body.initial_device_display_name !== undefined ? { displayName: body.initial_device_display_name } : {}),
      refreshToken: body.refresh_token === true,
      ip: request.ip,
    });
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
