import type { Selectable } from 'kysely';
import type { Queryable, Schema } from '../schema.ts';

export type UiaSessionRow = Selectable<Schema['uia_sessions']>;

/** Starts a user-interactive auth session with no stage completed. */
export async function insertUiaSession(db: Queryable, row: { sessionId: string; params: string; createdTs: number; boundTo: string | null }): Promise<void> {
  await db.insertInto('uia_sessions').values({ session_id: row.sessionId, completed: '[]', params: row.params, created_ts: row.createdTs, bound_to: row.boundTo }).execute();
}

export async function findUiaSession(db: Queryable, sessionId: string): Promise<UiaSessionRow | undefined> {
  return db.selectFrom('uia_sessions').selectAll().where('session_id', '=', sessionId).executeTakeFirst();
}

/** Records the stages completed so far (a JSON array of stage types). */
export async function updateUiaSessionCompleted(db: Queryable, sessionId: string, completed: string): Promise<void> {
  await db.updateTable('uia_sessions').set({ completed }).where('session_id', '=', sessionId).execute();
}

export async function deleteUiaSession(db: Queryable, sessionId: string): Promise<void> {
  await db.deleteFrom('uia_sessions').where('session_id', '=', sessionId).execute();
}
