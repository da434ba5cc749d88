import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Refresh-token rotation and user-interactive auth sessions bound to one user and operation.
 * - access_tokens.refreshed_from: the token row this one was refreshed from; that row is
 *   revoked when this token (or its refresh token) is first used, then the column is cleared.
 * - uia_sessions.bound_to: who started the session and for what, so a session completed
 *   for one operation cannot authorise another.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema.alterTable('access_tokens').addColumn('refreshed_from', 'bigint').execute();
  await db.schema.createIndex('access_tokens_refreshed_from').on('access_tokens').column('refreshed_from').execute();
  await db.schema.alterTable('uia_sessions').addColumn('bound_to', 'text').execute();
}
