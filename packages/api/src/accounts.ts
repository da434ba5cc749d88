/** Registration, login, logout, tokens and account management (registration.yaml, login.yaml, logout.yaml, refresh.yaml, whoami.yaml, ...). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse } from './schemas.ts';

/** A session: login, register and refresh answer these (login.yaml, registration.yaml). */
const Session = {
  access_token: Type.String(),
  device_id: Type.String(),
  refresh_token: Type.Optional(Type.String()),
  expires_in_ms: Type.Optional(Type.Integer()),
};

export const register = defineContract({
  operationId: 'register',
  method: 'POST',
  path: '/_matrix/client/v3/register',
  r0: true,
  auth: 'none',
  query: Type.Object({ kind: Type.Optional(Type.String()) }),
  body: Type.Object({
    username: Type.Optional(Type.String({ maxLength: 255 })),
    password: Type.Optional(Type.String({ maxLength: 512 })),
    device_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    initial_device_display_name: Type.Optional(Type.String({ maxLength: 512 })),
    inhibit_login: Type.Optional(Type.Boolean()),
    refresh_token: Type.Optional(Type.Boolean()),
    auth: Type.Optional(Type.Unknown()),
    /** Spec, Guest Access: upgrade the guest this token belongs to (with their localpart as `username`). */
    guest_access_token: Type.Optional(Type.String({ maxLength: 1024 })),
  }),
  // access_token and device_id are absent with inhibit_login.
  response: Type.Object({
    user_id: Type.String(),
    access_token: Type.Optional(Type.String()),
    device_id: Type.Optional(Type.String()),
    refresh_token: Type.Optional(Type.String()),
    expires_in_ms: Type.Optional(Type.Integer()),
  }),
});

export const checkUsernameAvailability = defineContract({
  operationId: 'checkUsernameAvailability',
  method: 'GET',
  path: '/_matrix/client/v3/register/available',
  r0: true,
  auth: 'none',
  query: Type.Object({ username: Type.String() }),
  response: Type.Object({ available: Type.Boolean() }),
});

export const registrationTokenValidity = defineContract({
  operationId: 'registrationTokenValidity',
  method: 'GET',
  path: '/_matrix/client/v1/register/m.login.registration_token/validity',
  auth: 'none',
  query: Type.Object({ token: Type.String() }),
  response: Type.Object({ valid: Type.Boolean() }),
});

export const getLoginFlows = defineContract({
  operationId: 'getLoginFlows',
  method: 'GET',
  path: '/_matrix/client/v3/login',
  r0: true,
  auth: 'none',
  response: Type.Object({ flows: Type.Array(Type.Object({ type: Type.String() })) }),
});

export const login = defineContract({
  operationId: 'login',
  method: 'POST',
  path: '/_matrix/client/v3/login',
  r0: true,
  auth: 'none',
  body: Type.Object({
    type: Type.String(),
    identifier: Type.Optional(Type.Unknown()),
    user: Type.Optional(Type.String()),
    password: Type.Optional(Type.String({ maxLength: 512 })),
    device_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    initial_device_display_name: Type.Optional(Type.String({ maxLength: 512 })),
    refresh_token: Type.Optional(Type.Boolean()),
  }),
  response: Type.Object({ user_id: Type.String(), ...Session, home_server: Type.Optional(Type.String()), well_known: Type.Optional(Type.Unknown()) }),
});

export const logout = defineContract({
  operationId: 'logout',
  method: 'POST',
  path: '/_matrix/client/v3/logout',
  r0: true,
  auth: 'required',
  response: EmptyResponse,
});

export const logoutAll = defineContract({
  operationId: 'logout_all',
  method: 'POST',
  path: '/_matrix/client/v3/logout/all',
  r0: true,
  auth: 'required',
  response: EmptyResponse,
});

export const getTokenOwner = defineContract({
  operationId: 'getTokenOwner',
  method: 'GET',
  path: '/_matrix/client/v3/account/whoami',
  r0: true,
  auth: 'required',
  response: Type.Object({ user_id: Type.String(), device_id: Type.Optional(Type.String()), is_guest: Type.Optional(Type.Boolean()) }),
});

export const refresh = defineContract({
  operationId: 'refresh',
  method: 'POST',
  path: '/_matrix/client/v3/refresh',
  auth: 'none',
  body: Type.Object({ refresh_token: Type.String({ maxLength: 512 }) }),
  response: Type.Object({ access_token: Type.String(), refresh_token: Type.Optional(Type.String()), expires_in_ms: Type.Optional(Type.Integer()) }),
});

export const changePassword = defineContract({
  operationId: 'changePassword',
  method: 'POST',
  path: '/_matrix/client/v3/account/password',
  r0: true,
  auth: 'required',
  body: Type.Object({
    new_password: Type.String({ maxLength: 512 }),
    logout_devices: Type.Optional(Type.Boolean()),
    auth: Type.Optional(Type.Unknown()),
  }),
  response: EmptyResponse,
});

export const deactivateAccount = defineContract({
  operationId: 'deactivateAccount',
  method: 'POST',
  path: '/_matrix/client/v3/account/deactivate',
  r0: true,
  auth: 'required',
  body: Type.Object({
    auth: Type.Optional(Type.Unknown()),
    id_server: Type.Optional(Type.String()),
    erase: Type.Optional(Type.Boolean()),
  }),
  response: Type.Object({ id_server_unbind_result: Type.Union([Type.Literal('success'), Type.Literal('no-support')]) }),
});
