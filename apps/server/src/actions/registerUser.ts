import { isValidLocalpart, makeUserId, type UserId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findUser, insertUser } from '../storage/repos/users.ts';

export interface RegisterInput {
  localpart: string;
  password: string | null;
  admin?: boolean;
  /** A guest account (spec, "Guest Access"). */
  guest?: boolean;
}

/** Checks a localpart for registration: grammar, length, and not taken. */
export async function checkUsernameAvailable(deps: AppDeps, localpart: string): Promise<UserId> {
  if (!isValidLocalpart(localpart)) throw new MatrixError('M_INVALID_USERNAME', 'User ID may only contain a-z, 0-9, ., _, =, -, / and +');
  const userId = makeUserId(localpart, deps.config.serverName);
  if (userId.length > 255) throw new MatrixError('M_INVALID_USERNAME', 'User ID is too long');
  if (await findUser(deps.database.db, userId)) throw new MatrixError('M_USER_IN_USE', 'User ID already taken');
  return userId;
}

/** Creates the account row; sessions are made separately. */
export async function registerUser(deps: AppDeps, input: RegisterInput): Promise<UserId> {
  const userId = await checkUsernameAvailable(deps, input.localpart);
  const passwordHash = input.password === null ? null : await deps.passwords.hash(input.password);
  try {
    await insertUser(deps.database.db, {
      user_id: userId,
      password_hash: passwordHash,
      is_admin: input.admin ? 1 : 0,
      is_guest: input.guest ? 1 : 0,
      deactivated: 0,
      displayname: input.localpart,
      avatar_url: null,
      created_ts: deps.now(),
    });
  } catch (err) {
    if (await findUser(deps.database.db, userId)) throw new MatrixError('M_USER_IN_USE', 'User ID already taken');
    throw err;
  }
  return userId;
}
