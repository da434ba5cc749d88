import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { rulesetOf } from '../push/rulesetOf.ts';
import { upsertAccountData } from '../storage/repos/accountData.ts';
import { listPushRuleRows, type PushRuleRow } from '../storage/repos/pushRules.ts';
import type { Tx } from '../storage/schema.ts';

/**
 * Changes a user's push rules: `edit` sees the user's rows and writes through the
 * transaction; afterwards the whole ruleset is stored as the user's global `m.push_rules`
 * account data (where clients such as Element read it from /sync) and their /sync is woken.
 * The push evaluator drops its cached copy when it reaches this change in the feed.
 */
export async function updatePushRules(deps: AppDeps, userId: string, edit: (tx: Tx, rows: PushRuleRow[]) => Promise<void>): Promise<void> {
  await commitChanges(deps, async (tx, feed) => {
    await edit(tx, await listPushRuleRows(tx, userId));
    const ruleset = rulesetOf(userId, await listPushRuleRows(tx, userId));
    const position = await feed.position();
    await upsertAccountData(tx, { user_id: userId, room_id: '', type: 'm.push_rules', content: JSON.stringify({ global: ruleset }), stream: position });
    feed.emit({ kind: 'account_data', userId, roomId: null, type: 'm.push_rules' });
  });
}
