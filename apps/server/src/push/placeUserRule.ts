import { MatrixError } from '../errors/MatrixError.ts';
import type { PushRuleRow } from '../storage/repos/pushRules.ts';

/** A user's own rules at most, per user (Parley's bound). */
const MAX_USER_RULES = 500;

/**
 * The rows to write when a user creates or replaces a rule of `kind`: the rule placed
 * `before` (next more important than) or `after` (next less important than) another user
 * rule of that kind; a new rule without either becomes the most important; a replaced rule
 * without either keeps its place. The kind's rules are renumbered 0.. in order. Naming a rule
 * that is not one of the user's rules of this kind is 400 M_UNKNOWN (pushrules.yaml).
 */
export function placeUserRule(
  userId: string,
  kind: string,
  ruleId: string,
  ruleJson: string,
  rows: readonly PushRuleRow[],
  where: { before?: string | undefined; after?: string | undefined },
): PushRuleRow[] {
  const own = rows.filter((r) => r.kind === kind && r.rule_json !== null).sort((a, b) => a.ordinal - b.ordinal);
  const existing = own.find((r) => r.rule_id === ruleId);
  if (!existing && rows.filter((r) => r.rule_json !== null).length >= MAX_USER_RULES) throw new MatrixError('M_UNKNOWN', `At most ${MAX_USER_RULES} push rules per user`);
  const others = own.filter((r) => r.rule_id !== ruleId);
  const row: PushRuleRow = { user_id: userId, kind, rule_id: ruleId, ordinal: 0, rule_json: ruleJson, enabled: existing?.enabled ?? 1, actions: null };
  let index: number;
  const anchor = where.before ?? where.after;
  if (anchor !== undefined) {
    const at = others.findIndex((r) => r.rule_id === anchor);
    if (at < 0) throw new MatrixError('M_UNKNOWN', `before/after rule not found: ${anchor}`);
    index = where.before !== undefined ? at : at + 1;
  } else {
    index = existing ? own.indexOf(existing) : 0;
  }
  const ordered = [...others.slice(0, index), row, ...others.slice(index)];
  return ordered.map((r, i) => ({ ...r, ordinal: i }));
}
