import { defaultPushRules } from '@parley/protocol';
import { defineEndpoint } from '../../../http/endpoint.ts';

export const getPushRules = defineEndpoint({
  operationId: 'getPushRules',
  method: 'GET',
  path: '/_matrix/client/v3/pushrules/',
  r0: true,
  auth: 'required',
  handler: async ({ auth }) => defaultPushRules(auth.userId),
});

export const getPushRulesNoSlash = defineEndpoint({
  operationId: 'getPushRules',
  method: 'GET',
  path: '/_matrix/client/v3/pushrules',
  r0: true,
  auth: 'required',
  handler: async ({ auth }) => defaultPushRules(auth.userId),
});
