import type { DeviceId, UserId } from '@parley/protocol';

/**
 * Who is calling, as the authenticator chain (`identity/authenticate.ts`) established it.
 * A discriminated union on `kind`; today one kind is authenticated:
 * - `user`: one of a user's devices, by an access token of that device.
 * The kinds still to come are declared below (`AppservicePrincipal`, `AdminPrincipal`) and join
 * this union when an authenticator makes them; every site that needs a user then narrows on `kind`.
 */
export type Principal = UserPrincipal;

/** A user's device, authenticated by one of its access tokens. */
export interface UserPrincipal {
  kind: 'user';
  userId: UserId;
  deviceId: DeviceId;
  /** The access token used (changing the password keeps it, and logs out the others). */
  tokenId: number;
  /** A server admin (`users.is_admin`): skips rate limits and may call `admin` endpoints. */
  isAdmin: boolean;
  /** A guest account (`users.is_guest`): may use only the endpoints in `guestEndpoints.ts`. */
  isGuest: boolean;
}

/**
 * Declared, not authenticated yet: an application service by its `as_token`, acting as its
 * sender or (with `?user_id=`) as a user in its namespace.
 */
export interface AppservicePrincipal {
  kind: 'appservice';
  appserviceId: string;
  /** The user it acts as. */
  userId: UserId;
}

/** Declared, not authenticated yet: an operator acting through an admin credential rather than as a user. */
export interface AdminPrincipal {
  kind: 'admin';
  /** Who holds the credential, for the audit log. */
  name: string;
}
