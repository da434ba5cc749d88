import { findAccountData } from '../storage/repos/accountData.ts';
import type { Queryable } from '../storage/schema.ts';

const NOBODY: ReadonlySet<string> = new Set();

/**
 * The users `userId` ignores (their `m.ignored_user_list` global account data, checked on the
 * way in by actions/checkIgnoredUserList.ts). One indexed read; /sync keeps the answer in
 * SyncCache.ignoredUsers between wake-ups, so only a change of account data reads it again.
 */
export async function loadIgnoredUsers(db: Queryable, userId: string): Promise<ReadonlySet<string>> {
  const row = await findAccountData(db, userId, '', 'm.ignored_user_list');
  if (!row) return NOBODY;
  const ignored = (JSON.parse(row.content) as { ignored_users?: unknown }).ignored_users;
  if (typeof ignored !== 'object' || ignored === null) return NOBODY;
  const ids = Object.keys(ignored);
  return ids.length === 0 ? NOBODY : new Set(ids);
}
