import { PUSH_RULE_KINDS, type PushAction, type PushCondition, type PushRuleKind } from '@parley/protocol';
import { MatrixError, invalidParam, missingParam } from '../errors/MatrixError.ts';
import type { StoredRule } from './rulesetOf.ts';

/** Bounds Parley adds where the spec sets none. */
const MAX_RULE_ID_LENGTH = 255;
const MAX_ACTIONS = 20;
const MAX_CONDITIONS = 20;
const MAX_RULE_JSON = 4096;

/** The `kind` path parameter: one of the five kinds, else 400. */
export function checkPushRuleKind(kind: string): PushRuleKind {
  if (!(PUSH_RULE_KINDS as readonly string[]).includes(kind)) throw invalidParam(`Unknown push rule kind: ${kind}`);
  return kind as PushRuleKind;
}

/** A rule ID a user may create: not reserved (a leading dot), no slash or backslash; room and sender rules are named by their room or user. */
export function checkUserRuleId(kind: PushRuleKind, ruleId: string): void {
  if (ruleId.length === 0 || ruleId.length > MAX_RULE_ID_LENGTH) throw invalidParam(`A rule ID is 1 to ${MAX_RULE_ID_LENGTH} characters`);
  if (ruleId.startsWith('.')) throw invalidParam('Rule IDs starting with "." are reserved for server-default rules');
  if (ruleId.includes('/') || ruleId.includes('\\')) throw invalidParam('Rule IDs may not contain "/" or "\\"');
  if (kind === 'room' && !ruleId.startsWith('!')) throw invalidParam('A room rule is named by its room ID');
  if (kind === 'sender' && !ruleId.startsWith('@')) throw invalidParam('A sender rule is named by its user ID');
}

/** `actions`: an array of notify (or the historical dont_notify, coalesce) and set_tweak objects. */
export function checkActions(actions: unknown): PushAction[] {
  if (actions === undefined) throw missingParam('Missing parameters: actions');
  if (!Array.isArray(actions) || actions.length > MAX_ACTIONS) throw invalidParam(`actions must be an array of at most ${MAX_ACTIONS} actions`);
  for (const a of actions) {
    if (a === 'notify' || a === 'dont_notify' || a === 'coalesce') continue;
    if (a !== null && typeof a === 'object' && !Array.isArray(a) && typeof (a as Record<string, unknown>).set_tweak === 'string') continue;
    throw invalidParam(`Unrecognised action: ${JSON.stringify(a)}`);
  }
  return actions as PushAction[];
}

/** The body of PUT /pushrules/global/{kind}/{ruleId}: actions, and conditions (override, underride) or a pattern (content). */
export function checkPushRuleBody(kind: PushRuleKind, body: Record<string, unknown>): StoredRule {
  const actions = checkActions(body.actions);
  const rule: StoredRule = { actions };
  if (kind === 'content') {
    if (body.pattern === undefined) throw missingParam('Missing parameters: pattern (required for content rules)');
    if (typeof body.pattern !== 'string' || body.pattern.length === 0) throw invalidParam('pattern must be a non-empty string');
    rule.pattern = body.pattern;
  }
  if (kind === 'override' || kind === 'underride') {
    if (body.conditions === undefined) throw missingParam(`Missing parameters: conditions (required for ${kind} rules)`);
    const conditions = body.conditions;
    if (!Array.isArray(conditions) || conditions.length > MAX_CONDITIONS) throw invalidParam(`conditions must be an array of at most ${MAX_CONDITIONS} conditions`);
    for (const c of conditions) {
      if (c === null || typeof c !== 'object' || Array.isArray(c) || typeof (c as Record<string, unknown>).kind !== 'string')
        throw invalidParam('Each condition must be an object with a string kind');
    }
    rule.conditions = conditions as PushCondition[];
  }
  if (JSON.stringify(rule).length > MAX_RULE_JSON) throw new MatrixError('M_TOO_LARGE', `A push rule is at most ${MAX_RULE_JSON} characters of JSON`);
  return rule;
}

/** PUT .../enabled: `{"enabled": boolean}`. */
export function checkEnabledBody(body: Record<string, unknown>): boolean {
  if (body.enabled === undefined) throw missingParam('Missing parameters: enabled');
  if (typeof body.enabled !== 'boolean') throw invalidParam('enabled must be a boolean');
  return body.enabled;
}
