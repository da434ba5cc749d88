import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { storePushRulesAccountData } from '../push/storePushRulesAccountData.ts';
import { listPushRuleRows, type PushRuleRow } from '../storage/repos/pushRules.ts';
import type { Tx } from '../storage/schema.ts';

/**
 * Changes a user's push rules: `edit` sees the user's rows and writes through the
 * transaction; afterwards the whole ruleset is stored as the user's global `m.push_rules`
 * account data and their /sync is woken (push/storePushRulesAccountData.ts).
 */
export async function updatePushRules(deps: AppDeps, userId: string, edit: (tx: Tx, rows: PushRuleRow[]) => Promise<void>): Promise<void> {
  await commitChanges(deps, async (tx, feed) => {
    await edit(tx, await listPushRuleRows(tx, userId));
    await storePushRulesAccountData(tx, feed, userId);
  });
}
