import type { FeedWriter } from '../feed/FeedWriter.ts';
import { upsertAccountData } from '../storage/repos/accountData.ts';
import { listPushRuleRows } from '../storage/repos/pushRules.ts';
import type { Tx } from '../storage/schema.ts';
import { rulesetOf } from './rulesetOf.ts';

/**
 * Stores a user's whole ruleset as their global `m.push_rules` account data (where clients
 * such as Element read it from /sync) and wakes their /sync; the push evaluator drops its
 * cached copy when it reaches this change in the feed.
 */
export async function storePushRulesAccountData(tx: Tx, feed: FeedWriter, userId: string): Promise<void> {
  const ruleset = rulesetOf(userId, await listPushRuleRows(tx, userId));
  const position = await feed.position();
  await upsertAccountData(tx, { user_id: userId, room_id: '', type: 'm.push_rules', content: JSON.stringify({ global: ruleset }), stream: position });
  feed.emit({ kind: 'account_data', userId, roomId: null, type: 'm.push_rules' });
}
