import { parseUserId } from '@parley/protocol';
import { MatrixError } from '../errors/MatrixError.ts';

/** More ignored users than this in one list is refused: each is a condition on every read. */
export const MAX_IGNORED_USERS = 10_000;

/**
 * Checks an `m.ignored_user_list` account data body before it is stored (spec, "Ignoring Users":
 * `ignored_users` maps user IDs to empty objects). A body that is not of that shape is 400
 * M_BAD_JSON; a key that is not a user ID, or the user's own ID (which Synapse refuses too: one
 * cannot hide one's own messages from oneself), is 400 M_INVALID_PARAM.
 */
export function checkIgnoredUserList(userId: string, content: Record<string, unknown>): void {
  const ignored = content.ignored_users;
  if (typeof ignored !== 'object' || ignored === null || Array.isArray(ignored)) throw new MatrixError('M_BAD_JSON', 'ignored_users must be an object keyed by user ID');
  const entries = Object.entries(ignored as Record<string, unknown>);
  if (entries.length > MAX_IGNORED_USERS) throw new MatrixError('M_INVALID_PARAM', `At most ${MAX_IGNORED_USERS} users may be ignored`);
  for (const [id, value] of entries) {
    if (parseUserId(id) === null) throw new MatrixError('M_INVALID_PARAM', `Not a valid user ID in ignored_users: ${id.slice(0, 300)}`);
    if (id === userId) throw new MatrixError('M_INVALID_PARAM', 'You cannot ignore yourself');
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MatrixError('M_BAD_JSON', 'Each ignored_users entry must be an object');
  }
}
