import { contracts } from '@parley/api';
import { defineEndpoint } from '../../http/endpoint.ts';

export const getWellknown = defineEndpoint(contracts.getWellknown, {
  handler: async ({ deps }) => ({ 'm.homeserver': { base_url: deps.config.publicBaseUrl } }),
});

export const getServerWellknown = defineEndpoint(contracts.getServerWellknown, {
  handler: async ({ deps }) => {
    const url = new URL(deps.config.publicBaseUrl);
    return { 'm.server': `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}` };
  },
});
