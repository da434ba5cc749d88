import { defaultPushRules, type PushAction, type PushCondition, type PushRule, type PushRuleKind, type PushRuleset, type UserId } from '@parley/protocol';
import type { PushRuleRow } from '../storage/repos/pushRules.ts';

/** What a user rule's `rule_json` holds. */
export interface StoredRule {
  actions: PushAction[];
  conditions?: PushCondition[];
  pattern?: string;
}

/**
 * A user's whole ruleset: the server's defaults with the user's changes to them (enabled,
 * actions), and the user's own rules in their order. User rules rank above the defaults of
 * their kind, except `.m.rule.master`, which stays first (push.md, "Predefined Rules").
 */
export function rulesetOf(userId: string, rows: readonly PushRuleRow[]): PushRuleset {
  const ruleset = defaultPushRules(userId as UserId).global;
  const own: Record<PushRuleKind, PushRule[]> = { override: [], content: [], room: [], sender: [], underride: [] };
  for (const row of [...rows].sort((a, b) => a.ordinal - b.ordinal)) {
    const kind = row.kind as PushRuleKind;
    if (!(kind in own)) continue;
    if (row.rule_json === null) {
      const rule = ruleset[kind].find((r) => r.rule_id === row.rule_id);
      if (!rule) continue;
      if (row.enabled !== null) rule.enabled = row.enabled === 1;
      if (row.actions !== null) rule.actions = JSON.parse(row.actions) as PushAction[];
      continue;
    }
    const stored = JSON.parse(row.rule_json) as StoredRule;
    own[kind].push({
      rule_id: row.rule_id,
      default: false,
      enabled: row.enabled !== 0,
      actions: stored.actions,
      ...(stored.conditions !== undefined ? { conditions: stored.conditions } : {}),
      ...(stored.pattern !== undefined ? { pattern: stored.pattern } : {}),
    });
  }
  const [master, ...overrides] = ruleset.override;
  return {
    override: [...(master ? [master] : []), ...own.override, ...overrides],
    content: [...own.content, ...ruleset.content],
    room: [...own.room, ...ruleset.room],
    sender: [...own.sender, ...ruleset.sender],
    underride: [...own.underride, ...ruleset.underride],
  };
}
