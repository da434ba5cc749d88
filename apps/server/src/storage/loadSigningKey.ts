import { decodeBase64, encodeUnpaddedBase64, generateSigningKey, signingKeyFromSeed, type SigningKey } from '@parley/protocol/node';
import type { Queryable } from './schema.ts';

/** The server's ed25519 key: generated on first start and kept in the database (inside the data folder for SQLite). */
export async function loadSigningKey(db: Queryable, now: number): Promise<SigningKey> {
  const row = await db.selectFrom('server_keys').selectAll().orderBy('created_ts', 'desc').executeTakeFirst();
  if (row) return signingKeyFromSeed(row.key_id, decodeBase64(row.seed));
  const key = generateSigningKey();
  await db
    .insertInto('server_keys')
    .values({ key_id: key.keyId, seed: encodeUnpaddedBase64(key.seed), created_ts: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const stored = await db.selectFrom('server_keys').selectAll().orderBy('created_ts', 'desc').executeTakeFirstOrThrow();
  return signingKeyFromSeed(stored.key_id, decodeBase64(stored.seed));
}
