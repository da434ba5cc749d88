import type { PushCondition } from '@parley/protocol';
import type { FeedWriter } from '../feed/FeedWriter.ts';
import { listPushRuleRows, upsertPushRuleRow, type PushRuleRow } from '../storage/repos/pushRules.ts';
import type { Tx } from '../storage/schema.ts';
import type { StoredRule } from './rulesetOf.ts';
import { storePushRulesAccountData } from './storePushRulesAccountData.ts';

/** A rule that names the room: its room rule (rule ID = room ID), or a rule with a `room_id` condition on it. */
function namesRoom(row: PushRuleRow, stored: StoredRule, roomId: string): boolean {
  if (row.kind === 'room') return row.rule_id === roomId;
  return (stored.conditions ?? []).some((c) => c.kind === 'event_match' && c.key === 'room_id' && c.pattern === roomId);
}

/**
 * Copies a user's push rules for an upgraded room to its replacement (room_upgrades.md: the
 * user's personalised settings follow; Synapse copies every rule that names the old room):
 * the room rule, and override/underride rules with a `room_id` condition on the old room,
 * each renamed (the old room ID in the rule ID becomes the new one) and placed just before
 * the rule it copies. A rule the user already has for the new room is left as it is. Written
 * in the caller's transaction; the user's `m.push_rules` account data follows.
 */
export async function copyRoomPushRules(tx: Tx, feed: FeedWriter, userId: string, oldRoomId: string, newRoomId: string): Promise<void> {
  const rows = await listPushRuleRows(tx, userId);
  const own = rows.filter((r) => r.rule_json !== null);
  const copies: Array<{ of: PushRuleRow; row: PushRuleRow }> = [];
  for (const row of own) {
    const stored = JSON.parse(row.rule_json!) as StoredRule;
    if (!namesRoom(row, stored, oldRoomId)) continue;
    const ruleId = row.rule_id.split(oldRoomId).join(newRoomId);
    if (ruleId === row.rule_id || own.some((r) => r.kind === row.kind && r.rule_id === ruleId)) continue;
    const conditions = stored.conditions?.map((c): PushCondition =>
      c.kind === 'event_match' && c.key === 'room_id' && c.pattern === oldRoomId ? { ...c, pattern: newRoomId } : c,
    );
    const copy: StoredRule = { ...stored, ...(conditions ? { conditions } : {}) };
    copies.push({ of: row, row: { ...row, rule_id: ruleId, rule_json: JSON.stringify(copy) } });
  }
  if (copies.length === 0) return;
  for (const kind of new Set(copies.map((c) => c.of.kind))) {
    const ordered = own.filter((r) => r.kind === kind).sort((a, b) => a.ordinal - b.ordinal);
    const withCopies = ordered.flatMap((r) => [...copies.filter((c) => c.of === r).map((c) => c.row), r]);
    for (const [i, r] of withCopies.entries()) await upsertPushRuleRow(tx, { ...r, ordinal: i });
  }
  await storePushRulesAccountData(tx, feed, userId);
}
