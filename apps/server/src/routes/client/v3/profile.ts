import { parseUserId, serverNameOf, type UserId } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError, forbidden, invalidParam, notFound } from '../../../errors/MatrixError.ts';
import { findUser, type UserRow } from '../../../storage/repos/users.ts';
import { updateProfile, type ProfilePatch } from '../../../actions/updateProfile.ts';
import type { AppDeps } from '../../../deps.ts';

const MAX_DISPLAYNAME = 256;
const MAX_AVATAR_URL = 1000;
/** The spec's keyName grammar; only displayname and avatar_url are stored. */
const KEY_NAME = /^(avatar_url|displayname|m\.tz|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+)$/;
const MXC = /^mxc:\/\/[A-Za-z0-9.:\-[\]]+\/[A-Za-z0-9_-]+$/;

type Field = 'displayname' | 'avatar_url';

async function profileOwner(deps: AppDeps, userIdParam: string): Promise<UserRow> {
  const userId = parseUserId(userIdParam);
  if (!userId) throw invalidParam('Invalid user ID');
  const user = serverNameOf(userId) === deps.config.serverName ? await findUser(deps.database.db, userId) : undefined;
  if (!user) throw notFound('Profile not found');
  return user;
}

function checkKeyName(keyName: string): Field | null {
  if (!KEY_NAME.test(keyName)) throw invalidParam('Invalid profile key');
  return keyName === 'displayname' || keyName === 'avatar_url' ? keyName : null;
}

/** The value to store: a string, or null to remove the field (an empty string removes it, as in Synapse). */
function checkValue(field: Field, value: unknown): string | null {
  if (value === null || value === '') return null;
  if (typeof value !== 'string') throw new MatrixError('M_BAD_JSON', `${field} must be a string`);
  if (field === 'displayname' && value.length > MAX_DISPLAYNAME) throw invalidParam(`displayname is longer than ${MAX_DISPLAYNAME} characters`);
  if (field === 'avatar_url' && (value.length > MAX_AVATAR_URL || !MXC.test(value))) throw invalidParam('avatar_url must be an mxc:// URI');
  return value;
}

export const getUserProfile = defineEndpoint(contracts.getUserProfile, {
  handler: async ({ deps, params }) => {
    const user = await profileOwner(deps, params.userId);
    return {
      ...(user.displayname !== null ? { displayname: user.displayname } : {}),
      ...(user.avatar_url !== null ? { avatar_url: user.avatar_url } : {}),
    };
  },
});

export const getProfileField = defineEndpoint(contracts.getProfileField, {
  handler: async ({ deps, params }) => {
    const field = checkKeyName(params.keyName);
    const user = await profileOwner(deps, params.userId);
    const value = field ? user[field] : null;
    if (value === null) throw notFound(`No ${params.keyName} set`);
    return { [params.keyName]: value };
  },
});

export const setProfileField = defineEndpoint(contracts.setProfileField, {
  // One member event per joined room, as a join writes: the same budget.
  rateLimit: 'join',
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot set the profile of another user');
    const field = checkKeyName(params.keyName);
    if (!field) throw forbidden(`Setting ${params.keyName} is not supported; see the m.profile_fields capability`);
    if (!(field in body)) throw new MatrixError('M_MISSING_PARAM', `Missing ${field}`);
    const patch: ProfilePatch = { [field]: checkValue(field, body[field]) };
    await updateProfile(deps, auth.userId as UserId, patch);
    return {};
  },
});

export const deleteProfileField = defineEndpoint(contracts.deleteProfileField, {
  rateLimit: 'join',
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot change the profile of another user');
    const field = checkKeyName(params.keyName);
    if (field) await updateProfile(deps, auth.userId as UserId, { [field]: null });
    return {};
  },
});
