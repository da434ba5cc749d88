import type { Queryable, Schema } from '../schema.ts';

export type OpenIdTokenRow = Schema['openid_tokens'];

export async function insertOpenIdToken(db: Queryable, row: OpenIdTokenRow): Promise<void> {
  await db.insertInto('openid_tokens').values(row).execute();
}

/** The user an unexpired token was issued to. */
export async function findOpenIdTokenUser(db: Queryable, tokenHash: string, now: number): Promise<string | undefined> {
  const row = await db.selectFrom('openid_tokens').select('user_id').where('token_hash', '=', tokenHash).where('expires_ts', '>', now).executeTakeFirst();
  return row?.user_id;
}

export async function deleteExpiredOpenIdTokens(db: Queryable, now: number): Promise<void> {
  await db.deleteFrom('openid_tokens').where('expires_ts', '<=', now).execute();
}
