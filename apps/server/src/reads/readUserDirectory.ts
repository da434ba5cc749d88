import { MAX_USER_SEARCH_LIMIT } from '@parley/api';
import { searchUserDirectory } from '../storage/repos/userDirectory.ts';
import type { AppDeps } from '../deps.ts';
import type { Viewer } from './Viewer.ts';

/** Words of a search term beyond this many are ignored (each one is a condition on every user row). */
export const MAX_USER_SEARCH_WORDS = 8;
const DEFAULT_LIMIT = 10;

export interface UserDirectoryResult {
  results: Array<{ user_id: string; display_name?: string; avatar_url?: string }>;
  limited: boolean;
}

/**
 * The people the viewer may find whose display name has a word starting with each word of the
 * term, or whose user ID contains it (POST /user_directory/search). Whom the viewer may find is
 * storage/repos/userDirectory.ts's rule, widened to every active user by
 * `user_directory.search_all_users`. The term is matched literally (no pattern syntax) and the
 * caller bounds its length; the limit defaults to 10 and is capped at MAX_USER_SEARCH_LIMIT.
 */
export async function readUserDirectory(
  deps: Pick<AppDeps, 'database' | 'config'>,
  viewer: Viewer,
  query: { search_term: string; limit?: number | undefined },
): Promise<UserDirectoryResult> {
  const words = query.search_term
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .slice(0, MAX_USER_SEARCH_WORDS);
  const limit = Math.min(query.limit ?? DEFAULT_LIMIT, MAX_USER_SEARCH_LIMIT);
  if (words.length === 0 || limit === 0) return { results: [], limited: false };
  const rows = await searchUserDirectory(deps.database.db, deps.database.dialect, {
    searcherId: viewer.userId,
    words,
    searchAll: deps.config.userDirectory.searchAllUsers,
    limit: limit + 1,
  });
  return {
    results: rows.slice(0, limit).map((r) => ({
      user_id: r.user_id,
      ...(r.displayname !== null ? { display_name: r.displayname } : {}),
      ...(r.avatar_url !== null ? { avatar_url: r.avatar_url } : {}),
    })),
    limited: rows.length > limit,
  };
}
