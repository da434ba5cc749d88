import { makeUserId, parseUserId, type UserId } from '@parley/protocol';
import { MatrixError } from '../errors/MatrixError.ts';

/**
 * The user a login or a password UIA stage names: `identifier` of type m.id.user
 * (a localpart or a full user ID) or the legacy top-level `user` field.
 */
export function identifierUserId(serverName: string, body: { identifier?: unknown; user?: unknown }): UserId {
  let name: unknown = body.user;
  if (body.identifier !== undefined) {
    const id = body.identifier as Record<string, unknown>;
    if (typeof id !== 'object' || id === null || id.type !== 'm.id.user') throw new MatrixError('M_UNKNOWN', 'Only m.id.user identifiers are supported', {}, 400);
    if (typeof id.user !== 'string') throw new MatrixError('M_BAD_JSON', 'identifier.user must be a string');
    name = id.user;
  }
  if (name === undefined) throw new MatrixError('M_BAD_JSON', 'Missing identifier');
  if (typeof name !== 'string') throw new MatrixError('M_BAD_JSON', 'user must be a string');
  const userId = name.startsWith('@') ? parseUserId(name) : makeUserId(name.toLowerCase(), serverName);
  if (!userId) throw new MatrixError('M_FORBIDDEN', 'Invalid username or password');
  return userId;
}
