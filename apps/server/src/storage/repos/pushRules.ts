import type { Queryable, Schema, Tx } from '../schema.ts';

export type PushRuleRow = Schema['push_rules'];

/** A user's rows: their own rules and their changes to the server's defaults. */
export async function listPushRuleRows(db: Queryable, userId: string): Promise<PushRuleRow[]> {
  const rows = await db.selectFrom('push_rules').selectAll().where('user_id', '=', userId).execute();
  return rows.map((r) => ({ ...r, ordinal: Number(r.ordinal) }));
}

export async function upsertPushRuleRow(tx: Tx, row: PushRuleRow): Promise<void> {
  await tx
    .insertInto('push_rules')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'rule_id']).doUpdateSet({ ordinal: row.ordinal, rule_json: row.rule_json, enabled: row.enabled, actions: row.actions }))
    .execute();
}

export async function deletePushRuleRow(tx: Tx, userId: string, kind: string, ruleId: string): Promise<void> {
  await tx.deleteFrom('push_rules').where('user_id', '=', userId).where('kind', '=', kind).where('rule_id', '=', ruleId).execute();
}

/** The rows of several users at once (the push evaluator fills its cache with them). */
export async function listPushRuleRowsOf(db: Queryable, userIds: readonly string[]): Promise<PushRuleRow[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('push_rules').selectAll().where('user_id', 'in', userIds).execute();
  return rows.map((r) => ({ ...r, ordinal: Number(r.ordinal) }));
}
