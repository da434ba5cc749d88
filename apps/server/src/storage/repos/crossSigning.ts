import type { Queryable, Schema, Tx } from '../schema.ts';

export type CrossSigningKeyRow = Schema['cross_signing_keys'];
export type KeySignatureRow = Schema['key_signatures'];
export type CrossSigningKeyType = 'master' | 'self_signing' | 'user_signing';

/** The user's stored cross-signing keys by type. */
export async function listCrossSigningKeys(db: Queryable, userId: string): Promise<Partial<Record<CrossSigningKeyType, CrossSigningKeyRow>>> {
  const rows = await db.selectFrom('cross_signing_keys').selectAll().where('user_id', '=', userId).execute();
  return Object.fromEntries(rows.map((r) => [r.key_type, r]));
}

/** Cross-signing keys of several users (all types). */
export async function listCrossSigningKeysOfUsers(db: Queryable, userIds: readonly string[]): Promise<CrossSigningKeyRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('cross_signing_keys').selectAll().where('user_id', 'in', userIds).execute();
}

export async function upsertCrossSigningKey(tx: Tx, row: CrossSigningKeyRow): Promise<void> {
  await tx
    .insertInto('cross_signing_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'key_type']).doUpdateSet({ key_id: row.key_id, key_json: row.key_json, stream: row.stream }))
    .execute();
}

export async function upsertKeySignatures(tx: Tx, rows: readonly KeySignatureRow[]): Promise<void> {
  for (const row of rows) {
    await tx
      .insertInto('key_signatures')
      .values(row)
      .onConflict((oc) => oc.columns(['target_user_id', 'target_key_id', 'signer_user_id', 'signer_key_id']).doUpdateSet({ signature: row.signature, stream: row.stream }))
      .execute();
  }
}

/**
 * Stored signatures on the given users' keys that `viewer` may see (spec, "Key and signature
 * security"): those made by the key's owner (self-signing key on devices, devices on the master
 * key) and those made by the viewer (the viewer's user-signing key on another user's master key).
 */
export async function listVisibleKeySignatures(db: Queryable, userIds: readonly string[], viewer: string): Promise<KeySignatureRow[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('key_signatures')
    .selectAll()
    .where('target_user_id', 'in', userIds)
    .where((eb) => eb.or([eb('signer_user_id', '=', eb.ref('target_user_id')), eb('signer_user_id', '=', viewer)]))
    .execute();
}

/** Signatures `signer` made on the given users' keys. */
export async function listKeySignaturesBy(db: Queryable, userIds: readonly string[], signer: string): Promise<KeySignatureRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('key_signatures').selectAll().where('target_user_id', 'in', userIds).where('signer_user_id', '=', signer).execute();
}

/** Signatures on one user's devices, e.g. when those devices are removed. */
export async function deleteKeySignaturesOnTargets(tx: Tx, userId: string, targetKeyIds: readonly string[]): Promise<void> {
  if (targetKeyIds.length === 0) return;
  await tx.deleteFrom('key_signatures').where('target_user_id', '=', userId).where('target_key_id', 'in', targetKeyIds).execute();
}

/** Everything cross-signing about a user: their keys, signatures on their keys and signatures they made. Returns whether they had keys. */
export async function deleteCrossSigningOfUser(tx: Tx, userId: string): Promise<boolean> {
  const keys = await tx.deleteFrom('cross_signing_keys').where('user_id', '=', userId).executeTakeFirst();
  await tx.deleteFrom('key_signatures').where('target_user_id', '=', userId).execute();
  await tx.deleteFrom('key_signatures').where('signer_user_id', '=', userId).execute();
  return Number(keys.numDeletedRows) > 0;
}
