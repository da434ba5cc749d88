import type { PushRule, PushRuleKind } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError, invalidParam, notFound } from '../../../errors/MatrixError.ts';
import type { AppDeps } from '../../../deps.ts';
import { rulesetOf } from '../../../push/rulesetOf.ts';
import { checkActions, checkEnabledBody, checkPushRuleBody, checkPushRuleKind, checkUserRuleId } from '../../../push/checkPushRuleBody.ts';
import { placeUserRule } from '../../../push/placeUserRule.ts';
import { listPushRuleRows, deletePushRuleRow, upsertPushRuleRow } from '../../../storage/repos/pushRules.ts';
import { updatePushRules } from '../../../actions/updatePushRules.ts';

async function loadRuleset(deps: AppDeps, userId: string): Promise<{ global: ReturnType<typeof rulesetOf> }> {
  return { global: rulesetOf(userId, await listPushRuleRows(deps.database.db, userId)) };
}

/** The rule named by the path, or 404 M_NOT_FOUND. */
async function getRule(deps: AppDeps, userId: string, kindParam: string, ruleId: string): Promise<{ kind: PushRuleKind; rule: PushRule }> {
  const kind = checkPushRuleKind(kindParam);
  const { global } = await loadRuleset(deps, userId);
  const rule = global[kind].find((r) => r.rule_id === ruleId);
  if (!rule) throw notFound(`No ${kind} push rule ${ruleId}`);
  return { kind, rule };
}

export const getPushRules = defineEndpoint(contracts.getPushRules, {
  handler: async ({ deps, auth }) => loadRuleset(deps, auth.userId),
});

export const getPushRulesNoSlash = defineEndpoint(contracts.getPushRulesNoSlash, {
  handler: async ({ deps, auth }) => loadRuleset(deps, auth.userId),
});

export const getPushRulesGlobal = defineEndpoint(contracts.getPushRulesGlobal, {
  handler: async ({ deps, auth }) => (await loadRuleset(deps, auth.userId)).global as unknown as Record<string, unknown>,
});

export const getPushRule = defineEndpoint(contracts.getPushRule, {
  handler: async ({ deps, auth, params }) => (await getRule(deps, auth.userId, params.kind, params.ruleId)).rule,
});

export const deletePushRule = defineEndpoint(contracts.deletePushRule, {
  handler: async ({ deps, auth, params }) => {
    const { kind, rule } = await getRule(deps, auth.userId, params.kind, params.ruleId);
    if (rule.default) throw new MatrixError('M_INVALID_PARAM', 'Server-default rules cannot be deleted');
    await updatePushRules(deps, auth.userId, (tx) => deletePushRuleRow(tx, auth.userId, kind, rule.rule_id));
    return {};
  },
});

export const setPushRule = defineEndpoint(contracts.setPushRule, {
  handler: async ({ deps, auth, params, query, body }) => {
    const kind = checkPushRuleKind(params.kind);
    checkUserRuleId(kind, params.ruleId);
    const stored = checkPushRuleBody(kind, body);
    await updatePushRules(deps, auth.userId, async (tx, rows) => {
      for (const row of placeUserRule(auth.userId, kind, params.ruleId, JSON.stringify(stored), rows, query)) await upsertPushRuleRow(tx, row);
    });
    return {};
  },
});

export const isPushRuleEnabled = defineEndpoint(contracts.isPushRuleEnabled, {
  handler: async ({ deps, auth, params }) => ({ enabled: (await getRule(deps, auth.userId, params.kind, params.ruleId)).rule.enabled }),
});

export const setPushRuleEnabled = defineEndpoint(contracts.setPushRuleEnabled, {
  handler: async ({ deps, auth, params, body }) => {
    const enabled = checkEnabledBody(body);
    const { kind, rule } = await getRule(deps, auth.userId, params.kind, params.ruleId);
    await updatePushRules(deps, auth.userId, async (tx, rows) => {
      const row = rows.find((r) => r.kind === kind && r.rule_id === rule.rule_id);
      await upsertPushRuleRow(tx, row ? { ...row, enabled: enabled ? 1 : 0 } : defaultOverride(auth.userId, kind, rule.rule_id, { enabled: enabled ? 1 : 0 }));
    });
    return {};
  },
});

export const getPushRuleActions = defineEndpoint(contracts.getPushRuleActions, {
  handler: async ({ deps, auth, params }) => ({ actions: (await getRule(deps, auth.userId, params.kind, params.ruleId)).rule.actions }),
});

export const setPushRuleActions = defineEndpoint(contracts.setPushRuleActions, {
  handler: async ({ deps, auth, params, body }) => {
    const actions = checkActions(body.actions);
    const { kind, rule } = await getRule(deps, auth.userId, params.kind, params.ruleId);
    await updatePushRules(deps, auth.userId, async (tx, rows) => {
      const row = rows.find((r) => r.kind === kind && r.rule_id === rule.rule_id);
      if (!row) return upsertPushRuleRow(tx, defaultOverride(auth.userId, kind, rule.rule_id, { actions: JSON.stringify(actions) }));
      if (row.rule_json === null) return upsertPushRuleRow(tx, { ...row, actions: JSON.stringify(actions) });
      const stored = JSON.parse(row.rule_json) as Record<string, unknown>;
      if (!Array.isArray(stored.actions)) throw invalidParam('Stored rule is malformed');
      return upsertPushRuleRow(tx, { ...row, rule_json: JSON.stringify({ ...stored, actions }) });
    });
    return {};
  },
});

/** A row holding a user's change to a server-default rule. */
function defaultOverride(userId: string, kind: string, ruleId: string, change: { enabled?: number; actions?: string }) {
  return { user_id: userId, kind, rule_id: ruleId, ordinal: 0, rule_json: null, enabled: change.enabled ?? null, actions: change.actions ?? null };
}
