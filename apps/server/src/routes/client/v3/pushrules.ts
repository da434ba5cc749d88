import { defaultPushRules } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';

export const getPushRules = defineEndpoint(contracts.getPushRules, {
  handler: async ({ auth }) => defaultPushRules(auth.userId),
});

export const getPushRulesNoSlash = defineEndpoint(contracts.getPushRulesNoSlash, {
  handler: async ({ auth }) => defaultPushRules(auth.userId),
});
