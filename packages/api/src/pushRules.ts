/** Push rules beyond the full listing (pushrules.yaml) and the notifications list (notifications.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { ClientEvent, EmptyResponse, JsonObject } from './schemas.ts';

/** `kind` is checked by the route (400 for an unknown kind, as the spec's error table says). */
const RuleParams = Type.Object({ kind: Type.String(), ruleId: Type.String() });
const common = { r0: true, auth: 'required' } as const;

export const getPushRulesGlobal = defineContract({
  ...common,
  operationId: 'getPushRulesGlobal',
  method: 'GET',
  path: '/_matrix/client/v3/pushrules/global/',
  response: JsonObject,
});

export const getPushRule = defineContract({
  ...common,
  operationId: 'getPushRule',
  method: 'GET',
  path: '/_matrix/client/v3/pushrules/global/{kind}/{ruleId}',
  params: RuleParams,
  response: Type.Object({ rule_id: Type.String(), default: Type.Boolean(), enabled: Type.Boolean(), actions: Type.Array(Type.Unknown()) }),
});

export const deletePushRule = defineContract({
  ...common,
  operationId: 'deletePushRule',
  method: 'DELETE',
  path: '/_matrix/client/v3/pushrules/global/{kind}/{ruleId}',
  params: RuleParams,
  response: EmptyResponse,
});

/** The body (actions, conditions, pattern) is checked by the route, to answer the spec's errors. */
export const setPushRule = defineContract({
  ...common,
  operationId: 'setPushRule',
  method: 'PUT',
  path: '/_matrix/client/v3/pushrules/global/{kind}/{ruleId}',
  params: RuleParams,
  query: Type.Object({ before: Type.Optional(Type.String()), after: Type.Optional(Type.String()) }),
  body: JsonObject,
  response: EmptyResponse,
});

export const isPushRuleEnabled = defineContract({
  ...common,
  operationId: 'isPushRuleEnabled',
  method: 'GET',
  path: '/_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled',
  params: RuleParams,
  response: Type.Object({ enabled: Type.Boolean() }),
});

export const setPushRuleEnabled = defineContract({
  ...common,
  operationId: 'setPushRuleEnabled',
  method: 'PUT',
  path: '/_matrix/client/v3/pushrules/global/{kind}/{ruleId}/enabled',
  params: RuleParams,
  body: JsonObject,
  response: EmptyResponse,
});

export const getPushRuleActions = defineContract({
  ...common,
  operationId: 'getPushRuleActions',
  method: 'GET',
  path: '/_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions',
  params: RuleParams,
  response: Type.Object({ actions: Type.Array(Type.Unknown()) }),
});

export const setPushRuleActions = defineContract({
  ...common,
  operationId: 'setPushRuleActions',
  method: 'PUT',
  path: '/_matrix/client/v3/pushrules/global/{kind}/{ruleId}/actions',
  params: RuleParams,
  body: JsonObject,
  response: EmptyResponse,
});

/** Parley's bound on `limit`. */
export const MAX_NOTIFICATIONS_LIMIT = 100;

export const getNotifications = defineContract({
  ...common,
  operationId: 'getNotifications',
  method: 'GET',
  path: '/_matrix/client/v3/notifications',
  query: Type.Object({ from: Type.Optional(Type.String()), limit: Type.Optional(Type.Integer({ minimum: 0 })), only: Type.Optional(Type.String()) }),
  response: Type.Object({
    next_token: Type.Optional(Type.String()),
    notifications: Type.Array(
      Type.Object({
        actions: Type.Array(Type.Unknown()),
        event: ClientEvent,
        profile_tag: Type.Optional(Type.String()),
        read: Type.Boolean(),
        room_id: Type.String(),
        ts: Type.Integer(),
      }),
    ),
  }),
});
